package dev.shardwise.consumer.internal;

import dev.shardwise.core.window.EventFingerprint;
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
   * {@link EventFingerprint#of} of the canonical id of the slice, from its bytes (no string); call
   * only when {@link #idLength} is positive (the id is then ASCII). {@code EventIdScanTest} holds
   * the two equal.
   */
  static long fingerprint(byte[] data, int offset, int idLength) {
    return EventFingerprint.ofAscii(data, offset + PREFIX.length, idLength);
  }
}
