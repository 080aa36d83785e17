package dev.shardwise.local.firehose;

import java.util.random.RandomGenerator;

/** Opaque {@code RecordId}s like Firehose's: unique, random-looking, from the injected source. */
final class RecordIds {
  private final RandomGenerator random;
  private long counter;

  RecordIds(RandomGenerator random) {
    this.random = random;
  }

  synchronized String next() {
    counter++;
    return String.format("%016x%016x%016x", counter, random.nextLong(), random.nextLong());
  }
}
