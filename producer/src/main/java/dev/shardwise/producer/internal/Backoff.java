package dev.shardwise.producer.internal;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: the delay before attempt {@code n + 1} is uniform in {@code
 * [0, min(max, base * 2^(n-1))]} (the AWS Architecture Blog's "full jitter"). The random source is
 * injected so tests are reproducible. Not thread-safe.
 */
public final class Backoff {
  private final long baseNanos;
  private final long maxNanos;
  private final RandomGenerator random;

  public Backoff(Duration base, Duration max, RandomGenerator random) {
    this.baseNanos = base.toNanos();
    this.maxNanos = max.toNanos();
    this.random = random;
    if (baseNanos <= 0 || maxNanos < baseNanos) {
      throw new IllegalArgumentException("need 0 < base <= max, was " + base + ", " + max);
    }
  }

  /** The ceiling of the delay after {@code failedAttempts} failures (at least 1). */
  public long ceilingNanos(int failedAttempts) {
    int shift = Math.min(Math.max(failedAttempts, 1) - 1, 40);
    long ceiling = baseNanos << shift;
    return ceiling <= 0 || ceiling > maxNanos ? maxNanos : ceiling;
  }

  /** A delay drawn uniformly from {@code [0, ceilingNanos(failedAttempts)]}. */
  public long delayNanos(int failedAttempts) {
    return random.nextLong(ceilingNanos(failedAttempts) + 1);
  }
}
