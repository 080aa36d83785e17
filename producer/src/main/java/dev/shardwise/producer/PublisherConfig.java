package dev.shardwise.producer;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Settings of a {@link KinesisPublisher}, immutable and checked when built: an invalid value fails
 * with its key in the message. The keys of {@link #fromMap} are the names in the README's settings
 * table.
 *
 * @param streamName the stream to write (key {@code stream}); required
 * @param aggregation pack events into KPL aggregates per shard ({@code aggregation}, default false)
 * @param linger how long a record may wait for a fuller batch ({@code linger}, 100ms)
 * @param recordTtl how long after publish a record may still be retried ({@code record-ttl}, 30s)
 * @param backpressure what publish does when the buffer is full ({@code backpressure}, BLOCK)
 * @param blockTimeout longest wait for room in BLOCK mode ({@code block-timeout}, 10s)
 * @param maxBufferedRecords records published and not yet completed ({@code max-buffered-records},
 *     100000)
 * @param maxBufferedBytes their bytes ({@code max-buffered-bytes}, 64 MiB)
 * @param shardRecordsPerSecond per-shard records/s token bucket, 0 = off ({@code
 *     shard-records-per-second}, 1000: the Kinesis shard limit)
 * @param shardBytesPerSecond per-shard bytes/s token bucket, 0 = off ({@code
 *     shard-bytes-per-second}, 1048576: the Kinesis shard limit)
 * @param maxBatchRecords entries per PutRecords ({@code max-batch-records}, 500, at most 500)
 * @param maxBatchBytes bytes per PutRecords ({@code max-batch-bytes}, 5 MiB, at most 5 MiB)
 * @param aggregationMaxBytes size of one aggregate ({@code aggregation-max-bytes}, 51200 like the
 *     KPL; at most 1 MiB - 1 KiB so data plus partition key fit one Kinesis record)
 * @param backoffBase first retry delay ceiling ({@code backoff-base}, 100ms)
 * @param backoffMax largest retry delay ceiling ({@code backoff-max}, 5s)
 * @param requestTimeout a PutRecords call without an answer by then counts as a transient failure
 *     ({@code request-timeout}, 30s)
 * @param maxRequestsInFlight concurrent PutRecords calls ({@code max-requests-in-flight}, 32)
 * @param shardMapRefreshInterval how often ListShards runs even without a sign of resharding
 *     ({@code shard-map-refresh-interval}, 60s)
 */
public record PublisherConfig(
    String streamName,
    boolean aggregation,
    Duration linger,
    Duration recordTtl,
    Backpressure backpressure,
    Duration blockTimeout,
    int maxBufferedRecords,
    long maxBufferedBytes,
    int shardRecordsPerSecond,
    long shardBytesPerSecond,
    int maxBatchRecords,
    long maxBatchBytes,
    int aggregationMaxBytes,
    Duration backoffBase,
    Duration backoffMax,
    Duration requestTimeout,
    int maxRequestsInFlight,
    Duration shardMapRefreshInterval) {

  /** Kinesis: at most 500 entries per PutRecords. */
  public static final int KINESIS_MAX_BATCH_RECORDS = 500;

  /** Kinesis: at most 5 MiB per PutRecords. */
  public static final long KINESIS_MAX_BATCH_BYTES = 5L * 1024 * 1024;

  /** Kinesis: data plus partition key of one record at most 1 MiB. */
  public static final int KINESIS_MAX_RECORD_BYTES = 1024 * 1024;

  private static final Set<String> KEYS =
      Set.of(
          "stream",
          "aggregation",
          "linger",
          "record-ttl",
          "backpressure",
          "block-timeout",
          "max-buffered-records",
          "max-buffered-bytes",
          "shard-records-per-second",
          "shard-bytes-per-second",
          "max-batch-records",
          "max-batch-bytes",
          "aggregation-max-bytes",
          "backoff-base",
          "backoff-max",
          "request-timeout",
          "max-requests-in-flight",
          "shard-map-refresh-interval");

  public PublisherConfig {
    require(streamName != null && !streamName.isBlank(), "stream", "is required");
    require(
        streamName.length() <= 128 && streamName.matches("[a-zA-Z0-9_.-]+"),
        "stream",
        "must be 1-128 of [a-zA-Z0-9_.-], was '" + streamName + "'");
    positive(linger, "linger", true);
    positive(recordTtl, "record-ttl", false);
    require(
        recordTtl.compareTo(linger) > 0,
        "record-ttl",
        "must be longer than linger (" + linger + ")");
    Objects.requireNonNull(backpressure, "backpressure");
    positive(blockTimeout, "block-timeout", true);
    require(maxBufferedRecords >= 1, "max-buffered-records", "must be >= 1");
    require(
        maxBufferedBytes >= KINESIS_MAX_RECORD_BYTES,
        "max-buffered-bytes",
        "must be >= 1 MiB (one record)");
    require(shardRecordsPerSecond >= 0, "shard-records-per-second", "must be >= 0 (0 = off)");
    require(shardBytesPerSecond >= 0, "shard-bytes-per-second", "must be >= 0 (0 = off)");
    require(
        maxBatchRecords >= 1 && maxBatchRecords <= KINESIS_MAX_BATCH_RECORDS,
        "max-batch-records",
        "must be 1-500");
    require(
        maxBatchBytes >= KINESIS_MAX_RECORD_BYTES && maxBatchBytes <= KINESIS_MAX_BATCH_BYTES,
        "max-batch-bytes",
        "must be 1-5 MiB");
    require(
        aggregationMaxBytes >= 1024 && aggregationMaxBytes <= KINESIS_MAX_RECORD_BYTES - 1024,
        "aggregation-max-bytes",
        "must be 1024-1047552");
    positive(backoffBase, "backoff-base", false);
    positive(backoffMax, "backoff-max", false);
    require(backoffMax.compareTo(backoffBase) >= 0, "backoff-max", "must be >= backoff-base");
    positive(requestTimeout, "request-timeout", false);
    require(
        maxRequestsInFlight >= 1 && maxRequestsInFlight <= 10_000,
        "max-requests-in-flight",
        "must be 1-10000");
    positive(shardMapRefreshInterval, "shard-map-refresh-interval", false);
  }

  /** A builder with the defaults, for this stream. */
  public static Builder builder(String streamName) {
    return new Builder().streamName(streamName);
  }

  /** A copy changed by {@code change}. */
  public PublisherConfig with(Consumer<Builder> change) {
    Builder b = new Builder(this);
    change.accept(b);
    return b.build();
  }

  /**
   * Settings from a string map (keys as in the README settings table); absent keys keep their
   * defaults, unknown keys fail.
   */
  public static PublisherConfig fromMap(Map<String, String> settings) {
    for (String key : settings.keySet()) {
      require(KEYS.contains(key), key, "is not a publisher setting; known: " + KEYS);
    }
    Builder b = new Builder();
    b.streamName(settings.get("stream"));
    settings.forEach((key, value) -> apply(b, key, value));
    return b.build();
  }

  private static void apply(Builder b, String key, String v) {
    switch (key) {
      case "stream" -> {}
      case "aggregation" -> b.aggregation(bool(key, v));
      case "linger" -> b.linger(Durations.parse(key, v));
      case "record-ttl" -> b.recordTtl(Durations.parse(key, v));
      case "backpressure" -> b.backpressure(backpressure(key, v));
      case "block-timeout" -> b.blockTimeout(Durations.parse(key, v));
      case "max-buffered-records" -> b.maxBufferedRecords((int) number(key, v));
      case "max-buffered-bytes" -> b.maxBufferedBytes(number(key, v));
      case "shard-records-per-second" -> b.shardRecordsPerSecond((int) number(key, v));
      case "shard-bytes-per-second" -> b.shardBytesPerSecond(number(key, v));
      case "max-batch-records" -> b.maxBatchRecords((int) number(key, v));
      case "max-batch-bytes" -> b.maxBatchBytes(number(key, v));
      case "aggregation-max-bytes" -> b.aggregationMaxBytes((int) number(key, v));
      case "backoff-base" -> b.backoffBase(Durations.parse(key, v));
      case "backoff-max" -> b.backoffMax(Durations.parse(key, v));
      case "request-timeout" -> b.requestTimeout(Durations.parse(key, v));
      case "max-requests-in-flight" -> b.maxRequestsInFlight((int) number(key, v));
      case "shard-map-refresh-interval" -> b.shardMapRefreshInterval(Durations.parse(key, v));
      default -> throw new IllegalArgumentException(key + ": unknown setting");
    }
  }

  private static boolean bool(String key, String v) {
    String t = v == null ? "" : v.trim().toLowerCase(Locale.ROOT);
    require(t.equals("true") || t.equals("false"), key, "must be true or false, was '" + v + "'");
    return t.equals("true");
  }

  private static long number(String key, String v) {
    try {
      long n = Long.parseLong(v.trim());
      require(
          n <= Integer.MAX_VALUE || key.endsWith("bytes") || key.endsWith("second"),
          key,
          "too large");
      return n;
    } catch (NumberFormatException | NullPointerException e) {
      throw new IllegalArgumentException(key + ": must be an integer, was '" + v + "'", e);
    }
  }

  private static Backpressure backpressure(String key, String v) {
    String t = v == null ? "" : v.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    try {
      return Backpressure.valueOf(t);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": must be block or fail-fast, was '" + v + "'", e);
    }
  }

  private static void positive(Duration d, String key, boolean zeroAllowed) {
    require(d != null, key, "is required");
    require(
        zeroAllowed ? !d.isNegative() : !d.isNegative() && !d.isZero(),
        key,
        zeroAllowed ? "must be >= 0, was " + d : "must be > 0, was " + d);
  }

  private static void require(boolean ok, String key, String message) {
    if (!ok) {
      throw new IllegalArgumentException(key + ": " + message);
    }
  }

  /**
   * Builds a {@link PublisherConfig}; every setter takes the value as is, {@link #build} checks.
   */
  public static final class Builder {
    private String streamName;
    private boolean aggregation = false;
    private Duration linger = Duration.ofMillis(100);
    private Duration recordTtl = Duration.ofSeconds(30);
    private Backpressure backpressure = Backpressure.BLOCK;
    private Duration blockTimeout = Duration.ofSeconds(10);
    private int maxBufferedRecords = 100_000;
    private long maxBufferedBytes = 64L * 1024 * 1024;
    private int shardRecordsPerSecond = 1000;
    private long shardBytesPerSecond = 1024L * 1024;
    private int maxBatchRecords = KINESIS_MAX_BATCH_RECORDS;
    private long maxBatchBytes = KINESIS_MAX_BATCH_BYTES;
    private int aggregationMaxBytes = 51_200;
    private Duration backoffBase = Duration.ofMillis(100);
    private Duration backoffMax = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private int maxRequestsInFlight = 32;
    private Duration shardMapRefreshInterval = Duration.ofSeconds(60);

    private Builder() {}

    private Builder(PublisherConfig c) {
      streamName = c.streamName;
      aggregation = c.aggregation;
      linger = c.linger;
      recordTtl = c.recordTtl;
      backpressure = c.backpressure;
      blockTimeout = c.blockTimeout;
      maxBufferedRecords = c.maxBufferedRecords;
      maxBufferedBytes = c.maxBufferedBytes;
      shardRecordsPerSecond = c.shardRecordsPerSecond;
      shardBytesPerSecond = c.shardBytesPerSecond;
      maxBatchRecords = c.maxBatchRecords;
      maxBatchBytes = c.maxBatchBytes;
      aggregationMaxBytes = c.aggregationMaxBytes;
      backoffBase = c.backoffBase;
      backoffMax = c.backoffMax;
      requestTimeout = c.requestTimeout;
      maxRequestsInFlight = c.maxRequestsInFlight;
      shardMapRefreshInterval = c.shardMapRefreshInterval;
    }

    public Builder streamName(String v) {
      streamName = v;
      return this;
    }

    public Builder aggregation(boolean v) {
      aggregation = v;
      return this;
    }

    public Builder linger(Duration v) {
      linger = v;
      return this;
    }

    public Builder recordTtl(Duration v) {
      recordTtl = v;
      return this;
    }

    public Builder backpressure(Backpressure v) {
      backpressure = v;
      return this;
    }

    public Builder blockTimeout(Duration v) {
      blockTimeout = v;
      return this;
    }

    public Builder maxBufferedRecords(int v) {
      maxBufferedRecords = v;
      return this;
    }

    public Builder maxBufferedBytes(long v) {
      maxBufferedBytes = v;
      return this;
    }

    public Builder shardRecordsPerSecond(int v) {
      shardRecordsPerSecond = v;
      return this;
    }

    public Builder shardBytesPerSecond(long v) {
      shardBytesPerSecond = v;
      return this;
    }

    public Builder maxBatchRecords(int v) {
      maxBatchRecords = v;
      return this;
    }

    public Builder maxBatchBytes(long v) {
      maxBatchBytes = v;
      return this;
    }

    public Builder aggregationMaxBytes(int v) {
      aggregationMaxBytes = v;
      return this;
    }

    public Builder backoffBase(Duration v) {
      backoffBase = v;
      return this;
    }

    public Builder backoffMax(Duration v) {
      backoffMax = v;
      return this;
    }

    public Builder requestTimeout(Duration v) {
      requestTimeout = v;
      return this;
    }

    public Builder maxRequestsInFlight(int v) {
      maxRequestsInFlight = v;
      return this;
    }

    public Builder shardMapRefreshInterval(Duration v) {
      shardMapRefreshInterval = v;
      return this;
    }

    public PublisherConfig build() {
      return new PublisherConfig(
          streamName,
          aggregation,
          linger,
          recordTtl,
          backpressure,
          blockTimeout,
          maxBufferedRecords,
          maxBufferedBytes,
          shardRecordsPerSecond,
          shardBytesPerSecond,
          maxBatchRecords,
          maxBatchBytes,
          aggregationMaxBytes,
          backoffBase,
          backoffMax,
          requestTimeout,
          maxRequestsInFlight,
          shardMapRefreshInterval);
    }
  }
}
