package dev.shardwise.producer.internal;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies in log-linear microsecond buckets (8 per power of two, so a percentile is within
 * 12.5%). One writer (the publisher's I/O thread records), any number of readers: a record is plain
 * reads and release-ordered writes, no locked instruction; readers see each count whole and at most
 * a few records behind. Allocation-free when recording.
 */
public final class LatencyHistogram {
  private static final int SUB_BITS = 3;
  private static final int SUB = 1 << SUB_BITS;
  private static final int BUCKETS = 64 * SUB;
  private static final int COUNT = BUCKETS;
  private static final int SUM_MICROS = BUCKETS + 1;
  private static final int MAX_MICROS = BUCKETS + 2;

  // the buckets, then the count, the sum and the maximum
  private final AtomicLongArray cells = new AtomicLongArray(BUCKETS + 3);

  /** Records one latency. Only one thread may call it: the updates are not atomic increments. */
  public void record(long nanos) {
    long micros = Math.max(0, nanos / 1000);
    int i = index(micros);
    cells.setRelease(i, cells.getPlain(i) + 1);
    cells.setRelease(SUM_MICROS, cells.getPlain(SUM_MICROS) + micros);
    cells.setRelease(COUNT, cells.getPlain(COUNT) + 1);
    if (micros > cells.getPlain(MAX_MICROS)) {
      cells.setRelease(MAX_MICROS, micros);
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
    return cells.get(COUNT);
  }

  public double meanMillis() {
    long n = count();
    return n == 0 ? 0 : cells.get(SUM_MICROS) / 1000.0 / n;
  }

  public double maxMillis() {
    return cells.get(MAX_MICROS) / 1000.0;
  }

  /** The {@code q}-quantile (0-1) in milliseconds, 0 when empty. */
  public double percentileMillis(double q) {
    long n = count();
    if (n == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(q * n);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += cells.get(i);
      if (seen >= rank) {
        return Math.min(upperBound(i), cells.get(MAX_MICROS)) / 1000.0;
      }
    }
    return maxMillis();
  }
}
