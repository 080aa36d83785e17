package dev.shardwise.core.detect;

import dev.shardwise.core.window.WindowSummary;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A detector run at the close of every window segment of a shard, with the segment's summary and
 * the state it returned at the previous close of that shard.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li><b>Order.</b> For one shard, {@link #detect} sees the shard's segments in order, each at
 *       most once in the persisted history: the consumer records the last applied segment with the
 *       detector states, atomically (conditional write), and skips a segment already applied.
 *   <li><b>Pure and deterministic.</b> The result depends only on the arguments: no clock, no I/O,
 *       randomness only from a seed kept in the state. A close that fails after {@code detect}
 *       (Firehose or the store unavailable) calls it again with the same arguments and must get the
 *       same anomalies, whose row ids are then the same.
 *   <li><b>State.</b> Opaque bytes the detector owns, {@code null} for a shard it has not seen (or
 *       after a state reset): it must then warm up before it reports anything. Keep it small
 *       (kilobytes per shard to a few MB): it is read and written once per window. Version its
 *       format yourself.
 *   <li><b>Thread-safety.</b> Instances are shared by all shards of a container; calls may come
 *       from one thread at a time per shard but for different shards concurrently: keep no mutable
 *       fields.
 *   <li><b>Failures.</b> Throwing fails the close like an unavailable dependency (the batch is
 *       retried); a bug therefore stalls the shard until fixed: prefer reporting nothing.
 * </ul>
 */
public interface WindowDetector {

  /** A stable name, {@code [a-z0-9_-]{1,64}}: the key of its state. */
  String name();

  /**
   * Examines a closed segment.
   *
   * @param window the closed segment's summary
   * @param state the state returned by the previous call for this shard, or {@code null}
   * @return the anomalies found (possibly none) and the new state ({@code null} to drop it)
   */
  Detection detect(WindowSummary window, byte[] state);

  /**
   * The kinds of anomaly {@link #detect} may report ({@link Anomaly#kind()}). The consumer reports
   * each one at every close as a count, 0 when none was found, so that an alarm on a kind sees that
   * the detector ran and found nothing (not only the minutes it found something).
   */
  default Set<String> kinds() {
    return Set.of();
  }

  /**
   * The state a child shard starts from after a reshard (a split has one parent, a merge two), or
   * {@code null} to start cold. Pure like {@link #detect}. The child still warms up whatever cannot
   * carry over; keys carried over are already warm.
   *
   * @param parentStates the parents' last states (entries may be {@code null})
   */
  default byte[] inherit(List<byte[]> parentStates) {
    return null;
  }

  /** What {@link #detect} returns. */
  record Detection(List<Anomaly> anomalies, byte[] state) {
    public Detection {
      anomalies = List.copyOf(Objects.requireNonNull(anomalies, "anomalies"));
    }
  }
}
