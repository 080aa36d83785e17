package dev.shardwise.producer.internal;

import dev.shardwise.producer.Ticker;
import java.time.Duration;

/** A clock that moves only when told. */
final class FakeTicker implements Ticker {
  private long nanos = 1_000_000_000L;

  @Override
  public long nanos() {
    return nanos;
  }

  long advance(Duration d) {
    nanos += d.toNanos();
    return nanos;
  }
}
