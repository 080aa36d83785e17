package dev.shardwise.consumer.internal;

import dev.shardwise.core.event.Event;
import java.util.Arrays;

/**
 * The valid events one planning pass decoded, by the fingerprint of their {@code event_id}, with
 * the bytes they were decoded from: a later user record of the pass whose bytes are the same is a
 * copy, and its event is the one already decoded (decoding is a function of the bytes and the
 * arrival time, and the arrival only enters through the time rule, which the reader checks again).
 * So a byte-identical duplicate is not decoded twice, and a record that only <em>looks</em> like a
 * duplicate (a known id, other bytes: another version of the event, or invalid JSON) is decoded as
 * before.
 *
 * <p>Keeping an event appends it and sets a bit of a small filter ({@link #mayHold}); the index by
 * fingerprint is built at the first {@link #find} and kept up to date from then on, so a pass
 * without duplicates never builds it. The slices point into the batch's own record arrays, which
 * outlive the pass; nothing is copied. One per pass, on the pass's thread. The first event of a
 * fingerprint is the one found.
 */
public final class DecodedCopies {
  private long[] fingerprints;
  private byte[][] buffers;
  private int[] offsets;
  private int[] lengths;
  private Event[] events;
  private int size;

  /** One bit per value of a fingerprint's top 17 bits: set for every kept event (16 KiB). */
  private final long[] seen = new long[1 << 11];

  private long[] keys; // the index: open addressing, built at the first find
  private int[] slots; // entry index + 1; 0 = empty
  private int indexed;

  /** Room for about {@code expected} events before growing. */
  public DecodedCopies(int expected) {
    int entries = Math.max(16, expected);
    fingerprints = new long[entries];
    buffers = new byte[entries][];
    offsets = new int[entries];
    lengths = new int[entries];
    events = new Event[entries];
  }

  /** How many events are kept. */
  int size() {
    return size;
  }

  /** Keeps {@code event}, decoded from the slice, with the fingerprint of its id. */
  void remember(long fingerprint, byte[] data, int offset, int length, Event event) {
    if (size == events.length) {
      int n = size * 2;
      fingerprints = Arrays.copyOf(fingerprints, n);
      buffers = Arrays.copyOf(buffers, n);
      offsets = Arrays.copyOf(offsets, n);
      lengths = Arrays.copyOf(lengths, n);
      events = Arrays.copyOf(events, n);
    }
    seen[(int) (fingerprint >>> 53)] |= 1L << (fingerprint >>> 47);
    fingerprints[size] = fingerprint;
    buffers[size] = data;
    offsets[size] = offset;
    lengths[size] = length;
    events[size] = event;
    size++;
  }

  /**
   * False when no event of this fingerprint is kept; true when one may be (a filter that stays in
   * the cache: with 10,000 events kept, about 7 % of other fingerprints pass).
   */
  boolean mayHold(long fingerprint) {
    return (seen[(int) (fingerprint >>> 53)] & (1L << (fingerprint >>> 47))) != 0;
  }

  /**
   * The event kept under {@code fingerprint} (the first one) when it was decoded from the same
   * bytes as {@code data[offset, offset + length)}, or null.
   */
  Event find(long fingerprint, byte[] data, int offset, int length) {
    index();
    int mask = keys.length - 1;
    for (int i = mix(fingerprint) & mask; slots[i] != 0; i = (i + 1) & mask) {
      if (keys[i] == fingerprint) {
        int e = slots[i] - 1;
        return lengths[e] == length
                && Arrays.equals(
                    buffers[e], offsets[e], offsets[e] + length, data, offset, offset + length)
            ? events[e]
            : null;
      }
    }
    return null;
  }

  /** Adds the entries kept since the last call to the index. */
  private void index() {
    if (keys == null) {
      int capacity = Integer.highestOneBit(Math.max(16, size) * 2 - 1) << 1;
      keys = new long[capacity];
      slots = new int[capacity];
    }
    for (; indexed < size; indexed++) {
      if ((indexed + 1) * 2 > keys.length) {
        rehash();
      }
      long fingerprint = fingerprints[indexed];
      int mask = keys.length - 1;
      int i = mix(fingerprint) & mask;
      while (slots[i] != 0 && keys[i] != fingerprint) {
        i = (i + 1) & mask;
      }
      if (slots[i] == 0) {
        keys[i] = fingerprint;
        slots[i] = indexed + 1;
      }
    }
  }

  private void rehash() {
    long[] oldKeys = keys;
    int[] oldSlots = slots;
    keys = new long[oldKeys.length * 2];
    slots = new int[oldKeys.length * 2];
    int mask = keys.length - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldSlots[j] != 0) {
        int i = mix(oldKeys[j]) & mask;
        while (slots[i] != 0) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[j];
        slots[i] = oldSlots[j];
      }
    }
  }

  /** Fingerprints are well mixed already; fold the high half in for small tables. */
  private static int mix(long fingerprint) {
    return (int) (fingerprint ^ (fingerprint >>> 32));
  }
}
