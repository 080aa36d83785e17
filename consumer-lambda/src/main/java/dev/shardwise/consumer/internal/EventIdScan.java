package dev.shardwise.consumer.internal;

import java.nio.charset.StandardCharsets;

/**
 * Finds the {@code event_id} of an event in its bytes without decoding it, when the event is laid
 * out as the contract's canonical encoding writes it ({@code docs/event-contract.md}, "Canonical
 * encoding": {@code {"schema":1,"event_id":"…",…}}, as our producer sends): the id is then the
 * top-level one, and when it has only the characters an id may have (1-64 of {@code
 * [A-Za-z0-9._:-]}, so no escapes), the value a decoder reads is exactly those bytes. Other layouts
 * are not searched (the caller decodes them). Only a key to look up: a caller must not treat a
 * record as valid because its id was found.
 */
final class EventIdScan {
  /** The canonical encoding's first bytes, up to the opening quote of the id. */
  private static final byte[] PREFIX =
      "{\"schema\":1,\"event_id\":\"".getBytes(StandardCharsets.US_ASCII);

  private static final int MAX_ID_CHARS = 64;
  private static final long C1 = 0x87C37B91114253D5L;
  private static final long C2 = 0x4CF5AD432745937FL;
  private static final long SEED = 0x5348415244574953L; // as EventFingerprint

  private static final boolean[] ID_CHAR = new boolean[128];

  static {
    for (char c = 'a'; c <= 'z'; c++) {
      ID_CHAR[c] = true;
      ID_CHAR[Character.toUpperCase(c)] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      ID_CHAR[c] = true;
    }
    for (char c : ".:_-".toCharArray()) {
      ID_CHAR[c] = true;
    }
  }

  private EventIdScan() {}

  /**
   * The length of the canonical {@code event_id} that starts at {@code offset +} {@link
   * #idOffset()}, or -1 when the slice does not start like a canonical event or the id is not one
   * the contract allows.
   */
  static int idLength(byte[] data, int offset, int length) {
    int start = PREFIX.length;
    if (length < start + 2) {
      return -1;
    }
    for (int i = 0; i < start; i++) {
      if (data[offset + i] != PREFIX[i]) {
        return -1;
      }
    }
    int end = Math.min(length, start + MAX_ID_CHARS + 1);
    for (int i = start; i < end; i++) {
      int b = data[offset + i];
      if (b == '"') {
        return i > start ? i - start : -1;
      }
      if (b < 0 || !ID_CHAR[b]) {
        return -1;
      }
    }
    return -1;
  }

  /** Where a canonical id starts, from the start of the event. */
  static int idOffset() {
    return PREFIX.length;
  }

  /**
   * {@link dev.shardwise.core.window.EventFingerprint#of} of the canonical id of the slice, from
   * its bytes (no string); call only when {@link #idLength} is positive. The id is ASCII, so its
   * bytes are its UTF-16 code units, and this is {@code EventFingerprint.of} (version 1) step by
   * step; {@code EventIdScanTest} holds the two equal.
   */
  static long fingerprint(byte[] data, int offset, int idLength) {
    int from = offset + PREFIX.length;
    int n = idLength;
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
