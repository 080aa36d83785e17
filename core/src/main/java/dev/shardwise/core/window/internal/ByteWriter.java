package dev.shardwise.core.window.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable little-endian byte buffer with LEB128 varints. Not thread-safe. */
public final class ByteWriter {
  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private byte[] buf;
  private int pos;

  public ByteWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  /** Empties the buffer, keeping its capacity; returns it. */
  public ByteWriter reset() {
    pos = 0;
    return this;
  }

  public int size() {
    return pos;
  }

  public byte[] array() {
    return buf;
  }

  /** The bytes written: the buffer itself when it is exactly full, else a copy. */
  public byte[] toByteArray() {
    return pos == buf.length ? buf : Arrays.copyOf(buf, pos);
  }

  /** The number of bytes {@link #writeVarInt} writes for {@code v}. */
  public static int varIntSize(int v) {
    return v == 0 ? 1 : (32 - Integer.numberOfLeadingZeros(v) + 6) / 7;
  }

  /** Makes room for {@code extra} more bytes without growing again. */
  public void ensureCapacity(int extra) {
    ensure(extra);
  }

  private void ensure(int extra) {
    if (pos + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + extra));
    }
  }

  public void writeByte(int b) {
    ensure(1);
    buf[pos++] = (byte) b;
  }

  public void writeBytes(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, pos, len);
    pos += len;
  }

  /** Unsigned LEB128 of a non-negative or unsigned value (up to 10 bytes). */
  public void writeVarLong(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[pos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[pos++] = (byte) v;
  }

  public void writeVarInt(int v) {
    writeVarLong(v & 0xFFFFFFFFL);
  }

  /** Signed value, zig-zag encoded. */
  public void writeZigZag(long v) {
    writeVarLong((v << 1) ^ (v >> 63));
  }

  public void writeLong(long v) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buf[pos++] = (byte) (v >>> (8 * i));
    }
  }

  public void writeLongBigEndian(long v) {
    ensure(8);
    LONG_BE.set(buf, pos, v);
    pos += 8;
  }

  public void writeInt(int v) {
    ensure(4);
    for (int i = 0; i < 4; i++) {
      buf[pos++] = (byte) (v >>> (8 * i));
    }
  }

  public void writeDouble(double d) {
    writeLong(Double.doubleToRawLongBits(d));
  }

  /**
   * A double, compactly when it holds an integer of at most 2^53 in magnitude (an even varint tag
   * with the zig-zag value), otherwise the tag 1 and the 8 raw bytes. Exact for every value.
   */
  public void writeNumber(double d) {
    long l = (long) d;
    if (l == d && Math.abs(l) <= (1L << 53) && !(l == 0 && 1 / d < 0)) {
      writeVarLong(((l << 1) ^ (l >> 63)) << 1);
    } else {
      writeVarLong(1);
      writeDouble(d);
    }
  }

  /** Length-prefixed UTF-8. */
  public void writeString(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    writeVarInt(b.length);
    writeBytes(b, 0, b.length);
  }

  /**
   * Writes a string front-coded against the previous one of a list: the number of leading chars
   * they share (never splitting a surrogate pair), then the rest, length-prefixed UTF-8.
   */
  public void writeFrontCoded(String previous, String s) {
    int max = Math.min(previous.length(), s.length());
    int k = 0;
    while (k < max && previous.charAt(k) == s.charAt(k)) {
      k++;
    }
    if (k > 0 && k < s.length() && Character.isLowSurrogate(s.charAt(k))) {
      k--;
    }
    writeVarInt(k);
    int n = s.length();
    if (isAscii(s, k, n)) { // the common case: chars are the UTF-8 bytes, no copy of the rest
      writeVarInt(n - k);
      ensure(n - k);
      for (int i = k; i < n; i++) {
        buf[pos++] = (byte) s.charAt(i);
      }
    } else {
      writeString(k == 0 ? s : s.substring(k));
    }
  }

  private static boolean isAscii(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  public void writeBytesWithLength(byte[] b) {
    writeVarInt(b.length);
    writeBytes(b, 0, b.length);
  }

  /**
   * The UTF-8 length of a string, exact for the basic multilingual plane; a supplementary character
   * counts 6 bytes instead of 4, so the result is an upper bound.
   */
  public static int utf8Upper(String s) {
    int n = s.length();
    int len = n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        len += c < 0x800 ? 1 : 2;
      }
    }
    return len;
  }
}
