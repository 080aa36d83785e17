package dev.shardwise.core.event;

import dev.shardwise.core.event.internal.FastEventScanner;
import dev.shardwise.core.event.internal.TimeRule;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Holds the decoder's fast path ({@link FastEventScanner}) to its full path ({@link
 * EventDecoder#decodeFully}): for any record, the fast path gives either nothing (the full path
 * decides) or exactly the event the full path decodes; and {@link EventDecoder#decode}, which tries
 * the fast path first, gives exactly the full path's result. Public so that other modules' tests
 * (the producer's simulator) can hold their records to it too.
 */
public final class FastPathDifferential {

  /** A fast path: the event, or null to leave the record to the full path. */
  @FunctionalInterface
  public interface FastPath {
    Event scan(byte[] b, int offset, int length, TimeRule rule, Instant arrival);
  }

  /** The fast path the decoder uses. */
  public static final FastPath REAL = FastEventScanner::scan;

  private final EventDecoder decoder;
  private final TimeRule rule;
  private final FastPath fast;
  private long records;
  private long taken;

  /** A check of {@code fast} against {@code decoder}'s full path. */
  public FastPathDifferential(EventDecoder decoder, FastPath fast) {
    this.decoder = decoder;
    this.rule = new TimeRule(decoder.maxAge(), decoder.maxAhead());
    this.fast = fast;
  }

  /** The standard decoder's fast path against its full path. */
  public static FastPathDifferential standard() {
    return new FastPathDifferential(EventDecoder.standard(), REAL);
  }

  /** How the fast path and the full path disagree on the record, or null when they agree. */
  public String disagreement(byte[] record, Instant arrival) {
    return disagreement(record, 0, record.length, arrival);
  }

  /** {@link #disagreement(byte[], Instant)} of {@code record[offset..offset+length)}. */
  public String disagreement(byte[] record, int offset, int length, Instant arrival) {
    records++;
    if (length > EventDecoder.MAX_EVENT_BYTES) {
      return null; // rejected before either path
    }
    DecodeResult full = decoder.decodeFully(record, offset, length, arrival);
    Event quick = fast.scan(record, offset, length, rule, arrival);
    if (quick != null) {
      taken++;
      if (!(full instanceof DecodeResult.Valid v) || !v.event().equals(quick)) {
        return "fast path gave "
            + quick
            + " but the full path "
            + full
            + " for "
            + text(record, offset, length);
      }
    }
    if (fast == REAL) {
      DecodeResult decoded = decoder.decode(record, offset, length, arrival);
      if (!decoded.equals(full)) {
        return "decode gave "
            + decoded
            + " but the full path "
            + full
            + " for "
            + text(record, offset, length);
      }
    }
    return null;
  }

  /** Records checked so far. */
  public long records() {
    return records;
  }

  /** Of those, the records the fast path decoded (the rest it left to the full path). */
  public long taken() {
    return taken;
  }

  private static String text(byte[] record, int offset, int length) {
    String s = new String(record, offset, Math.min(length, 400), StandardCharsets.UTF_8);
    return length > 400 ? s + "... (" + length + " bytes)" : s;
  }
}
