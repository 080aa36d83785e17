package dev.shardwise.consumer.sink;

import java.time.Duration;

/** Waits; injected so tests do not sleep. */
@FunctionalInterface
public interface Sleeper {
  Sleeper SYSTEM = d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);

  void sleep(Duration d) throws InterruptedException;
}
