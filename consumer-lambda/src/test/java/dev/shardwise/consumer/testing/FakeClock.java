package dev.shardwise.consumer.testing;

import dev.shardwise.consumer.sink.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A monotonic clock that only moves when something sleeps on it. */
public final class FakeClock implements Sleeper {
  private long nanos;
  private final List<Duration> sleeps = new ArrayList<>();

  public long nanoTime() {
    return nanos;
  }

  @Override
  public void sleep(Duration d) {
    sleeps.add(d);
    nanos += d.toNanos();
  }

  public void advance(Duration d) {
    nanos += d.toNanos();
  }

  public List<Duration> sleeps() {
    return sleeps;
  }
}
