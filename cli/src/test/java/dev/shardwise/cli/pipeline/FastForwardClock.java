package dev.shardwise.cli.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * A clock that runs {@link #speed()} times faster than real time: what a run on a fast-forwarded
 * clock gives the runtime, the mapping, Firehose, the consumer and the alarms. It starts at 1x (so
 * a pipeline starts up in real time) and {@link #speed(int)} changes the rate from then on. Real
 * waits (poll ticks, Firehose ticks, HTTP) stay real, so each lasts {@code speed} times longer on
 * this clock; keep the speed low enough that the pipeline's real work per window fits. Monotonic
 * and thread-safe.
 */
final class FastForwardClock implements InstantSource {
  /**
   * From {@code origin} at {@code originNanos} (System.nanoTime), {@code speed} times real time.
   */
  private record Segment(Instant origin, long originNanos, int speed) {
    Instant at(long nanos) {
      return origin.plusNanos((nanos - originNanos) * speed);
    }
  }

  private volatile Segment segment;

  FastForwardClock(Instant origin) {
    this.segment = new Segment(origin, System.nanoTime(), 1);
  }

  @Override
  public Instant instant() {
    return segment.at(System.nanoTime());
  }

  int speed() {
    return segment.speed();
  }

  /** From now on, runs {@code speed} times faster than real time. */
  synchronized void speed(int speed) {
    if (speed < 1) {
      throw new IllegalArgumentException("speed must be at least 1, was " + speed);
    }
    long now = System.nanoTime();
    segment = new Segment(segment.at(now), now, speed);
  }

  /** The real time that {@code d} of this clock takes at the current speed. */
  Duration real(Duration d) {
    return d.dividedBy(speed());
  }

  /** Sleeps (really) until this clock reads {@code t}, whatever the speed meanwhile. */
  void sleepUntil(Instant t) throws InterruptedException {
    while (true) {
      long nanos = Duration.between(instant(), t).toNanos() / speed();
      if (nanos <= 0) {
        return;
      }
      // at most 50 ms at a time, so that a change of speed takes effect
      Thread.sleep(Math.min(50, Math.max(1, nanos / 1_000_000)));
    }
  }
}
