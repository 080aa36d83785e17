package dev.shardwise.producer.sim;

import dev.shardwise.producer.DrainReport;
import dev.shardwise.producer.KinesisPublisher;
import dev.shardwise.producer.PublishException;
import dev.shardwise.producer.PublishResult;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Sends a simulation through a publisher: paces each record to its send time, counts outcomes,
 * records the ground truth, and closes the publisher at the end. Used by {@code shardwise produce},
 * the demo and the end-to-end benchmark.
 */
public final class SimulationRunner {

  /** Waits until a record's send time (its offset from the start of the run) has come. */
  @FunctionalInterface
  public interface Pacer {
    void awaitOffset(Duration offset) throws InterruptedException;

    /** As fast as the publisher takes records (its backpressure still applies). */
    static Pacer unpaced() {
      return offset -> {};
    }

    /**
     * Real time from a given instant: a record whose offset is {@code d} is published no earlier
     * than {@code start + d} on {@code clock} (the first waits for {@code start}), so records go
     * out at their send times ({@link SimConfig#start()} plus the offset).
     */
    static Pacer from(InstantSource clock, Instant start) {
      long startMillis = start.toEpochMilli();
      return offset -> {
        long wait = startMillis + offset.toMillis() - clock.millis();
        if (wait > 0) {
          Thread.sleep(wait);
        }
      };
    }

    /** Real time: a record whose offset is {@code d} is published no earlier than start + d. */
    static Pacer realTime(InstantSource clock) {
      return new Pacer() {
        private long startMillis = Long.MIN_VALUE;

        @Override
        public void awaitOffset(Duration offset) throws InterruptedException {
          if (startMillis == Long.MIN_VALUE) {
            startMillis = clock.millis();
          }
          long wait = startMillis + offset.toMillis() - clock.millis();
          if (wait > 0) {
            Thread.sleep(wait);
          }
        }
      };
    }
  }

  /**
   * The outcome of a run.
   *
   * @param records records published
   * @param succeeded records Kinesis accepted
   * @param failed records whose future failed
   * @param sampleFailures the first few failure messages
   * @param truth the ground truth of what was published
   * @param drain what closing the publisher reported
   * @param elapsed wall time from the first publish to the end of the close
   */
  public record Result(
      long records,
      long succeeded,
      long failed,
      List<String> sampleFailures,
      GroundTruth truth,
      DrainReport drain,
      Duration elapsed) {}

  private SimulationRunner() {}

  /**
   * Runs {@code sim} through {@code publisher}, then closes the publisher with {@code
   * drainTimeout}.
   *
   * @param progress called on this thread about every 100 ms with (published, completed)
   */
  public static Result run(
      Simulator sim,
      KinesisPublisher publisher,
      Pacer pacer,
      InstantSource clock,
      Duration drainTimeout,
      BiConsumer<Long, Long> progress)
      throws InterruptedException {
    TruthRecorder truth = new TruthRecorder();
    AtomicLong succeeded = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    List<String> samples = new ArrayList<>();
    long published = 0;
    long startMillis = clock.millis();
    long lastReport = 0;
    while (sim.hasNext()) {
      SimRecord r = sim.next();
      pacer.awaitOffset(Duration.between(sim.config().start(), r.sendAt()));
      truth.record(r);
      // the exact bytes the truth was computed from (valid events are the canonical encoding)
      CompletableFuture<PublishResult> f = publisher.publish(r.partitionKey(), r.data());
      f.whenComplete(
          (ok, error) -> {
            if (error == null) {
              succeeded.incrementAndGet();
              return;
            }
            failed.incrementAndGet();
            synchronized (samples) {
              if (samples.size() < 5) {
                samples.add(
                    error instanceof PublishException pe ? pe.getMessage() : String.valueOf(error));
              }
            }
          });
      published++;
      long now = clock.millis();
      if (now - lastReport >= 100) {
        lastReport = now;
        progress.accept(published, succeeded.get() + failed.get());
      }
    }
    DrainReport drain = publisher.close(drainTimeout);
    progress.accept(published, succeeded.get() + failed.get());
    List<String> sampleCopy;
    synchronized (samples) {
      sampleCopy = List.copyOf(samples);
    }
    return new Result(
        published,
        succeeded.get(),
        failed.get(),
        sampleCopy,
        truth.truth(sim),
        drain,
        Duration.ofMillis(clock.millis() - startMillis));
  }
}
