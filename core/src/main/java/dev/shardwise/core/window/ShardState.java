package dev.shardwise.core.window;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a shard keeps across windows, restarts and redeploys (one object per shard in the state
 * store): the last segment whose close was applied, each detector's opaque state, and the event-id
 * fingerprints of the recent closed segments, so a duplicate whose copies straddle a window
 * boundary is still counted once. It also keeps the anomaly rows of the last close: the consumer
 * saves this state before it emits, so a close retried after a failed emission re-emits exactly the
 * rows that were detected (detectors never run twice on one segment).
 *
 * @param lastApplied the last segment whose rows were emitted and whose detector state is included
 *     here; {@code null} for a new shard
 * @param detectorStates detector name to its state (bytes are not copied: do not modify)
 * @param recent fingerprints of recent closed segments, in segment order
 * @param lastAnomalyRows the anomaly rows (JSON lines) detected at the close of {@code lastApplied}
 */
public record ShardState(
    SegmentKey lastApplied,
    Map<String, byte[]> detectorStates,
    List<ClosedSegment> recent,
    List<byte[]> lastAnomalyRows) {

  /** The fingerprints of one closed segment. */
  public record ClosedSegment(SegmentKey segment, FingerprintSet fingerprints) {
    public ClosedSegment {
      Objects.requireNonNull(segment, "segment");
      Objects.requireNonNull(fingerprints, "fingerprints");
    }
  }

  public ShardState {
    detectorStates = Collections.unmodifiableMap(new TreeMap<>(detectorStates));
    recent = List.copyOf(recent);
    lastAnomalyRows = List.copyOf(lastAnomalyRows);
    for (int i = 1; i < recent.size(); i++) {
      if (recent.get(i - 1).segment().compareTo(recent.get(i).segment()) >= 0) {
        throw new IllegalArgumentException("recent segments must be in increasing order");
      }
    }
  }

  /** The state of a shard never seen before. */
  public static ShardState empty() {
    return new ShardState(null, Map.of(), List.of(), List.of());
  }

  /** Whether the close of {@code segment} (or of a later segment) was applied already. */
  public boolean hasApplied(SegmentKey segment) {
    return lastApplied != null && lastApplied.compareTo(segment) >= 0;
  }

  /**
   * The fingerprints counted by segments before {@code current} whose window started at most {@code
   * horizon} before the current window: the ids a segment must treat as already counted.
   */
  public FingerprintSet earlierFingerprints(SegmentKey current, Duration horizon) {
    int expected = 0;
    List<FingerprintSet> sets = new ArrayList<>();
    for (ClosedSegment c : recent) {
      if (inHorizon(c.segment(), current, horizon) && c.segment().compareTo(current) < 0) {
        sets.add(c.fingerprints());
        expected += c.fingerprints().size();
      }
    }
    FingerprintSet union = new FingerprintSet(expected);
    for (FingerprintSet s : sets) {
      union.addAll(s);
    }
    return union;
  }

  private static boolean inHorizon(SegmentKey s, SegmentKey current, Duration horizon) {
    return !s.windowStart().isBefore(current.windowStart().minus(horizon));
  }

  /**
   * The state after the close of {@code closed}: it becomes {@link #lastApplied}, its fingerprints
   * join {@link #recent} (dropping segments out of {@code horizon} and any not before it), the
   * detector states are replaced and the close's anomaly rows are kept.
   */
  public ShardState afterClose(
      SegmentKey closed,
      FingerprintSet fingerprints,
      Map<String, byte[]> newDetectorStates,
      List<byte[]> anomalyRows,
      Duration horizon) {
    List<ClosedSegment> kept = new ArrayList<>();
    for (ClosedSegment c : recent) {
      if (inHorizon(c.segment(), closed, horizon) && c.segment().compareTo(closed) < 0) {
        kept.add(c);
      }
    }
    kept.add(new ClosedSegment(closed, fingerprints));
    return new ShardState(closed, newDetectorStates, kept, anomalyRows);
  }
}
