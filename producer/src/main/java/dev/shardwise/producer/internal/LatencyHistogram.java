package dev.shardwise.producer.internal;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Latencies in log-linear microsecond buckets (8 per power of two, so a percentile is within
 * 12.5%). Thread-safe and allocation-free when recording.
 */
public final class LatencyHistogram {
  private static final int SUB_BITS = 3;
  private static final int SUB = 1 << SUB_BITS;
  private final AtomicLongArray buckets = new AtomicLongArray(64 * SUB);
  private final LongAdder count = new LongAdder();
  private final LongAdder sumMicros = new LongAdder();
  private volatile long maxMicros;

  public void record(long nanos) {
    long micros = Math.max(0, nanos / 1000);
    buckets.incrementAndGet(index(micros));
    count.increment();
    sumMicros.add(micros);
    if (micros > maxMicros) {
      synchronized (this) {
        if (micros > maxMicros) {
          maxMicros = micros;
        }
      }
    }
  }

  static int index(long micros) {
    if (micros < SUB) {
      return (int) micros;
    }
    int msb = 63 - Long.numberOfLeadingZeros(micros);
    int sub = (int) ((micros >>> (msb - SUB_BITS)) & (SUB - 1));
    return (msb - SUB_BITS + 1) * SUB + sub;
  }

  /** The upper bound, in microseconds, of the values in bucket {@code i}. */
  static long upperBound(int i) {
    if (i < SUB) {
      return i;
    }
    int msb = i / SUB + SUB_BITS - 1;
    int sub = i % SUB;
    return ((long) (SUB + sub + 1) << (msb - SUB_BITS)) - 1;
  }

  public long count() {
    return count.sum();
  }

  public double meanMillis() {
    long n = count.sum();
    return n == 0 ? 0 : sumMicros.sum() / 1000.0 / n;
  }

  public double maxMillis() {
    return maxMicros / 1000.0;
  }

  /** The {@code q}-quantile (0-1) in milliseconds, 0 when empty. */
  public double percentileMillis(double q) {
    long n = count.sum();
    if (n == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(q * n);
    long seen = 0;
    for (int i = 0; i < buckets.length(); i++) {
      seen += buckets.get(i);
      if (seen >= rank) {
        return Math.min(upperBound(i), maxMicros) / 1000.0;
      }
    }
    return maxMillis();
  }
}
