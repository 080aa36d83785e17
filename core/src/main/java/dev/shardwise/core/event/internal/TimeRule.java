package dev.shardwise.core.event.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The contract's time rule: an event time at most {@code maxAge} before and at most {@code
 * maxAhead} after the arrival time, both bounds inclusive. Immutable; compares without allocating.
 *
 * @param maxAge how old an event may be at arrival
 * @param maxAhead how far in the future (clock skew) an event may be at arrival
 */
public record TimeRule(Duration maxAge, Duration maxAhead) {

  public TimeRule {
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(maxAhead, "maxAhead");
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("maxAge must not be negative, got " + maxAge);
    }
    if (maxAhead.isNegative()) {
      throw new IllegalArgumentException("maxAhead must not be negative, got " + maxAhead);
    }
  }

  /** Whether {@code time} is inside the window around {@code arrival} ({@link #check} is null). */
  public boolean allows(Instant time, Instant arrival) {
    return !exceeds(arrival, time, maxAge) && !exceeds(time, arrival, maxAhead);
  }

  /** Null when {@code time} is inside the window around {@code arrival}, else why not. */
  public String check(Instant time, Instant arrival) {
    if (exceeds(arrival, time, maxAge)) {
      return "field 'time': "
          + time
          + " is "
          + Text.duration(Duration.between(time, arrival))
          + " before the arrival time "
          + arrival
          + " (at most "
          + Text.duration(maxAge)
          + ")";
    }
    if (exceeds(time, arrival, maxAhead)) {
      return "field 'time': "
          + time
          + " is "
          + Text.duration(Duration.between(arrival, time))
          + " after the arrival time "
          + arrival
          + " (at most "
          + Text.duration(maxAhead)
          + ")";
    }
    return null;
  }

  /** Whether {@code later - earlier > limit}. Instants span far less than a long of seconds. */
  private static boolean exceeds(Instant later, Instant earlier, Duration limit) {
    long seconds = later.getEpochSecond() - earlier.getEpochSecond();
    int nanos = later.getNano() - earlier.getNano();
    if (nanos < 0) {
      nanos += 1_000_000_000;
      seconds--;
    }
    return seconds > limit.getSeconds()
        || (seconds == limit.getSeconds() && nanos > limit.getNano());
  }
}
