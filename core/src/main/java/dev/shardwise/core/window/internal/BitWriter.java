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

  /** Writes the low {@code n} bits (1..64) of every value. */
  public void writeAll(long[] values, int n) {
    if (n == 64) {
      for (long v : values) {
        write(v, n);
      }
      return;
    }
    // what write does, with the accumulator in locals
    long mask = (1L << n) - 1;
    long a = acc;
    int f = free;
    for (long v : values) {
      v &= mask;
      if (n < f) {
        a |= v << (f - n);
        f -= n;
      } else {
        int rest = n - f;
        a |= v >>> rest;
        out.writeLongBigEndian(a);
        f = 64 - rest;
        a = rest == 0 ? 0 : v << f;
      }
    }
    acc = a;
    free = f;
  }

  /** {@code count} one bits and a zero. */
  public void writeUnary(int count) {
    while (count >= 63) {
      write(-1L, 63);
      count -= 63;
    }
    write(((1L << count) - 1) << 1, count + 1);
  }

  /**
   * Writes {@code v >= 0} as an Elias-gamma code of {@code v + 1}: {@code 2 floor(log2(v + 1)) + 1}
   * bits, small for small values whatever their spread.
   */
  public void writeGamma(long v) {
    if (v < 0 || v == Long.MAX_VALUE) {
      throw new IllegalArgumentException("gamma code of " + v);
    }
    long x = v + 1;
    int width = 64 - Long.numberOfLeadingZeros(x);
    write(0, width - 1);
    write(x, width);
  }

  /**
   * Writes {@code v >= 0} as a Rice code with parameter {@code k} (0..62): the quotient {@code v
   * >>> k} in unary, then the {@code k} low bits. A quotient of {@value #RICE_ESCAPE} or more (an
   * outlier) is written as {@value #RICE_ESCAPE} ones, the bit length of {@code v} in 6 bits and
   * {@code v}, so no value costs more than 77 bits.
   */
  public void writeRice(long v, int k) {
    if (v < 0) {
      throw new IllegalArgumentException("Rice code of " + v);
    }
    long q = v >>> k;
    if (q < RICE_ESCAPE) {
      int n = (int) q + 1 + k;
      if (n < 64) { // q ones, a zero, k low bits: one write
        write((((1L << q) - 1) << (k + 1)) | (v & ((1L << k) - 1)), n);
      } else {
        writeUnary((int) q);
        write(v, k);
      }
    } else {
      write(-1L, RICE_ESCAPE);
      int width = 64 - Long.numberOfLeadingZeros(v);
      write(width, 6);
      write(v, width);
    }
  }

  /** Quotients from which {@link #writeRice} escapes to a length-prefixed value. */
  public static final int RICE_ESCAPE = 24;

  /**
   * The Rice parameter for values of mean {@code sum / count}: about {@code log2} of the mean, the
   * classic choice for geometric-like values.
   */
  public static int riceParameter(long sum, long count) {
    if (count <= 0 || sum <= count) {
      return 0;
    }
    long mean = sum / count;
    return Math.min(62, 63 - Long.numberOfLeadingZeros(mean));
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
