package dev.shardwise.producer;

/**
 * A monotonic nanosecond clock, injected so tests control time (Caffeine's {@code Ticker}). Only
 * differences between two readings mean anything.
 */
@FunctionalInterface
public interface Ticker {

  /** Nanoseconds since an arbitrary, fixed origin. */
  long nanos();

  /** {@link System#nanoTime()}. */
  static Ticker system() {
    return System::nanoTime;
  }
}
