package dev.shardwise.core.window.internal;

/**
 * Reads what {@link BitWriter} wrote, from a {@link ByteReader}: exactly {@code byteLength} bytes
 * of it, so whatever follows the bit stream stays unread.
 */
public final class BitReader {
  private final ByteReader in;
  private int left; // bytes of the stream not yet taken from in
  private long acc; // next bits, left-aligned
  private int bits; // valid bits in acc

  public BitReader(ByteReader in, int byteLength) {
    if (byteLength > in.remaining()) {
      throw new CorruptInputException(
          "bit stream of " + byteLength + " bytes truncated at offset " + in.position());
    }
    this.in = in;
    this.left = byteLength;
  }

  private void refill() {
    // top up to at least 57 bits: whole bytes while they fit
    while (bits <= 56) {
      if (left == 0) {
        if (bits == 0) {
          throw new CorruptInputException("bit stream truncated at offset " + in.position());
        }
        return;
      }
      left--;
      acc |= (long) in.readByte() << (56 - bits);
      bits += 8;
    }
  }

  /** Reads {@code n} bits, 0 <= n <= 64. */
  public long read(int n) {
    if (n > 56) {
      long hi = read(n - 32);
      return (hi << 32) | read(32);
    }
    if (n == 0) {
      return 0;
    }
    if (bits < n) {
      refill();
      if (bits < n) {
        throw new CorruptInputException("bit stream truncated at offset " + in.position());
      }
    }
    long v = acc >>> (64 - n);
    acc <<= n;
    bits -= n;
    return v;
  }

  /** Counts one bits up to the next zero; fails beyond {@code max}. */
  public int readUnary(int max) {
    int count = 0;
    while (true) {
      if (bits == 0) {
        refill();
      }
      long inverted = ~acc;
      int ones = inverted == 0 ? 64 : Long.numberOfLeadingZeros(inverted);
      if (ones < bits) {
        count += ones;
        acc = ones == 63 ? 0 : acc << (ones + 1);
        bits -= ones + 1;
        break;
      }
      count += bits;
      acc = 0;
      bits = 0;
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
