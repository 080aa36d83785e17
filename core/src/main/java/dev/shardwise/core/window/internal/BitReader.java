package dev.shardwise.core.window.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads what {@link BitWriter} wrote: exactly {@code byteLength} bytes taken from a {@link
 * ByteReader} (which moves past them at once), so whatever follows the bit stream stays readable.
 * Reads 64-bit words at bit offsets, so a read costs a few operations, not a loop over bytes.
 */
public final class BitReader {
  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final byte[] buf;
  private final int start;
  private final long endBit;
  private long bit; // absolute bit position in buf

  public BitReader(ByteReader in, int byteLength) {
    if (byteLength < 0 || byteLength > in.remaining()) {
      throw new CorruptInputException(
          "bit stream of " + byteLength + " bytes truncated at offset " + in.position());
    }
    this.buf = in.array();
    this.start = in.position();
    this.bit = (long) start * 8;
    this.endBit = (long) (start + byteLength) * 8;
    in.skip(byteLength);
  }

  /** Reads {@code n} bits, 0 <= n <= 64. */
  public long read(int n) {
    if (n == 0) {
      return 0;
    }
    if (n > 56) {
      long hi = read(n - 32);
      return (hi << 32) | read(32);
    }
    if (bit + n > endBit) {
      throw new CorruptInputException("bit stream truncated at offset " + (bit >>> 3));
    }
    int at = (int) (bit >>> 3);
    long word = word(at);
    long v = (word << (bit & 7)) >>> (64 - n);
    bit += n;
    return v;
  }

  /**
   * Reads {@code dst.length} values of {@code n} bits (0..64) each, ORing each into its element.
   */
  public void orAll(long[] dst, int n) {
    if (bit + (long) n * dst.length > endBit) {
      throw new CorruptInputException("bit stream truncated at offset " + (bit >>> 3));
    }
    if (n == 0 || n > 56) {
      for (int i = 0; i < dst.length; i++) {
        dst[i] |= read(n);
      }
      return;
    }
    long b = bit;
    int end = (int) (endBit >>> 3);
    int shift = 64 - n;
    for (int i = 0; i < dst.length; i++) {
      int at = (int) (b >>> 3);
      long w = at + 8 <= end ? (long) LONG_BE.get(buf, at) : word(at);
      dst[i] |= (w << (b & 7)) >>> shift;
      b += n;
    }
    bit = b;
  }

  /**
   * Reads {@code starts.length - 1} unary codes (what {@link BitWriter#writeUnary} wrote), a word
   * at a time: sets {@code starts[0] = 0} and {@code starts[i + 1] = starts[i] + count i}, and for
   * each of the count of code {@code i} the next element of {@code owners} to {@code (long) i <<
   * shift} (0 when {@code shift} is 64).
   *
   * @throws CorruptInputException when the counts add up to more than {@code owners.length}
   */
  public void readUnaryCodes(int[] starts, long[] owners, int shift) {
    // Bit by bit, not code by code: in a window of the stream, a zero at position z ends a code
    // (the ones before it in the window tell where), and a one at position p belongs to the code
    // that started the window plus the zeros before p. No loop runs per code, so the many short
    // codes cost no mispredicted loop exits.
    int codes = starts.length - 1;
    int max = owners.length;
    long step = shift >= 64 ? 0 : 1L << shift;
    long b = bit;
    int k = 0;
    int code = 0;
    starts[0] = 0;
    while (code < codes) {
      if (b >= endBit) {
        throw new CorruptInputException("bit stream truncated at offset " + (b >>> 3));
      }
      int off = (int) (b & 7);
      long w = word((int) (b >>> 3)) << off;
      int avail = (int) Math.min(64 - off, endBit - b);
      long valid = -1L << (64 - avail);
      long ones = w & valid;
      long zeros = ~w & valid;
      int used = avail;
      int first = code;
      while (zeros != 0) {
        int z = Long.numberOfLeadingZeros(zeros);
        zeros ^= Long.MIN_VALUE >>> z;
        starts[++code] = k + (z == 0 ? 0 : Long.bitCount(ones >>> (64 - z)));
        if (code == codes) {
          used = z + 1;
          ones &= -1L << (63 - z);
          break;
        }
      }
      if (Long.bitCount(ones) > max - k) {
        throw new CorruptInputException("unary counts above " + max);
      }
      for (int j = 0; ones != 0; j++) {
        int p = Long.numberOfLeadingZeros(ones);
        ones ^= Long.MIN_VALUE >>> p;
        owners[k++] = (first + p - j) * step;
      }
      b += used;
    }
    bit = b;
  }

