package dev.shardwise.infra;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The deployment's own settings, read once from CDK context ({@code cdk deploy -c key=value} or
 * {@code cdk.json}) and validated then. Everything else the stack builds comes from the shared
 * definitions (stream, event source mapping, delivery streams, tables, alarms); the settings here
 * only override what differs per deployment. {@code infra/README.md} lists them with defaults.
 *
 * @param streamMode {@code PROVISIONED} or {@code ON_DEMAND}; empty: the stream definition's mode
 * @param shardCount provisioned shards; empty: the stream definition's count
 * @param retentionHours stream retention; empty: the stream definition's retention
 * @param bytesScannedCutoff Athena workgroup limit per query, in bytes (Athena's minimum 10 MB)
 * @param consumerJar the consumer Lambda's shaded jar (built by {@code consumer-lambda})
 * @param rawEventsInfrequentAccessDays age at which archived raw events move to S3 Standard-IA
 * @param rejectsExpirationDays age at which archived rejects and Firehose error output expire
 * @param athenaResultsExpirationDays age at which Athena query results expire
 */
public record StackSettings(
    Optional<StreamMode> streamMode,
    Optional<Integer> shardCount,
    Optional<Integer> retentionHours,
    long bytesScannedCutoff,
    Path consumerJar,
    int rawEventsInfrequentAccessDays,
    int rejectsExpirationDays,
    int athenaResultsExpirationDays) {

  public static final String STREAM_MODE = "shardwise:streamMode";
  public static final String SHARD_COUNT = "shardwise:shardCount";
  public static final String RETENTION_HOURS = "shardwise:retentionHours";
  public static final String BYTES_SCANNED_CUTOFF_MB = "shardwise:bytesScannedCutoffMB";
  public static final String CONSUMER_JAR = "shardwise:consumerJar";
  public static final String RAW_EVENTS_IA_DAYS = "shardwise:rawEventsInfrequentAccessDays";
  public static final String REJECTS_EXPIRATION_DAYS = "shardwise:rejectsExpirationDays";
  public static final String RESULTS_EXPIRATION_DAYS = "shardwise:athenaResultsExpirationDays";

  /** Where {@code consumer-lambda}'s build leaves the shaded jar, relative to {@code infra/}. */
  public static final String DEFAULT_CONSUMER_JAR = "../consumer-lambda/target/consumer-lambda.jar";

  /** Kinesis capacity modes. */
  public enum StreamMode {
    PROVISIONED,
    ON_DEMAND
  }

  public StackSettings {
    Objects.requireNonNull(streamMode, "streamMode");
    Objects.requireNonNull(shardCount, "shardCount");
    Objects.requireNonNull(retentionHours, "retentionHours");
    Objects.requireNonNull(consumerJar, "consumerJar");
    shardCount.ifPresent(n -> requireRange(SHARD_COUNT, n, 1, 500));
    retentionHours.ifPresent(n -> requireRange(RETENTION_HOURS, n, 24, 8760));
    if (bytesScannedCutoff < 10_000_000L) {
      throw new SettingsException(
          BYTES_SCANNED_CUTOFF_MB, "must be at least 10 (Athena's minimum cutoff is 10 MB)");
    }
    if (streamMode.orElse(null) == StreamMode.ON_DEMAND && shardCount.isPresent()) {
      throw new SettingsException(
          SHARD_COUNT, "cannot be set with " + STREAM_MODE + "=ON_DEMAND (Kinesis sizes it)");
    }
    requireRange(RAW_EVENTS_IA_DAYS, rawEventsInfrequentAccessDays, 30, 3650);
    requireRange(REJECTS_EXPIRATION_DAYS, rejectsExpirationDays, 1, 3650);
    requireRange(RESULTS_EXPIRATION_DAYS, athenaResultsExpirationDays, 1, 3650);
  }

  /** The defaults: everything from the shared definitions, 1 GB per query, the built jar. */
  public static StackSettings defaults() {
    return fromContext(key -> null);
  }

  /**
   * Reads the settings from context values (strings, or numbers from {@code cdk.json}).
   *
   * @throws SettingsException naming the first bad key
   */
  public static StackSettings fromContext(Function<String, Object> context) {
    return new StackSettings(
        text(context, STREAM_MODE).map(StackSettings::mode),
        text(context, SHARD_COUNT).map(v -> integer(SHARD_COUNT, v)),
        text(context, RETENTION_HOURS).map(v -> integer(RETENTION_HOURS, v)),
        text(context, BYTES_SCANNED_CUTOFF_MB)
                .map(v -> (long) integer(BYTES_SCANNED_CUTOFF_MB, v))
                .orElse(1_000L)
            * 1_000_000L,
        Path.of(text(context, CONSUMER_JAR).orElse(DEFAULT_CONSUMER_JAR)),
        text(context, RAW_EVENTS_IA_DAYS).map(v -> integer(RAW_EVENTS_IA_DAYS, v)).orElse(30),
        text(context, REJECTS_EXPIRATION_DAYS)
            .map(v -> integer(REJECTS_EXPIRATION_DAYS, v))
            .orElse(30),
        text(context, RESULTS_EXPIRATION_DAYS)
            .map(v -> integer(RESULTS_EXPIRATION_DAYS, v))
            .orElse(7));
  }

  private static Optional<String> text(Function<String, Object> context, String key) {
    Object v = context.apply(key);
    if (v == null || v.toString().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(v.toString().trim());
  }

  private static StreamMode mode(String v) {
    try {
      return StreamMode.valueOf(v);
    } catch (IllegalArgumentException e) {
      throw new SettingsException(STREAM_MODE, "'" + v + "' is not PROVISIONED or ON_DEMAND");
    }
  }

  private static int integer(String key, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new SettingsException(key, "'" + v + "' is not a whole number");
    }
  }

  private static void requireRange(String key, int v, int min, int max) {
    if (v < min || v > max) {
      throw new SettingsException(key, v + " is outside " + min + ".." + max);
    }
  }
}
