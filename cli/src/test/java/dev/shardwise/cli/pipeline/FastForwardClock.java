package dev.shardwise.cli.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * A clock that runs {@code speed} times faster than real time from {@code origin}: what a run on a
 * fast-forwarded clock gives the runtime, the mapping, Firehose, the consumer and the alarms. Real
 * waits (poll ticks, Firehose ticks, HTTP) stay real, so each lasts {@code speed} times longer on
 * this clock; keep {@code speed} low enough that the pipeline's real work per window fits.
 * Monotonic and thread-safe.
 */
final class FastForwardClock implements InstantSource {
  private final Instant origin;
  private final long originNanos;
  private final int speed;

  FastForwardClock(Instant origin, int speed) {
    if (speed < 1) {
      throw new IllegalArgumentException("speed must be at least 1, was " + speed);
    }
    this.origin = origin;
    this.speed = speed;
    this.originNanos = System.nanoTime();
  }

  @Override
  public Instant instant() {
    return origin.plusNanos((System.nanoTime() - originNanos) * speed);
  }

  int speed() {
    return speed;
  }

  /** The real time that {@code d} of this clock takes. */
  Duration real(Duration d) {
    return d.dividedBy(speed);
  }

  /** Sleeps (really) until this clock reads {@code t}. */
  void sleepUntil(Instant t) throws InterruptedException {
    while (true) {
      long nanos = Duration.between(instant(), t).toNanos() / speed;
      if (nanos <= 0) {
        return;
      }
      Thread.sleep(Math.max(1, nanos / 1_000_000), (int) (nanos % 1_000_000));
    }
  }
}
