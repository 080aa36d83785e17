package dev.shardwise.local.esm;

import dev.shardwise.consumer.definitions.EventSourceMappingDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The settings of one event source mapping, checked against Lambda's limits for Kinesis sources
 * when built (each broken rule names its parameter).
 *
 * @param batchSize 1..10,000 records per invocation (and at most 6 MB of event payload)
 * @param maximumBatchingWindow 0..300 s to gather records before invoking
 * @param parallelizationFactor 1..10 concurrent batches per shard (order kept per partition key)
 * @param startingPosition where a shard without a checkpoint starts
 * @param startingPositionTimestamp for {@link StartingPosition#AT_TIMESTAMP} only
 * @param tumblingWindow 0 (none) .. 900 s
 * @param reportBatchItemFailures whether {@code batchItemFailures} in a response is honoured
 * @param bisectBatchOnFunctionError split a failed batch in two and retry the halves
 * @param maximumRetryAttempts -1 (until the record expires) .. 10,000
 * @param maximumRecordAge {@code null} (infinite, -1) or 60 s .. 7 days
 * @param onFailureQueue the SQS queue name for discarded batches, or {@code null}
 * @param filterPatterns FilterCriteria patterns (JSON strings); empty: every record
 */
public record MappingSettings(
    int batchSize,
    Duration maximumBatchingWindow,
    int parallelizationFactor,
    StartingPosition startingPosition,
    Instant startingPositionTimestamp,
    Duration tumblingWindow,
    boolean reportBatchItemFailures,
    boolean bisectBatchOnFunctionError,
    int maximumRetryAttempts,
    Duration maximumRecordAge,
    String onFailureQueue,
    List<String> filterPatterns) {

  /** Lambda's {@code StartingPosition} for Kinesis. */
  public enum StartingPosition {
    TRIM_HORIZON,
    LATEST,
    AT_TIMESTAMP
  }

  public MappingSettings {
    Objects.requireNonNull(maximumBatchingWindow, "maximumBatchingWindow");
    Objects.requireNonNull(startingPosition, "startingPosition");
    Objects.requireNonNull(tumblingWindow, "tumblingWindow");
    filterPatterns = filterPatterns == null ? List.of() : List.copyOf(filterPatterns);
    List<String> errors = new ArrayList<>();
    check(errors, batchSize >= 1 && batchSize <= 10_000, "BatchSize must be 1..10000");
    check(
        errors,
        !maximumBatchingWindow.isNegative()
            && maximumBatchingWindow.compareTo(Duration.ofSeconds(300)) <= 0,
        "MaximumBatchingWindowInSeconds must be 0..300");
    check(
        errors,
        parallelizationFactor >= 1 && parallelizationFactor <= 10,
        "ParallelizationFactor must be 1..10");
    check(
        errors,
        (startingPosition == StartingPosition.AT_TIMESTAMP) == (startingPositionTimestamp != null),
        "StartingPositionTimestamp must be set exactly when StartingPosition is AT_TIMESTAMP");
    check(
        errors,
        !tumblingWindow.isNegative() && tumblingWindow.compareTo(Duration.ofSeconds(900)) <= 0,
        "TumblingWindowInSeconds must be 0..900");
    check(
        errors,
        maximumRetryAttempts >= -1 && maximumRetryAttempts <= 10_000,
        "MaximumRetryAttempts must be -1..10000");
    check(
        errors,
        maximumRecordAge == null
            || (maximumRecordAge.compareTo(Duration.ofSeconds(60)) >= 0
                && maximumRecordAge.compareTo(Duration.ofDays(7)) <= 0),
        "MaximumRecordAgeInSeconds must be -1 or 60..604800");
    check(errors, filterPatterns.size() <= 5, "FilterCriteria holds at most 5 filters");
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid event source mapping: " + String.join("; ", errors));
    }
  }

  private static void check(List<String> errors, boolean ok, String message) {
    if (!ok) {
      errors.add(message);
    }
  }

  /** The settings of a shared definition ({@code event-source-mapping.json}). */
  public static MappingSettings from(EventSourceMappingDefinition d) {
    return new MappingSettings(
        d.batchSize(),
        d.maximumBatchingWindow(),
        d.parallelizationFactor(),
        StartingPosition.valueOf(d.startingPosition()),
        null,
        d.tumblingWindow(),
        d.reportsBatchItemFailures(),
        d.bisectBatchOnFunctionError(),
        d.maximumRetryAttempts(),
        d.maximumRecordAgeInSeconds() < 0 ? null : d.maximumRecordAge(),
        d.destinationConfig() == null || d.destinationConfig().onFailure() == null
            ? null
            : d.onFailureQueue(),
        List.of());
  }

  /** Whether the function uses tumbling windows. */
  public boolean windowed() {
    return !tumblingWindow.isZero();
  }

  public MappingSettings withBatchSize(int n) {
    return new MappingSettings(
        n,
        maximumBatchingWindow,
        parallelizationFactor,
        startingPosition,
        startingPositionTimestamp,
        tumblingWindow,
        reportBatchItemFailures,
        bisectBatchOnFunctionError,
        maximumRetryAttempts,
        maximumRecordAge,
        onFailureQueue,
        filterPatterns);
  }

  /** The same settings with tumbling windows of {@code window} (0 .. 900 s). */
  public MappingSettings withTumblingWindow(Duration window) {
    return new MappingSettings(
        batchSize,
        maximumBatchingWindow,
        parallelizationFactor,
        startingPosition,
        startingPositionTimestamp,
        window,
        reportBatchItemFailures,
        bisectBatchOnFunctionError,
        maximumRetryAttempts,
        maximumRecordAge,
        onFailureQueue,
        filterPatterns);
  }

  public MappingSettings withStartingPosition(StartingPosition p, Instant timestamp) {
    return new MappingSettings(
        batchSize,
        maximumBatchingWindow,
        parallelizationFactor,
        p,
        timestamp,
        tumblingWindow,
        reportBatchItemFailures,
        bisectBatchOnFunctionError,
        maximumRetryAttempts,
        maximumRecordAge,
        onFailureQueue,
        filterPatterns);
  }

  public MappingSettings withFilterPatterns(List<String> patterns) {
    return new MappingSettings(
        batchSize,
        maximumBatchingWindow,
        parallelizationFactor,
        startingPosition,
        startingPositionTimestamp,
        tumblingWindow,
        reportBatchItemFailures,
        bisectBatchOnFunctionError,
        maximumRetryAttempts,
        maximumRecordAge,
        onFailureQueue,
        patterns);
  }
}
