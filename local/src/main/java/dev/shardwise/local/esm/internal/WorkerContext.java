package dev.shardwise.local.esm.internal;

import dev.shardwise.local.esm.FaultPlan;
import dev.shardwise.local.esm.MappingSettings;
import java.time.Duration;
import java.time.InstantSource;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What every shard poller of one mapping shares.
 *
 * @param onFailure where discarded batches' descriptions go, or {@code null} for no destination
 * @param filter which records reach the function (FilterCriteria); the others are skipped
 * @param pollInterval the least time between reads of a shard that is caught up
 * @param retryDelay the pause before retrying a failed invocation
 */
public record WorkerContext(
    MappingSettings settings,
    InstantSource clock,
    Sleeper sleeper,
    EventJson events,
    CheckpointStore checkpoints,
    FaultPlan faults,
    Consumer<String> onFailure,
    Supplier<String> requestIds,
    String functionArn,
    String streamArn,
    Duration pollInterval,
    Duration retryDelay,
    Telemetry telemetry,
    Consumer<String> errorLog,
    Predicate<PolledRecord> filter) {

  /** Waits (real time in production, a fake clock's time in tests). */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  /** Told about every invocation, for the metrics Lambda publishes. */
  @FunctionalInterface
  public interface Telemetry {
    void invoked(long nanos, boolean error, long iteratorAgeMs);

    Telemetry NONE = (n, e, a) -> {};
  }
}
