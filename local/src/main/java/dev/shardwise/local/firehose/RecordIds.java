package dev.shardwise.local.firehose;

import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;

/** Opaque {@code RecordId}s like Firehose's: unique, random-looking, from the injected source. */
final class RecordIds {
  private final RandomGenerator random;
  private long counter;

  RecordIds(RandomGenerator random) {
    this.random = random;
  }

  private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  /** 48 lower-case hex digits: the counter, then two random longs, each zero-padded to 16. */
  synchronized String next() {
    counter++;
    byte[] b = new byte[48];
    hex(b, 0, counter);
    hex(b, 16, random.nextLong());
    hex(b, 32, random.nextLong());
    return new String(b, StandardCharsets.US_ASCII);
  }

  private static void hex(byte[] b, int at, long v) {
    for (int i = at + 15; i >= at; i--) {
      b[i] = DIGITS[(int) (v & 0xf)];
      v >>>= 4;
    }
  }
}
