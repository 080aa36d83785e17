package dev.shardwise.producer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BufferGateTest {

  @Test
  void bounds_recordsAndBytes_butAlwaysAdmitsIntoAnEmptyGate() {
    BufferGate gate = new BufferGate(2, 1000);
    assertThat(gate.tryAcquire(5000)).as("empty gate: one large record goes through").isTrue();
    assertThat(gate.tryAcquire(1)).isFalse();
    gate.release(5000);
    assertThat(gate.tryAcquire(400)).isTrue();
    assertThat(gate.tryAcquire(400)).isTrue();
    assertThat(gate.tryAcquire(1)).as("record bound").isFalse();
    gate.release(400);
    assertThat(gate.tryAcquire(700)).as("byte bound").isFalse();
    assertThat(gate.records()).isEqualTo(1);
    assertThat(gate.bytes()).isEqualTo(400);
  }

  @Test
  void awaitEmpty_waitsThroughItsWholeTimeout_untilTheLastRelease() throws Exception {
    BufferGate gate = new BufferGate(10, 1000);
    gate.tryAcquire(10);
    CountDownLatch waiting = new CountDownLatch(1);
    CompletableFuture<Boolean> drained =
        CompletableFuture.supplyAsync(
            () -> {
              waiting.countDown();
              try {
                return gate.awaitEmpty(TimeUnit.SECONDS.toNanos(30));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    waiting.await();
    // well past the 50 ms poll slice: a wait that forgot its deadline would have given up
    assertThat(drained).failsWithin(300, TimeUnit.MILLISECONDS);
    gate.release(10);
    assertThat(drained.get(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void manyThreads_neverHoldMoreThanTheBounds_andEveryPlaceComesBack() throws Exception {
    int maxRecords = 8;
    long maxBytes = 1000;
    BufferGate gate = new BufferGate(maxRecords, maxBytes);
    AtomicInteger heldRecords = new AtomicInteger();
    AtomicLong heldBytes = new AtomicLong();
    AtomicInteger overRecords = new AtomicInteger();
    AtomicInteger overBytes = new AtomicInteger();
    AtomicInteger admitted = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    int threads = 6;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      SplittableRandom random = new SplittableRandom(t);
      boolean blocking = t % 2 == 0;
      Thread w =
          new Thread(
              () -> {
                try {
                  start.await();
                  for (int i = 0; i < 20_000; i++) {
                    int size = 1 + random.nextInt(300);
                    boolean in =
                        blocking
                            ? gate.acquire(size, TimeUnit.MILLISECONDS.toNanos(200))
                            : gate.tryAcquire(size);
                    if (!in) {
                      refused.incrementAndGet();
                      continue;
                    }
                    admitted.incrementAndGet();
                    // what this test's holders hold: the gate never admits past its bounds
                    if (heldRecords.incrementAndGet() > maxRecords) {
                      overRecords.incrementAndGet();
                    }
                    if (heldBytes.addAndGet(size) > maxBytes + 300) {
                      overBytes.incrementAndGet();
                    }
                    heldBytes.addAndGet(-size);
                    heldRecords.decrementAndGet();
                    gate.release(size);
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      w.start();
      workers.add(w);
    }
    CompletableFuture<Boolean> drained =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                start.await();
                return gate.awaitEmpty(TimeUnit.SECONDS.toNanos(60))
                    && waitAll(workers)
                    && gate.awaitEmpty(TimeUnit.SECONDS.toNanos(10));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    start.countDown();
    assertThat(drained.get(90, TimeUnit.SECONDS)).isTrue();
    assertThat(overRecords.get()).as("times more than %d records were held", maxRecords).isZero();
    assertThat(overBytes.get()).as("times more bytes than the bound were held").isZero();
    assertThat(admitted.get() + refused.get()).isEqualTo(threads * 20_000);
    assertThat(admitted.get()).isGreaterThan(threads * 20_000 / 2);
    assertThat(gate.records()).isZero();
    assertThat(gate.bytes()).isZero();
  }

  @Test
  void aBlockedAcquire_goesOnAtTheRelease_notAtItsTimeout() throws Exception {
    BufferGate gate = new BufferGate(1, 1000);
    assertThat(gate.tryAcquire(10)).isTrue();
    CountDownLatch waiting = new CountDownLatch(1);
    CompletableFuture<Long> admittedAfter =
        CompletableFuture.supplyAsync(
            () -> {
              waiting.countDown();
              long t0 = System.nanoTime();
              try {
                return gate.acquire(10, TimeUnit.SECONDS.toNanos(30)) ? System.nanoTime() - t0 : -1;
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    waiting.await();
    assertThat(admittedAfter).failsWithin(100, TimeUnit.MILLISECONDS);
    gate.release(10);
    assertThat(admittedAfter.get(10, TimeUnit.SECONDS)).isBetween(0L, TimeUnit.SECONDS.toNanos(5));
    assertThat(gate.records()).isEqualTo(1);
  }

  private static boolean waitAll(List<Thread> threads) throws InterruptedException {
    for (Thread t : threads) {
      t.join();
    }
    return true;
  }
}
