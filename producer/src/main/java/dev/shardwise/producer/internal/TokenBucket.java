package dev.shardwise.producer.internal;

/**
 * Two token buckets in one: records per second and bytes per second, each holding at most one
 * second of tokens. A cost larger than a bucket's capacity is admitted when that bucket is full and
 * leaves it in debt, so an entry larger than one second of budget is delayed, never stuck. A rate
 * of zero disables that bucket. Not thread-safe: one lane, one thread.
 */
public final class TokenBucket {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final double recordsPerSecond;
  private final double bytesPerSecond;
  private double records;
  private double bytes;
  private long lastRefillNanos;

  public TokenBucket(double recordsPerSecond, double bytesPerSecond, long nowNanos) {
    if (recordsPerSecond < 0 || bytesPerSecond < 0) {
      throw new IllegalArgumentException("rates must be >= 0");
    }
    this.recordsPerSecond = recordsPerSecond;
    this.bytesPerSecond = bytesPerSecond;
    this.records = recordsPerSecond;
    this.bytes = bytesPerSecond;
    this.lastRefillNanos = nowNanos;
  }

  /** Takes the tokens for one entry if both buckets admit it now. */
  public boolean tryAcquire(int recordCost, long byteCost, long nowNanos) {
    refill(nowNanos);
    if (!admits(records, recordsPerSecond, recordCost)
        || !admits(bytes, bytesPerSecond, byteCost)) {
      return false;
    }
    if (recordsPerSecond > 0) {
      records -= recordCost;
    }
    if (bytesPerSecond > 0) {
      bytes -= byteCost;
    }
    return true;
  }

  /** The earliest time at which {@link #tryAcquire} with these costs can succeed. */
  public long nanosUntilAvailable(int recordCost, long byteCost, long nowNanos) {
    refill(nowNanos);
    long wait =
        Math.max(
            wait(records, recordsPerSecond, recordCost), wait(bytes, bytesPerSecond, byteCost));
    return wait;
  }

  /** Records that could be taken now (unbounded when the records bucket is disabled). */
  public long availableRecords(long nowNanos) {
    refill(nowNanos);
    return recordsPerSecond == 0 ? Long.MAX_VALUE : (long) Math.max(0, records);
  }

  /** Bytes that could be taken now (unbounded when the bytes bucket is disabled). */
  public long availableBytes(long nowNanos) {
    refill(nowNanos);
    return bytesPerSecond == 0 ? Long.MAX_VALUE : (long) Math.max(0, bytes);
  }

  private void refill(long nowNanos) {
    long elapsed = nowNanos - lastRefillNanos;
    if (elapsed <= 0) {
      return;
    }
    lastRefillNanos = nowNanos;
    records = Math.min(recordsPerSecond, records + elapsed * recordsPerSecond / NANOS_PER_SECOND);
    bytes = Math.min(bytesPerSecond, bytes + elapsed * bytesPerSecond / NANOS_PER_SECOND);
  }

  private static boolean admits(double tokens, double rate, double cost) {
    return rate == 0 || tokens >= Math.min(cost, rate);
  }

  private static long wait(double tokens, double rate, double cost) {
    if (rate == 0) {
      return 0;
    }
    double needed = Math.min(cost, rate) - tokens;
    if (needed <= 0) {
      return 0;
    }
    return (long) Math.ceil(needed / rate * NANOS_PER_SECOND);
  }
}
