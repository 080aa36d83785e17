package dev.shardwise.local.firehose;

import java.time.Duration;
import java.util.Map;

/**
 * Settings of the local Firehose, checked when built.
 *
 * @param accountId the account in ARNs ({@code 000000000000})
 * @param region the region in ARNs ({@code us-east-1})
 * @param maxBufferedBytes the bytes buffered across all streams (incoming sizes) beyond which
 *     ingestion answers {@code ServiceUnavailableException} until deliveries catch up
 * @param spillSegmentBytes the size at which a Direct PUT spill file is closed and a new one opened
 * @param fsyncSpill whether each acknowledged batch is forced to disk (survives an OS crash) or
 *     only written to the OS (survives a process crash); off by default
 * @param kinesisRecordsPerCall the {@code Limit} of each {@code GetRecords} call on a source stream
 */
public record FirehoseConfig(
    String accountId,
    String region,
    long maxBufferedBytes,
    long spillSegmentBytes,
    boolean fsyncSpill,
    int kinesisRecordsPerCall) {

  public static final FirehoseConfig DEFAULTS =
      new FirehoseConfig("000000000000", "us-east-1", 512L << 20, 16L << 20, false, 10_000);

  public FirehoseConfig {
    require(
        accountId != null && accountId.matches("\\d{12}"),
        "firehose.accountId",
        "12 digits",
        accountId);
    require(
        region != null && region.matches("[a-z]{2}(-[a-z]+)+-\\d"),
        "firehose.region",
        "a region name",
        region);
    require(maxBufferedBytes >= 1 << 20, "firehose.maxBufferedBytes", ">= 1 MiB", maxBufferedBytes);
    require(spillSegmentBytes >= 4096, "firehose.spillSegmentBytes", ">= 4096", spillSegmentBytes);
    require(
        kinesisRecordsPerCall >= 1 && kinesisRecordsPerCall <= 10_000,
        "firehose.kinesisRecordsPerCall",
        "1-10000",
        kinesisRecordsPerCall);
  }

  /**
   * Reads settings from a map (environment or properties): {@code firehose.accountId}, {@code
   * firehose.region}, {@code firehose.maxBufferedBytes}, {@code firehose.spillSegmentBytes}, {@code
   * firehose.fsyncSpill}, {@code firehose.kinesisRecordsPerCall}; absent keys take {@link
   * #DEFAULTS}.
   */
  public static FirehoseConfig fromMap(Map<String, String> m) {
    return new FirehoseConfig(
        m.getOrDefault("firehose.accountId", DEFAULTS.accountId()),
        m.getOrDefault("firehose.region", DEFAULTS.region()),
        longValue(m, "firehose.maxBufferedBytes", DEFAULTS.maxBufferedBytes()),
        longValue(m, "firehose.spillSegmentBytes", DEFAULTS.spillSegmentBytes()),
        Boolean.parseBoolean(m.getOrDefault("firehose.fsyncSpill", "false")),
        (int) longValue(m, "firehose.kinesisRecordsPerCall", DEFAULTS.kinesisRecordsPerCall()));
  }

  /** How often the runtime should call {@link FirehoseService#tick()}. */
  public Duration suggestedTickInterval() {
    return Duration.ofMillis(500);
  }

  private static long longValue(Map<String, String> m, String key, long def) {
    String v = m.get(key);
    if (v == null) {
      return def;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, was '" + v + "'");
    }
  }

  private static void require(boolean ok, String key, String rule, Object value) {
    if (!ok) {
      throw new IllegalArgumentException(key + " must be " + rule + ", was " + value);
    }
  }
}
