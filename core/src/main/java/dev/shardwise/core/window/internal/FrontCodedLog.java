package dev.shardwise.core.window.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The encoding of a list of strings that only grows (a dictionary in first-seen order), kept up to
 * date as strings are appended, so that writing it is one copy instead of a walk over every string
 * (which, scattered over the heap, cost more than encoding them): per string the number of leading
 * UTF-8 bytes it shares with the previous one and the rest, length-prefixed. {@link #writeTo}
 * writes the count and those bytes. Not thread-safe.
 */
public final class FrontCodedLog {
  private static final byte[] EMPTY = new byte[0];

  private final ByteWriter bytes;
  private byte[] previous = EMPTY;
  private int count;

  public FrontCodedLog(int initialBytes) {
    bytes = new ByteWriter(initialBytes);
  }

  /** Appends a string. */
  public void append(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    int shared = Arrays.mismatch(previous, b);
    if (shared < 0) {
      shared = b.length; // equal: not in a dictionary, but still exact
    }
    bytes.writeVarInt(shared);
    bytes.writeVarInt(b.length - shared);
    bytes.writeBytes(b, shared, b.length - shared);
    previous = b;
    count++;
  }

  /**
   * Appends {@code n} strings already encoded as this log encodes them (the {@code len} bytes at
   * {@code off} of {@code src}), the last of which has the UTF-8 bytes {@code last[0..lastLength)};
   * only for an empty log.
   */
  private void appendEncoded(byte[] src, int off, int len, int n, byte[] last, int lastLength) {
    if (count != 0) {
      throw new IllegalStateException("appendEncoded on a log of " + count + " strings");
    }
    bytes.writeBytes(src, off, len);
    previous = n == 0 ? EMPTY : Arrays.copyOf(last, lastLength);
    count = n;
  }

  /**
   * Reads {@code out.length} strings written by {@link #writeTo} (after its count) into {@code
   * out}; returns the log of them.
   *
   * @param maxBytes the longest string allowed, in UTF-8 bytes
   * @param what what the strings are, for messages ("page")
   */
  public static FrontCodedLog read(ByteReader in, String[] out, int maxBytes, String what) {
    int from = in.position();
    byte[] b = new byte[256];
    int length = 0;
    String sharedWhat = what + " shared prefix length";
    String lengthWhat = what + " length";
    for (int i = 0; i < out.length; i++) {
      int shared = in.readVarInt(length, sharedWhat);
      int rest = in.readVarInt(maxBytes - shared, lengthWhat);
      if (shared + rest > b.length) {
        b = Arrays.copyOf(b, Math.max(shared + rest, b.length * 2));
      }
      in.readFully(b, shared, rest);
      length = shared + rest;
      out[i] = new String(b, 0, length, StandardCharsets.UTF_8);
    }
    int len = in.position() - from;
    FrontCodedLog log = new FrontCodedLog(len + len / 4);
    log.appendEncoded(in.array(), from, len, out.length, b, length);
    return log;
  }

  /** Writes the count (varint) and the strings. */
  public void writeTo(ByteWriter out) {
    out.writeVarInt(count);
    out.writeBytes(bytes.array(), 0, bytes.size());
  }
}
