package dev.shardwise.core.window.internal;

import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link ByteWriter} wrote. Every read is bounds-checked: running past the end or
 * reading an impossible value throws {@link CorruptInputException} with the offset.
 */
public final class ByteReader {
  private final byte[] buf;
  private final int end;
  private int pos;
  private char[] scratch; // for readFrontCoded

  private static final int FRONT_CODED_SCRATCH = 4096;

  public ByteReader(byte[] buf, int off, int len) {
    if (off < 0 || len < 0 || off + len > buf.length) {
      throw new IllegalArgumentException("range out of bounds");
    }
    this.buf = buf;
    this.pos = off;
    this.end = off + len;
  }

  public int position() {
    return pos;
  }

  public int remaining() {
    return end - pos;
  }

  private void need(int n) {
    if (n < 0 || end - pos < n) {
      throw new CorruptInputException("truncated at offset " + pos + " (needed " + n + " bytes)");
    }
  }

  /** Skips {@code n} bytes. */
  public void skip(int n) {
    need(n);
    pos += n;
  }

  /** The array read from (for {@link BitReader}). */
  byte[] array() {
    return buf;
  }

  public int readByte() {
    need(1);
    return buf[pos++] & 0xFF;
  }

  public long readVarLong() {
    long v = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      int b = readByte();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new CorruptInputException("varint longer than 10 bytes at offset " + pos);
  }

  /** A varint that must fit a non-negative int no larger than {@code max}. */
  public int readVarInt(int max, String what) {
    long v = readVarLong();
    if (v < 0 || v > max) {
      throw new CorruptInputException(what + " out of range: " + v + " at offset " + pos);
    }
    return (int) v;
  }

  public long readZigZag() {
    long v = readVarLong();
    return (v >>> 1) ^ -(v & 1);
  }

  public long readLong() {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v |= (long) (buf[pos++] & 0xFF) << (8 * i);
    }
    return v;
  }

  public int readInt() {
    need(4);
    int v = 0;
    for (int i = 0; i < 4; i++) {
      v |= (buf[pos++] & 0xFF) << (8 * i);
    }
    return v;
  }

  public double readDouble() {
    return Double.longBitsToDouble(readLong());
  }

  /** Reads what {@link ByteWriter#writeNumber} wrote. */
  public double readNumber() {
    long tag = readVarLong();
    if ((tag & 1) == 0) {
      long z = tag >>> 1;
      return (double) ((z >>> 1) ^ -(z & 1));
    }
    if (tag != 1) {
      throw new CorruptInputException("bad number tag " + tag + " at offset " + pos);
    }
    return readDouble();
  }

  /**
   * Reads a front-coded string (see {@link ByteWriter#writeFrontCoded}): the length of the prefix
   * shared with {@code previous}, then the rest.
   */
  public String readFrontCoded(String previous, int maxBytes) {
    int shared = readVarInt(previous.length(), "shared prefix length");
    if (shared == 0) {
      return readString(maxBytes);
    }
    int at = pos;
    int n = readVarInt(maxBytes, "string length");
    need(n);
    if (n <= FRONT_CODED_SCRATCH - shared && isAscii(buf, pos, n)) {
      // the common case: one string built from the shared chars and the ASCII bytes
      char[] chars = scratch != null ? scratch : (scratch = new char[FRONT_CODED_SCRATCH]);
      previous.getChars(0, shared, chars, 0);
      for (int i = 0; i < n; i++) {
        chars[shared + i] = (char) buf[pos + i];
      }
      pos += n;
      return new String(chars, 0, shared + n);
    }
    pos = at;
    String rest = readString(maxBytes);
    return previous.substring(0, shared).concat(rest);
  }

  private static boolean isAscii(byte[] b, int from, int len) {
    for (int i = from; i < from + len; i++) {
      if (b[i] < 0) {
        return false;
      }
    }
    return true;
  }

  public String readString(int maxBytes) {
    int n = readVarInt(maxBytes, "string length");
    need(n);
    String s = new String(buf, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  public byte[] readBytesWithLength(int maxBytes) {
    int n = readVarInt(maxBytes, "byte string length");
    need(n);
    byte[] out = new byte[n];
    System.arraycopy(buf, pos, out, 0, n);
    pos += n;
    return out;
  }

  public void readFully(byte[] dst, int off, int len) {
    need(len);
    System.arraycopy(buf, pos, dst, off, len);
    pos += len;
  }
}
