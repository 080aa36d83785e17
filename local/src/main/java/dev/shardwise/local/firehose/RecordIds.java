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
    StringBuilder b = new StringBuilder(48);
    hex(b, counter);
    hex(b, random.nextLong());
    hex(b, random.nextLong());
    return b.toString();
  }

  private static void hex(StringBuilder b, long v) {
    String h = Long.toHexString(v);
    for (int i = h.length(); i < 16; i++) {
      b.append('0');
    }
    b.append(h);
  }
}
