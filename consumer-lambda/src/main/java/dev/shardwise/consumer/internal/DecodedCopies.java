package dev.shardwise.consumer.internal;

import dev.shardwise.core.event.Event;
import java.util.Arrays;

/**
 * Recent valid events of one planning pass, by the fingerprint of their {@code event_id}, with the
 * bytes they were decoded from: a later user record of the pass whose bytes are the same is a copy,
 * and its event is the one already decoded (decoding is a function of the bytes and the arrival
 * time, and the arrival only enters through the time rule, which the reader checks again). So a
 * byte-identical duplicate is not decoded twice, and a record that only <em>looks</em> like a
 * duplicate (a known id, other bytes: another version of the event, or invalid JSON) is decoded as
 * before.
 *
 * <p>A direct-mapped cache of {@value #SLOTS} slots (the fingerprint's low bits pick the slot; a
 * newer event replaces an older one): small enough to stay in the CPU caches, so keeping and
 * looking up cost a few nanoseconds, and it holds at most {@value #SLOTS} events alive. A copy
 * whose original was replaced is simply decoded. An earlier form (every event of the pass kept,
 * with a hash index) cost more in cache misses than it saved at 10 % copies. The slices point into
 * the batch's own record arrays, which outlive the pass; nothing is copied. One per pass, on the
 * pass's thread.
 */
public final class DecodedCopies {
  /** How many events are kept at most. */
  static final int SLOTS = 4096;

  private final long[] fingerprints = new long[SLOTS];
  private final byte[][] buffers = new byte[SLOTS][];
  private final int[] offsets = new int[SLOTS];
  private final int[] lengths = new int[SLOTS];
  private final Event[] events = new Event[SLOTS];

  /** Keeps {@code event}, decoded from the slice, with the fingerprint of its id. */
  void remember(long fingerprint, byte[] data, int offset, int length, Event event) {
    int i = slot(fingerprint);
    fingerprints[i] = fingerprint;
    buffers[i] = data;
    offsets[i] = offset;
    lengths[i] = length;
    events[i] = event;
  }

  /**
   * The event kept under {@code fingerprint} when it was decoded from the same bytes as {@code
   * data[offset, offset + length)}, or null.
   */
  Event find(long fingerprint, byte[] data, int offset, int length) {
    int i = slot(fingerprint);
    Event e = events[i];
    if (e == null || fingerprints[i] != fingerprint || lengths[i] != length) {
      return null;
    }
    int from = offsets[i];
    return Arrays.equals(buffers[i], from, from + length, data, offset, offset + length) ? e : null;
  }

  private static int slot(long fingerprint) {
    return (int) fingerprint & (SLOTS - 1);
  }
}