  /** The 8 bytes at {@code at}, big-endian, zero past the end of the stream. */
  private long word(int at) {
    int end = (int) (endBit >>> 3);
    if (at + 8 <= end) {
      return (long) LONG_BE.get(buf, at);
    }
    long w = 0;
    for (int i = 0; i < 8; i++) {
      w = (w << 8) | (at + i < end ? buf[at + i] & 0xFF : 0);
    }
    return w;
  }

  /** Fails unless all that is left is the zero padding of the last byte. */
  public void requireOnlyPadding() {
    long left = endBit - bit;
    if (left >= 8 || left > 0 && read((int) left) != 0) {
      throw new CorruptInputException(
          "bit stream has " + left + " bits after its values at offset " + (bit >>> 3));
    }
  }

  /** Reads what {@link BitWriter#writeGamma} wrote. */
  public long readGamma() {
    int zeros = Long.numberOfLeadingZeros(word((int) (bit >>> 3)) << (bit & 7));
    if (zeros < 32) {
      return read(2 * zeros + 1) - 1; // the zeros, then zeros + 1 bits of v + 1
    }
    zeros = 0;
    while (read(1) == 0) {
      if (++zeros > 62) {
        throw new CorruptInputException("gamma code too long at offset " + (bit >>> 3));
      }
    }
    return ((1L << zeros) | read(zeros)) - 1;
  }

  /** Reads what {@link BitWriter#writeRice} wrote with parameter {@code k}. */
  public long readRice(int k) {
    // the common case in one word: the unary quotient, its zero and the k low bits
    long window = word((int) (bit >>> 3)) << (bit & 7);
    int q0 = Long.numberOfLeadingZeros(~window);
    int used = q0 + 1 + k;
    if (q0 < BitWriter.RICE_ESCAPE && used <= 64 - (bit & 7) && bit + used <= endBit) {
      bit += used;
      return k == 0 ? q0 : ((long) q0 << k) | ((window << (q0 + 1)) >>> (64 - k));
    }
    int q = readUnaryCapped(BitWriter.RICE_ESCAPE);
    if (q < BitWriter.RICE_ESCAPE) {
      return ((long) q << k) | read(k);
    }
    int width = (int) read(6);
    if (width == 0 || width > 63) {
      throw new CorruptInputException("bad escaped Rice code at offset " + (bit >>> 3));
    }
    long v = read(width);
    if ((v >>> k) < BitWriter.RICE_ESCAPE || 64 - Long.numberOfLeadingZeros(v) != width) {
      throw new CorruptInputException("bad escaped Rice code at offset " + (bit >>> 3));
    }
    return v;
  }

  /** A Rice-coded value that must be at most {@code max}. */
  public int readRiceInt(int k, int max, String what) {
    long v = readRice(k);
    if (v < 0 || v > max) {
      throw new CorruptInputException(what + " out of range: " + v + " at offset " + (bit >>> 3));
    }
    return (int) v;
  }

  /**
   * Counts one bits up to the next zero, which it consumes; or stops after {@code cap} ones
   * (consuming no zero) and returns {@code cap}.
   */
  private int readUnaryCapped(int cap) {
    int count = 0;
    while (true) {
      if (bit >= endBit) {
        throw new CorruptInputException("bit stream truncated at offset " + (bit >>> 3));
      }
      long window = word((int) (bit >>> 3)) << (bit & 7);
      int avail = (int) Math.min(64 - (bit & 7), endBit - bit);
      int ones = Math.min(Long.numberOfLeadingZeros(~window), avail);
      if (count + ones >= cap) {
        bit += cap - count;
        return cap;
      }
      if (ones < avail) {
        bit += ones + 1;
        return count + ones;
      }
      count += ones;
      bit += ones;
    }
  }
}
