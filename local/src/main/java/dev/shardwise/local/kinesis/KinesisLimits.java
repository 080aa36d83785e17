package dev.shardwise.local.kinesis;

/**
 * The per-shard throughput limits of Kinesis Data Streams, on by default as AWS enforces them:
 * writes up to 1 MiB/s and 1,000 records/s, reads up to 2 MiB/s and 5 GetRecords calls/s. A factor
 * scales all four (2.0 doubles them); {@link #disabled()} turns them off for benchmarks. Request
 * size limits (1 MiB per record, 500 entries and 5 MiB per PutRecords, 10,000 records and 10 MiB
 * per GetRecords) are part of the API and always apply.
 *
 * @param enabled whether throughput is limited at all
 * @param factor multiplier of the AWS limits, greater than zero
 */
public record KinesisLimits(boolean enabled, double factor) {
  public static final long MIB = 1024L * 1024L;

  public KinesisLimits {
    if (!(factor > 0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException(
          "kinesis.limits.factor must be a positive number, was " + factor);
    }
  }

  /** AWS's limits. */
  public static KinesisLimits aws() {
    return new KinesisLimits(true, 1.0);
  }

  /** AWS's limits times {@code factor}. */
  public static KinesisLimits scaled(double factor) {
    return new KinesisLimits(true, factor);
  }

  /** No throughput limits (benchmarks). */
  public static KinesisLimits disabled() {
    return new KinesisLimits(false, 1.0);
  }

  public double writeBytesPerSecond() {
    return MIB * factor;
  }

  public double writeRecordsPerSecond() {
    return 1000 * factor;
  }

  public double readBytesPerSecond() {
    return 2 * MIB * factor;
  }

  public double readCallsPerSecond() {
    return 5 * factor;
  }
}
