package dev.shardwise.core.window;

/**
 * The 64-bit fingerprint of an {@code event_id}, the key of deduplication. Stable across releases:
 * fingerprints are persisted in the window state and the shard state, so changing this function
 * needs a new format version of both.
 *
 * <p>Function (version 1): a MurmurHash3-style mix over the UTF-16 code units of the id, four per
 * 64-bit block, finished with the MurmurHash3 {@code fmix64}. With 64 bits, the chance that two of
 * 180,000 distinct ids (three full windows) collide is below 1e-9.
 */
public final class EventFingerprint {
  private static final long C1 = 0x87C37B91114253D5L;
  private static final long C2 = 0x4CF5AD432745937FL;
  private static final long SEED = 0x5348415244574953L; // "SHARDWIS"

  private EventFingerprint() {}

  public static long of(String eventId) {
    int n = eventId.length();
    long h = SEED;
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      long k =
          eventId.charAt(i)
              | (long) eventId.charAt(i + 1) << 16
              | (long) eventId.charAt(i + 2) << 32
              | (long) eventId.charAt(i + 3) << 48;
      h ^= mixK(k);
      h = Long.rotateLeft(h, 27) * 5 + 0x52DCE729;
    }
    if (i < n) {
      long k = 0;
      for (int shift = 0; i < n; i++, shift += 16) {
        k |= (long) eventId.charAt(i) << shift;
      }
      h ^= mixK(k);
    }
    h ^= n;
    return fmix64(h);
  }

  /**
   * {@link #of} of an ASCII id given as its bytes ({@code data[from, from + n)}), without a String:
   * an ASCII byte is its UTF-16 code unit, so this is {@link #of} step by step. The caller
   * guarantees that every byte is below 0x80.
   */
  public static long ofAscii(byte[] data, int from, int n) {
    long h = SEED;
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      long k =
          data[from + i]
              | (long) data[from + i + 1] << 16
              | (long) data[from + i + 2] << 32
              | (long) data[from + i + 3] << 48;
      h ^= mixK(k);
      h = Long.rotateLeft(h, 27) * 5 + 0x52DCE729;
    }
    if (i < n) {
      long k = 0;
      for (int shift = 0; i < n; i++, shift += 16) {
        k |= (long) data[from + i] << shift;
      }
      h ^= mixK(k);
    }
    h ^= n;
    return fmix64(h);
  }

  private static long mixK(long k) {
    k *= C1;
    k = Long.rotateLeft(k, 31);
    return k * C2;
  }

  private static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xFF51AFD7ED558CCDL;
    k ^= k >>> 33;
    k *= 0xC4CEB9FE1A85EC53L;
    k ^= k >>> 33;
    return k;
  }
}
