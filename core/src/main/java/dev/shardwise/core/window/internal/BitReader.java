package dev.shardwise.core.window.internal;

/**
 * Reads what {@link BitWriter} wrote: exactly {@code byteLength} bytes taken from a {@link
 * ByteReader} (which moves past them at once), so whatever follows the bit stream stays readable.
 * Reads 64-bit words at bit offsets, so a read costs a few operations, not a loop over bytes.
 */
public final class BitReader {
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

  /** The 8 bytes at {@code at}, big-endian, zero past the end of the stream. */
  private long word(int at) {
    int end = (int) (endBit >>> 3);
    if (at + 8 <= end) {
      return ((long) (buf[at] & 0xFF) << 56)
          | ((long) (buf[at + 1] & 0xFF) << 48)
          | ((long) (buf[at + 2] & 0xFF) << 40)
          | ((long) (buf[at + 3] & 0xFF) << 32)
          | ((long) (buf[at + 4] & 0xFF) << 24)
          | ((buf[at + 5] & 0xFF) << 16)
          | ((buf[at + 6] & 0xFF) << 8)
          | (buf[at + 7] & 0xFF);
    }
    long w = 0;
    for (int i = 0; i < 8; i++) {
      w = (w << 8) | (at + i < end ? buf[at + i] & 0xFF : 0);
    }
    return w;
  }

  /** Counts one bits up to the next zero; fails beyond {@code max}. */
  public int readUnary(int max) {
    int count = 0;
    while (true) {
      if (bit >= endBit) {
        throw new CorruptInputException("bit stream truncated at offset " + (bit >>> 3));
      }
      long window = word((int) (bit >>> 3)) << (bit & 7);
      int avail = (int) Math.min(64 - (bit & 7), endBit - bit);
      int ones = Long.numberOfLeadingZeros(~window);
      if (ones < avail) {
        count += ones;
        bit += ones + 1;
        break;
      }
      count += avail;
      bit += avail;
      if (count > max) {
        break;
      }
    }
    if (count > max) {
      throw new CorruptInputException("unary count above " + max);
    }
    return count;
  }
}
