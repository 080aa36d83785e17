package dev.shardwise.core.kpl;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/** Seeded byte-level mutations of aggregates, for fuzzing. */
final class Mutations {
  private Mutations() {}

  /** The protobuf body of a framed aggregate (between magic and MD5). */
  static byte[] body(byte[] aggregate) {
    return Arrays.copyOfRange(aggregate, 4, aggregate.length - 16);
  }

  /**
   * Applies 1 to 4 random edits to {@code bytes}: flip a bit, overwrite a byte with a value that
   * often matters to protobuf (0x00, 0x7F, 0x80, 0xFF, a tag), insert a byte, delete a byte, or
   * duplicate a slice.
   */
  static byte[] mutate(byte[] bytes, RandomGenerator random) {
    byte[] out = bytes;
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits; e++) {
      out = edit(out, random);
    }
    return out;
  }

  private static byte[] edit(byte[] in, RandomGenerator random) {
    if (in.length == 0) {
      return new byte[] {(byte) random.nextInt(256)};
    }
    int at = random.nextInt(in.length);
    byte[] interesting = {0x00, 0x7F, (byte) 0x80, (byte) 0xFF, 0x08, 0x0A, 0x10, 0x12, 0x1A, 0x22};
    switch (random.nextInt(5)) {
      case 0 -> {
        byte[] out = in.clone();
        out[at] ^= (byte) (1 << random.nextInt(8));
        return out;
      }
      case 1 -> {
        byte[] out = in.clone();
        out[at] = interesting[random.nextInt(interesting.length)];
        return out;
      }
      case 2 -> {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(in, 0, at);
        out.write(random.nextInt(256));
        out.write(in, at, in.length - at);
        return out.toByteArray();
      }
      case 3 -> {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(in, 0, at);
        out.write(in, at + 1, in.length - at - 1);
        return out.toByteArray();
      }
      default -> {
        int len = 1 + random.nextInt(Math.min(32, in.length - at));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(in, 0, at + len);
        out.write(in, at, in.length - at);
        return out.toByteArray();
      }
    }
  }
}
