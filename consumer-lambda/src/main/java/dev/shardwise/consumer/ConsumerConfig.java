package dev.shardwise.consumer;

import dev.shardwise.consumer.internal.Settings;
import dev.shardwise.consumer.sink.RetryPolicy;
import dev.shardwise.core.detect.DetectorSettings;
import dev.shardwise.core.window.StateBudget;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The consumer's settings, read once at init from environment variables and validated then: an
 * invalid value fails the init with the variable's name. The README's consumer section lists them
 * with their defaults.
 *
 * @param pageViewsStream delivery stream of {@code page_views} rows
 * @param anomaliesStream delivery stream of {@code anomalies} rows
 * @param rejectsStream delivery stream of {@code rejects} rows
 * @param stateBucket S3 bucket of the per-shard state objects
 * @param statePrefix key prefix of those objects ({@code <prefix><stream>/<shard>})
 * @param stateBudgetChars largest window state handed back to Lambda, in base64 characters
 * @param lateGrace a minute is flagged late when it ended more than this before the window started
 * @param dedupWindows how many earlier windows' event ids a window also treats as counted
 * @param emitRetry Firehose backoff and time limit per call
 * @param region AWS region of the clients
 * @param endpoint endpoint override for every client (the local endpoints), if any
 * @param httpTimeout connect and read timeout of the HTTP client
 * @param metricsNamespace CloudWatch namespace of the EMF metrics
 * @param detectorSettings settings of the standard detectors, empty when detection is off
 */
