package dev.shardwise.core.window.internal;

/**
 * Writes bits, most significant first, into a {@link ByteWriter}, eight bytes at a time. Call
 * {@link #flush()} at the end: it writes only the bytes that hold bits.
 */
public final class BitWriter {
  private final ByteWriter out;
  private long acc;
  private int free = 64; // unused low bits of acc

  public BitWriter(ByteWriter out) {
    this.out = out;
  }

  /** Writes the low {@code n} bits of {@code value}, 0 <= n <= 64. */
  public void write(long value, int n) {
    if (n == 0) {
      return;
    }
    if (n < 64) {
      value &= (1L << n) - 1;
    }
    if (n < free) {
      acc |= value << (free - n);
      free -= n;
      return;
    }
    int rest = n - free; // bits that do not fit, 0..63
    acc |= value >>> rest;
    out.writeLongBigEndian(acc);
    free = 64 - rest;
    acc = rest == 0 ? 0 : value << free;
  }

  /** {@code count} one bits and a zero. */
  public void writeUnary(int count) {
    while (count >= 63) {
      write(-1L, 63);
      count -= 63;
    }
    write(((1L << count) - 1) << 1, count + 1);
  }

  /** Writes the bytes that hold bits, the last one padded with zeros. */
  public void flush() {
    int used = 64 - free;
    for (int shift = 56; used > 0; shift -= 8, used -= 8) {
      out.writeByte((int) (acc >>> shift));
    }
    acc = 0;
    free = 64;
  }
}
