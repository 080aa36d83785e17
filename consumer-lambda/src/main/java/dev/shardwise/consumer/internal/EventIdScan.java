package dev.shardwise.consumer.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Finds the {@code event_id} of an event in its bytes without decoding it, when the event is laid
 * out as the contract's canonical encoding writes it ({@code docs/event-contract.md}, "Canonical
 * encoding": {@code {"schema":1,"event_id":"…",…}}, as our producer sends): the id is then the
 * top-level one, and when it has only the characters an id may have (1-64 of {@code
 * [A-Za-z0-9._:-]}, so no escapes), the value a decoder reads is exactly those bytes. Other layouts
 * are not searched (the caller decodes them). Only a key to look up: a caller must not treat a
 * record as valid because its id was found.
 *
 * <p>The scan stops at the closing quote and gives up at an escape, a control character, a
 * non-ASCII byte or more than 64 characters. It does not check the id's characters further: when
 * the record decodes as a valid event, its id has only allowed characters, all ASCII, and without
 * escapes the bytes are the decoded id; when it does not, the id found is only a lookup key.
 */
final class EventIdScan {
  /** The canonical encoding's first bytes, up to the opening quote of the id. */
  private static final byte[] PREFIX =
      "{\"schema\":1,\"event_id\":\"".getBytes(StandardCharsets.US_ASCII);

  /** The prefix as three little-endian longs (it is 24 bytes), compared eight bytes at a time. */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long PREFIX_0 = (long) LONGS.get(PREFIX, 0);
  private static final long PREFIX_1 = (long) LONGS.get(PREFIX, 8);
  private static final long PREFIX_2 = (long) LONGS.get(PREFIX, 16);

  private static final int MAX_ID_CHARS = 64;
  private static final long C1 = 0x87C37B91114253D5L;
  private static final long C2 = 0x4CF5AD432745937FL;
  private static final long SEED = 0x5348415244574953L; // as EventFingerprint

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
    if ((long) LONGS.get(data, offset) != PREFIX_0
        || (long) LONGS.get(data, offset + 8) != PREFIX_1
        || (long) LONGS.get(data, offset + 16) != PREFIX_2) {
      return -1;
    }
    int end = Math.min(length, start + MAX_ID_CHARS + 1);
    for (int i = start; i < end; i++) {
      int b = data[offset + i];
      if (b == '"') {
        return i > start ? i - start : -1;
      }
      if (b == '\\' || b < 0x20) { // an escape, a control character or a non-ASCII byte
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