public record ConsumerConfig(
    String pageViewsStream,
    String anomaliesStream,
    String rejectsStream,
    String stateBucket,
    String statePrefix,
    long stateBudgetChars,
    Duration lateGrace,
    int dedupWindows,
    RetryPolicy emitRetry,
    String region,
    Optional<URI> endpoint,
    Duration httpTimeout,
    String metricsNamespace,
    Optional<DetectorSettings> detectorSettings) {

  public static final String PAGE_VIEWS_STREAM = "SHARDWISE_PAGE_VIEWS_STREAM";
  public static final String ANOMALIES_STREAM = "SHARDWISE_ANOMALIES_STREAM";
  public static final String REJECTS_STREAM = "SHARDWISE_REJECTS_STREAM";
  public static final String STATE_BUCKET = "SHARDWISE_STATE_BUCKET";
  public static final String STATE_PREFIX = "SHARDWISE_STATE_PREFIX";
  public static final String STATE_BUDGET_CHARS = "SHARDWISE_STATE_BUDGET_CHARS";
  public static final String LATE_GRACE = "SHARDWISE_LATE_GRACE";
  public static final String DEDUP_WINDOWS = "SHARDWISE_DEDUP_WINDOWS";
  public static final String EMIT_MAX_TIME = "SHARDWISE_EMIT_MAX_TIME";
  public static final String EMIT_BASE_DELAY = "SHARDWISE_EMIT_BASE_DELAY";
  public static final String EMIT_MAX_DELAY = "SHARDWISE_EMIT_MAX_DELAY";
  public static final String ENDPOINT = "SHARDWISE_ENDPOINT_URL";
  public static final String HTTP_TIMEOUT = "SHARDWISE_HTTP_TIMEOUT";
  public static final String METRICS_NAMESPACE = "SHARDWISE_METRICS_NAMESPACE";
  public static final String REGION = "AWS_REGION";
  public static final String DETECT_ENABLED = "SHARDWISE_DETECT_ENABLED";
  public static final String DETECT_WARMUP_WINDOWS = "SHARDWISE_DETECT_WARMUP_WINDOWS";
  public static final String DETECT_EVICT_AFTER = "SHARDWISE_DETECT_EVICT_AFTER";
  public static final String DETECT_THRESHOLD = "SHARDWISE_DETECT_THRESHOLD";
  public static final String DETECT_MIN_RATIO = "SHARDWISE_DETECT_MIN_RATIO";
  public static final String DETECT_RCF_THRESHOLD = "SHARDWISE_DETECT_RCF_THRESHOLD";
  public static final String DETECT_MAX_KEYS = "SHARDWISE_DETECT_MAX_KEYS";

  private static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,64}");
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern PREFIX = Pattern.compile("([A-Za-z0-9!_.*'()/-]{0,512})");
  private static final Pattern REGION_NAME = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
  private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_./#:-]{1,255}");

  public ConsumerConfig {
    Objects.requireNonNull(pageViewsStream, "pageViewsStream");
    Objects.requireNonNull(anomaliesStream, "anomaliesStream");
    Objects.requireNonNull(rejectsStream, "rejectsStream");
    Objects.requireNonNull(stateBucket, "stateBucket");
    Objects.requireNonNull(statePrefix, "statePrefix");
    Objects.requireNonNull(lateGrace, "lateGrace");
    Objects.requireNonNull(emitRetry, "emitRetry");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(httpTimeout, "httpTimeout");
    Objects.requireNonNull(metricsNamespace, "metricsNamespace");
    Objects.requireNonNull(detectorSettings, "detectorSettings");
  }

  /** Reads and validates the settings; {@link ConfigException} names the first bad variable. */
  public static ConsumerConfig fromEnvironment(Map<String, String> env) {
    Settings s = new Settings(env);
    String stream = "a delivery stream name (1-64 of A-Z a-z 0-9 _ . -)";
    Optional<URI> endpoint = s.uri(ENDPOINT);
    String region =
        endpoint.isPresent()
            ? s.string(REGION, "us-east-1", REGION_NAME, "an AWS region like us-east-1")
            : s.optional(REGION)
                .map(r -> s.string(REGION, r, REGION_NAME, "an AWS region like us-east-1"))
                .orElseThrow(
                    () ->
                        new ConfigException(
                            REGION, "is not set (Lambda sets it; set it or " + ENDPOINT + ")"));
    Duration baseDelay =
        s.duration(
            EMIT_BASE_DELAY, Duration.ofMillis(100), Duration.ofMillis(1), Duration.ofSeconds(10));
    Duration maxDelay =
        s.duration(
            EMIT_MAX_DELAY, Duration.ofSeconds(2), Duration.ofMillis(1), Duration.ofMinutes(1));
    if (maxDelay.compareTo(baseDelay) < 0) {
      throw new ConfigException(EMIT_MAX_DELAY, "must be at least " + EMIT_BASE_DELAY);
    }
    Duration maxTime =
        s.duration(EMIT_MAX_TIME, Duration.ofSeconds(20), Duration.ZERO, Duration.ofMinutes(10));
    return new ConsumerConfig(
        s.string(PAGE_VIEWS_STREAM, "shardwise-page-views", STREAM_NAME, stream),
        s.string(ANOMALIES_STREAM, "shardwise-anomalies", STREAM_NAME, stream),
        s.string(REJECTS_STREAM, "shardwise-rejects", STREAM_NAME, stream),
        s.string(STATE_BUCKET, "shardwise-state", BUCKET, "an S3 bucket name"),
        s.string(STATE_PREFIX, "consumer-state/", PREFIX, "an S3 key prefix (safe characters)"),
        s.longValue(STATE_BUDGET_CHARS, StateBudget.DEFAULT_MAX_CHARS, 16_384, 1_000_000),
        s.duration(LATE_GRACE, Duration.ZERO, Duration.ZERO, Duration.ofDays(1)),
        (int) s.longValue(DEDUP_WINDOWS, 1, 0, 10),
        new RetryPolicy(baseDelay, maxDelay, maxTime),
        region,
        endpoint,
        s.duration(
            HTTP_TIMEOUT, Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(2)),
        s.string(METRICS_NAMESPACE, "Shardwise", NAMESPACE, "a CloudWatch namespace"),
        detectorSettings(s));
  }

  private static Optional<DetectorSettings> detectorSettings(Settings s) {
    DetectorSettings d = DetectorSettings.defaults();
    boolean enabled = s.booleanValue(DETECT_ENABLED, true);
    DetectorSettings read =
        new DetectorSettings(
            (int) s.longValue(DETECT_WARMUP_WINDOWS, d.warmupWindows(), 1, 1000),
            s.duration(
                DETECT_EVICT_AFTER, d.evictAfter(), Duration.ofMinutes(1), Duration.ofDays(30)),
            s.doubleValue(DETECT_THRESHOLD, d.threshold(), 3, 50),
            s.doubleValue(DETECT_MIN_RATIO, d.minRatio(), 1, 100),
            s.doubleValue(DETECT_RCF_THRESHOLD, d.rcfThreshold(), 0.5, 10),
            (int) s.longValue(DETECT_MAX_KEYS, d.maxKeys(), 100, 1_000_000));
    return enabled ? Optional.of(read) : Optional.empty();
  }
}
