package dev.shardwise.core.window;

import dev.shardwise.core.window.internal.BitReader;
import dev.shardwise.core.window.internal.BitWriter;
import dev.shardwise.core.window.internal.ByteReader;
import dev.shardwise.core.window.internal.ByteWriter;
import dev.shardwise.core.window.internal.CorruptInputException;
import java.util.Arrays;

/**
 * A set of 64-bit event fingerprints ({@link EventFingerprint}): open addressing, any value
 * allowed. Its encoding is canonical (a function of the set's members only) and close to the
 * information-theoretic size: about {@code 66 - log2(n)} bits per member, 6.3 bytes at 60,000. Not
 * thread-safe.
 */
public final class FingerprintSet {
  /** Bits a member may cost in {@link #writeTo}, an upper bound used by size estimates. */
  public static final int MAX_BITS_PER_MEMBER = 66;

  private static final int MAX_BUCKET_BITS = 24;

  private long[] table;
  private int mask;
  private int size; // members in table, excluding zero
  private boolean hasZero;

  public FingerprintSet() {
    this(16);
  }

  public FingerprintSet(int expected) {
    int cap = Integer.highestOneBit(Math.max(8, expected * 2 - 1)) << 1;
    table = new long[cap];
    mask = cap - 1;
  }

  public int size() {
    return size + (hasZero ? 1 : 0);
  }

  public boolean isEmpty() {
    return size() == 0;
  }

  private static int slot(long v, int mask) {
    return (int) (v ^ (v >>> 29)) & mask; // fingerprints are already well mixed
  }

  public boolean contains(long v) {
    if (v == 0) {
      return hasZero;
    }
    int i = slot(v, mask);
    while (true) {
      long k = table[i];
      if (k == 0) {
        return false;
      }
      if (k == v) {
        return true;
      }
      i = (i + 1) & mask;
    }
  }

  /** Adds a member; false when it was already present. */
  public boolean add(long v) {
    if (v == 0) {
      boolean added = !hasZero;
      hasZero = true;
      return added;
    }
    int i = slot(v, mask);
    while (true) {
      long k = table[i];
      if (k == 0) {
        table[i] = v;
        if (++size * 2 > table.length) {
          grow();
        }
        return true;
      }
      if (k == v) {
        return false;
      }
      i = (i + 1) & mask;
    }
  }

  public void addAll(FingerprintSet other) {
    // Pre-size: copying a table in slot order into a smaller one would cluster badly.
    while ((size + other.size()) * 2 > table.length) {
      grow();
    }
    for (long v : other.table) {
      if (v != 0) {
        add(v);
      }
    }
    if (other.hasZero) {
      add(0);
    }
  }

  private void grow() {
    long[] old = table;
    table = new long[old.length * 2];
    mask = table.length - 1;
    for (long v : old) {
      if (v != 0) {
        int i = slot(v, mask);
        while (table[i] != 0) {
          i = (i + 1) & mask;
        }
        table[i] = v;
      }
    }
  }

  /** The members in canonical order: unsigned ascending. */
  public long[] toSortedArray() {
    long[] out = members();
    for (int i = 0; i < out.length; i++) {
      out[i] ^= Long.MIN_VALUE;
    }
    Arrays.sort(out);
    for (int i = 0; i < out.length; i++) {
      out[i] ^= Long.MIN_VALUE;
    }
    return out;
  }

  private long[] members() {
    long[] out = new long[size()];
    int j = 0;
    if (hasZero) {
      out[j++] = 0;
    }
    for (long v : table) {
      if (v != 0) {
        out[j++] = v;
      }
    }
    return out;
  }

  private static int bucketBits(int n) {
    return n <= 1 ? 0 : Math.min(MAX_BUCKET_BITS, 31 - Integer.numberOfLeadingZeros(n));
  }

  /**
   * Writes the set: the count, then the members grouped by their top {@code b = floor(log2 n)} bits
   * (bucket sizes in unary), each member's other {@code 64 - b} bits, in unsigned order.
   */
  public void writeTo(ByteWriter out) {
    int n = size();
    out.writeVarInt(n);
    if (n == 0) {
      return;
    }
    int b = bucketBits(n);
    out.writeByte(b);
    int buckets = 1 << b;
    int shift = 64 - b;
    long[] values = members();
    int[] start = new int[buckets + 1];
    for (long v : values) {
      start[bucket(v, shift, b) + 1]++;
    }
    for (int i = 0; i < buckets; i++) {
      start[i + 1] += start[i];
    }
    long[] sorted = new long[n];
    int[] next = Arrays.copyOf(start, buckets);
    for (long v : values) {
      sorted[next[bucket(v, shift, b)]++] = v;
    }
    BitWriter bits = new BitWriter(out);
    for (int i = 0; i < buckets; i++) {
      bits.writeUnary(start[i + 1] - start[i]);
      insertionSortUnsigned(sorted, start[i], start[i + 1]);
    }
    long lowMask = shift == 64 ? -1L : (1L << shift) - 1;
    for (long v : sorted) {
      bits.write(v & lowMask, shift);
    }
    bits.flush();
  }

  private static int bucket(long v, int shift, int b) {
    return b == 0 ? 0 : (int) (v >>> shift);
  }

  private static void insertionSortUnsigned(long[] a, int from, int to) {
    for (int i = from + 1; i < to; i++) {
      long v = a[i];
      int j = i - 1;
      while (j >= from && Long.compareUnsigned(a[j], v) > 0) {
        a[j + 1] = a[j];
        j--;
      }
      a[j + 1] = v;
    }
  }

  /** Reads a set written by {@link #writeTo}; at most {@code maxMembers}. */
  public static FingerprintSet readFrom(ByteReader in, int maxMembers) {
    int n = in.readVarInt(maxMembers, "fingerprint count");
    FingerprintSet set = new FingerprintSet(n);
    if (n == 0) {
      return set;
    }
    int b = in.readByte();
    if (b != bucketBits(n)) {
      throw new CorruptInputException("fingerprint bucket bits " + b + " do not match count " + n);
    }
    int buckets = 1 << b;
    int shift = 64 - b;
    int[] counts = new int[buckets];
    long totalBits = (long) n + buckets + (long) n * shift;
    BitReader bits = new BitReader(in, (int) ((totalBits + 7) / 8));
    int total = 0;
    for (int i = 0; i < buckets; i++) {
      counts[i] = bits.readUnary(n - total);
      total += counts[i];
    }
    if (total != n) {
      throw new CorruptInputException("fingerprint buckets hold " + total + ", expected " + n);
    }
    for (int i = 0; i < buckets; i++) {
      long high = b == 0 ? 0 : (long) i << shift;
      for (int c = 0; c < counts[i]; c++) {
        if (!set.add(high | bits.read(shift))) {
          throw new CorruptInputException("duplicate fingerprint in set");
        }
      }
    }
    return set;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FingerprintSet other
        && other.size() == size()
        && Arrays.equals(other.toSortedArray(), toSortedArray());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(toSortedArray());
  }

  @Override
  public String toString() {
    return "FingerprintSet[size=" + size() + "]";
  }
}
