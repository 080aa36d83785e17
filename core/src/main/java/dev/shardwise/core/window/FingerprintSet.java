package dev.shardwise.core.window;

import dev.shardwise.core.window.internal.BitReader;
import dev.shardwise.core.window.internal.BitWriter;
import dev.shardwise.core.window.internal.ByteReader;
import dev.shardwise.core.window.internal.ByteWriter;
import dev.shardwise.core.window.internal.CorruptInputException;
import java.util.Arrays;

/**
 * A set of 64-bit event fingerprints ({@link EventFingerprint}); any value allowed. Its encoding is
 * canonical (a function of the members only) and close to the information-theoretic size: about
 * {@code 66 - log2(n)} bits per member, 6.3 bytes at 60,000.
 *
 * <p>Held as a sorted base (what was decoded or last encoded, indexed by its top bits) plus a hash
 * set of members added since: decoding fills the base without hashing, encoding merges the two. Not
 * thread-safe.
 */
public final class FingerprintSet {
  /** Bits a member may cost in {@link #writeTo}, an upper bound used by size estimates. */
  public static final int MAX_BITS_PER_MEMBER = 66;

  private static final int MAX_BUCKET_BITS = 24;
  private static final long[] NONE = new long[0];

  private long[] base = NONE; // distinct, unsigned ascending
  private int baseShift = 64; // bucket of v: v >>> baseShift (0 when 64)
  private int[] baseIndex = {0, 0}; // bucket -> first position in base; one extra at the end

  private long[] table; // members not in base; 0 marks an empty slot
  private int mask;
  private int tableSize;
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
    return base.length + tableSize + (hasZero ? 1 : 0);
  }

  public boolean isEmpty() {
    return size() == 0;
  }

  private boolean inBase(long v) {
    if (base.length == 0) {
      return false;
    }
    int b = baseShift == 64 ? 0 : (int) (v >>> baseShift);
    for (int i = baseIndex[b], end = baseIndex[b + 1]; i < end; i++) {
      if (base[i] == v) {
        return true;
      }
    }
    return false;
  }

  private static int slot(long v, int mask) {
    return (int) (v ^ (v >>> 29)) & mask; // fingerprints are already well mixed
  }

  private boolean inTable(long v) {
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

  public boolean contains(long v) {
    return inBase(v) || inTable(v);
  }

  /** Adds a member; false when it was already present. */
  public boolean add(long v) {
    if (inBase(v)) {
      return false;
    }
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
        if (++tableSize * 2 > table.length) {
          grow(table.length * 2);
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
    int needed = tableSize + other.size();
    if (needed * 2 > table.length) {
      grow(Integer.highestOneBit(needed * 2 - 1) << 1);
    }
    for (long v : other.base) {
      add(v);
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

  private void grow(int capacity) {
    long[] old = table;
    table = new long[capacity];
    mask = capacity - 1;
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
    long[] sorted = sorted();
    return sorted == base ? base.clone() : sorted;
  }

  /** The members in unsigned order: the base itself (not to be modified) when nothing was added. */
  private long[] sorted() {
    int added = tableSize + (hasZero ? 1 : 0);
    if (added == 0) {
      return base;
    }
    long[] delta = new long[added];
    int j = 0;
    if (hasZero) {
      delta[j++] = Long.MIN_VALUE; // 0, sign-flipped
    }
    for (long v : table) {
      if (v != 0) {
        delta[j++] = v ^ Long.MIN_VALUE;
      }
    }
    Arrays.sort(delta);
    long[] out = new long[base.length + added];
    int a = 0;
    int d = 0;
    for (int k = 0; k < out.length; k++) {
      if (d == added
          || (a < base.length && Long.compareUnsigned(base[a], delta[d] ^ Long.MIN_VALUE) < 0)) {
        out[k] = base[a++];
      } else {
        out[k] = delta[d++] ^ Long.MIN_VALUE;
      }
    }
    return out;
  }

  private static int bucketBits(int n) {
    return n <= 1 ? 0 : Math.min(MAX_BUCKET_BITS, 31 - Integer.numberOfLeadingZeros(n));
  }

  /** Makes {@code sorted} the base, with its bucket index, and empties the hash part. */
  private void rebase(long[] sorted, int[] index, int bits) {
    base = sorted;
    baseShift = 64 - bits;
    baseIndex = index;
    if (tableSize > 0 || hasZero) {
      table = new long[16];
      mask = 15;
      tableSize = 0;
      hasZero = false;
    }
  }

  private static int[] indexOf(long[] sorted, int bits) {
    int buckets = 1 << bits;
    int shift = 64 - bits;
    int[] index = new int[buckets + 1];
    for (long v : sorted) {
      index[(bits == 0 ? 0 : (int) (v >>> shift)) + 1]++;
    }
    for (int i = 0; i < buckets; i++) {
      index[i + 1] += index[i];
    }
    return index;
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
    long[] sorted = sorted();
    int[] index = sorted == base && baseShift == 64 - b ? baseIndex : indexOf(sorted, b);
    rebase(sorted, index, b);
    out.writeByte(b);
    BitWriter bits = new BitWriter(out);
    for (int i = 0; i < (1 << b); i++) {
      bits.writeUnary(index[i + 1] - index[i]);
    }
    bits.writeAll(sorted, 64 - b);
    bits.flush();
  }

  /** Reads a set written by {@link #writeTo}; at most {@code maxMembers}. */
  public static FingerprintSet readFrom(ByteReader in, int maxMembers) {
    int n = in.readVarInt(maxMembers, "fingerprint count");
    FingerprintSet set = new FingerprintSet(8);
    if (n == 0) {
      return set;
    }
    int b = in.readByte();
    if (b != bucketBits(n)) {
      throw new CorruptInputException("fingerprint bucket bits " + b + " do not match count " + n);
    }
    int buckets = 1 << b;
    int shift = 64 - b;
    long totalBits = (long) n + buckets + (long) n * shift;
    BitReader bits = new BitReader(in, (int) ((totalBits + 7) / 8));
    int[] index = new int[buckets + 1];
    long[] sorted = new long[n];
    bits.readUnaryCodes(index, sorted, shift); // each member's top bits, from its bucket
    if (index[buckets] != n) {
      throw new CorruptInputException(
          "fingerprint buckets hold " + index[buckets] + ", expected " + n);
    }
    bits.orAll(sorted, shift); // and its other bits
    for (int k = 1; k < n; k++) {
      if (Long.compareUnsigned(sorted[k], sorted[k - 1]) <= 0) {
        throw new CorruptInputException("fingerprints out of order or repeated");
      }
    }
    set.rebase(sorted, index, b);
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
