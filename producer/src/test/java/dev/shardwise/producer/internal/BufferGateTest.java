package dev.shardwise.producer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
}
