package dev.shardwise.local.kinesis;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the local Kinesis endpoint, checked when built. {@link #fromMap} reads them from
 * {@code kinesis.*} keys (see the README's settings table); a bad value fails with its key.
 *
 * @param limits per-shard throughput limits ({@code kinesis.limits}, {@code kinesis.limits.factor})
 * @param maxRetainedBytesPerStream cap on the record bytes (data + partition keys) a stream keeps
 *     in memory and on disk ({@code kinesis.max-retained-bytes-per-stream}); a write past it fails
 * @param fsync when shard logs are forced to disk ({@code kinesis.fsync})
 * @param statusDelay how long a stream stays CREATING, UPDATING or DELETING ({@code
 *     kinesis.status-delay}); zero makes every change immediate
 * @param shardLimit open shards allowed across all streams ({@code kinesis.shard-limit})
 * @param region the region in stream ARNs ({@code kinesis.region})
 * @param accountId the account in stream ARNs and messages ({@code kinesis.account-id})
 */
public record KinesisConfig(
    KinesisLimits limits,
    long maxRetainedBytesPerStream,
    FsyncPolicy fsync,
    Duration statusDelay,
    int shardLimit,
    String region,
    String accountId) {

  public static final long DEFAULT_MAX_RETAINED_BYTES = 256 * KinesisLimits.MIB;

  public KinesisConfig {
    Objects.requireNonNull(limits, "kinesis.limits");
    Objects.requireNonNull(fsync, "kinesis.fsync");
    Objects.requireNonNull(statusDelay, "kinesis.status-delay");
    Objects.requireNonNull(region, "kinesis.region");
    Objects.requireNonNull(accountId, "kinesis.account-id");
    if (maxRetainedBytesPerStream < KinesisLimits.MIB) {
      throw new IllegalArgumentException(
          "kinesis.max-retained-bytes-per-stream must be at least 1 MiB, was "
              + maxRetainedBytesPerStream);
    }
    if (statusDelay.isNegative() || statusDelay.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException(
          "kinesis.status-delay must be between 0 and 10 minutes, was " + statusDelay);
    }
    if (shardLimit < 1 || shardLimit > 100_000) {
      throw new IllegalArgumentException("kinesis.shard-limit must be 1-100000, was " + shardLimit);
    }
    if (!accountId.matches("\\d{12}")) {
      throw new IllegalArgumentException(
          "kinesis.account-id must be 12 digits, was '" + accountId + "'");
    }
    if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
      throw new IllegalArgumentException("kinesis.region is not a region: '" + region + "'");
    }
  }

  /** AWS's limits, 256 MiB per stream, no fsync, immediate status changes, 500 shards. */
  public static KinesisConfig defaults() {
    return new KinesisConfig(
        KinesisLimits.aws(),
        DEFAULT_MAX_RETAINED_BYTES,
        FsyncPolicy.NEVER,
        Duration.ZERO,
        500,
        "us-east-1",
        "000000000000");
  }

  public KinesisConfig withLimits(KinesisLimits l) {
    return new KinesisConfig(
        l, maxRetainedBytesPerStream, fsync, statusDelay, shardLimit, region, accountId);
  }

  public KinesisConfig withMaxRetainedBytesPerStream(long bytes) {
    return new KinesisConfig(limits, bytes, fsync, statusDelay, shardLimit, region, accountId);
  }

  public KinesisConfig withFsync(FsyncPolicy f) {
    return new KinesisConfig(
        limits, maxRetainedBytesPerStream, f, statusDelay, shardLimit, region, accountId);
  }

  public KinesisConfig withStatusDelay(Duration d) {
    return new KinesisConfig(
        limits, maxRetainedBytesPerStream, fsync, d, shardLimit, region, accountId);
  }

  /** Reads {@code kinesis.*} keys; absent keys keep their defaults. */
  public static KinesisConfig fromMap(Map<String, String> settings) {
    KinesisConfig d = defaults();
    String limitsOn = settings.getOrDefault("kinesis.limits", "on").trim().toLowerCase(Locale.ROOT);
    if (!limitsOn.equals("on") && !limitsOn.equals("off")) {
      throw new IllegalArgumentException(
          "kinesis.limits must be 'on' or 'off', was '" + limitsOn + "'");
    }
    double factor = parseDouble(settings, "kinesis.limits.factor", 1.0);
    KinesisLimits limits =
        limitsOn.equals("off") ? KinesisLimits.disabled() : KinesisLimits.scaled(factor);
    String fsync = settings.getOrDefault("kinesis.fsync", "never").trim();
    FsyncPolicy policy;
    try {
      policy = FsyncPolicy.valueOf(fsync.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "kinesis.fsync must be 'never' or 'always', was '" + fsync + "'", e);
    }
    return new KinesisConfig(
        limits,
        parseBytes(settings, "kinesis.max-retained-bytes-per-stream", d.maxRetainedBytesPerStream),
        policy,
        parseDuration(settings, "kinesis.status-delay", d.statusDelay),
        (int) parseDouble(settings, "kinesis.shard-limit", d.shardLimit),
        settings.getOrDefault("kinesis.region", d.region).trim(),
        settings.getOrDefault("kinesis.account-id", d.accountId).trim());
  }

  private static double parseDouble(Map<String, String> s, String key, double dflt) {
    String v = s.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number, was '" + v + "'", e);
    }
  }

  /** Bytes with an optional KiB/MiB/GiB suffix: {@code 536870912}, {@code 512MiB}. */
  static long parseBytes(Map<String, String> s, String key, long dflt) {
    String v = s.get(key);
    if (v == null) {
      return dflt;
    }
    String t = v.trim().toLowerCase(Locale.ROOT);
    long unit = 1;
    for (String[] u : new String[][] {{"kib", "1024"}, {"mib", "1048576"}, {"gib", "1073741824"}}) {
      if (t.endsWith(u[0])) {
        unit = Long.parseLong(u[1]);
        t = t.substring(0, t.length() - 3).trim();
      }
    }
    try {
      return Math.multiplyExact(Long.parseLong(t), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          key + " must be a size like 268435456 or 256MiB, was '" + v + "'", e);
    }
  }

  /** A duration as ISO-8601 ({@code PT0.5S}) or with a unit: {@code 500ms}, {@code 2s}. */
  static Duration parseDuration(Map<String, String> s, String key, Duration dflt) {
    String v = s.get(key);
    if (v == null) {
      return dflt;
    }
    String t = v.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
      }
      if (t.endsWith("s") && !t.startsWith("p")) {
        return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1).trim()));
      }
      return Duration.parse(v.trim());
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          key + " must be a duration like 500ms, 2s or PT0.5S, was '" + v + "'", e);
    }
  }
}
