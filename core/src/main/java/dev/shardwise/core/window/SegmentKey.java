package dev.shardwise.core.window;

import java.time.Instant;
import java.util.Objects;

/**
 * Identifies a window segment: the Lambda tumbling window it belongs to and the position of its
 * first user record. A window normally has one segment; it gets more when Lambda terminates it
 * early ({@code isWindowTerminatedEarly}) or the state budget closes it early. The first record's
 * position does not change when Lambda retries or splits batches differently, so rows keyed by
 * segment are stable.
 *
 * <p>Ordered by window start, then sequence number (numerically), then sub-sequence number: the
 * order in which a shard's segments are processed.
 *
 * @param windowStart start of the Lambda tumbling window (arrival time)
 * @param firstSequence Kinesis sequence number (decimal digits) of the segment's first record
 * @param firstSubSequence index of the first user record inside a KPL aggregate, or -1 when the
 *     record is not an aggregate
 */
public record SegmentKey(Instant windowStart, String firstSequence, int firstSubSequence)
    implements Comparable<SegmentKey> {

  public SegmentKey {
    Objects.requireNonNull(windowStart, "windowStart");
    Objects.requireNonNull(firstSequence, "firstSequence");
    if (firstSequence.isEmpty() || firstSequence.length() > 128) {
      throw new IllegalArgumentException("sequence number must have 1-128 digits");
    }
    for (int i = 0; i < firstSequence.length(); i++) {
      char c = firstSequence.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("sequence number is not decimal: " + firstSequence);
      }
    }
    if (firstSubSequence < -1) {
      throw new IllegalArgumentException("sub-sequence number must be >= -1");
    }
  }

  /**
   * The segment as the {@code page_views.segment} column shows it: the sequence number, followed by
   * {@code :} and the sub-sequence number when the segment starts inside a KPL aggregate.
   */
  public String id() {
    return firstSubSequence < 0 ? firstSequence : firstSequence + ":" + firstSubSequence;
  }

  @Override
  public int compareTo(SegmentKey o) {
    int c = windowStart.compareTo(o.windowStart);
    if (c != 0) {
      return c;
    }
    c = compareSequence(firstSequence, o.firstSequence);
    return c != 0 ? c : Integer.compare(firstSubSequence, o.firstSubSequence);
  }

  /** Compares decimal sequence numbers numerically. */
  public static int compareSequence(String a, String b) {
    String x = stripZeros(a);
    String y = stripZeros(b);
    return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
  }

  private static String stripZeros(String s) {
    int i = 0;
    while (i < s.length() - 1 && s.charAt(i) == '0') {
      i++;
    }
    return s.substring(i);
  }
}
