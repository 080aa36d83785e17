package dev.shardwise.consumer.sink;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: before retry {@code n} (1, 2, ...) wait a uniformly random
 * time in {@code [0, min(maxDelay, baseDelay * 2^(n-1))]}; give up when the next wait would end
 * after {@code maxTotal} since the first attempt.
 */
public record RetryPolicy(Duration baseDelay, Duration maxDelay, Duration maxTotal) {

  public RetryPolicy {
    Objects.requireNonNull(baseDelay, "baseDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    Objects.requireNonNull(maxTotal, "maxTotal");
    if (baseDelay.isNegative() || baseDelay.isZero()) {
      throw new IllegalArgumentException("base delay must be positive");
    }
    if (maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException("max delay must be at least the base delay");
    }
    if (maxTotal.isNegative()) {
      throw new IllegalArgumentException("max total time must not be negative");
    }
  }

  /** The wait before retry {@code n >= 1}, drawn from {@code random}. */
  public Duration delayBefore(int retry, RandomGenerator random) {
    long base = baseDelay.toNanos();
    int shift = Math.min(retry - 1, 40);
    long cap = base > (maxDelay.toNanos() >> shift) ? maxDelay.toNanos() : base << shift;
    return Duration.ofNanos(random.nextLong(cap + 1));
  }
}
