package dev.shardwise.consumer;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One invocation's input: a batch of one shard's records within one tumbling window, the state
 * Lambda carried from the previous invocation of the window, and the window flags.
 *
 * @param stream the stream name (the state object's key includes it)
 * @param shardId the shard
 * @param windowStart start of the tumbling window (arrival time)
 * @param windowEnd end of the tumbling window
 * @param state the state map as Lambda passed it (empty at the window's first invocation)
 * @param records the records, in shard order
 * @param finalInvoke {@code isFinalInvokeForWindow}
 * @param terminatedEarly {@code isWindowTerminatedEarly}
 */
public record ShardBatch(
    String stream,
    String shardId,
    Instant windowStart,
    Instant windowEnd,
    Map<String, String> state,
    List<StreamRecord> records,
    boolean finalInvoke,
    boolean terminatedEarly) {

  public ShardBatch {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(shardId, "shardId");
    Objects.requireNonNull(windowStart, "windowStart");
    Objects.requireNonNull(windowEnd, "windowEnd");
    if (!windowEnd.isAfter(windowStart)) {
      throw new IllegalArgumentException(
          "window end " + windowEnd + " is not after window start " + windowStart);
    }
    state = state == null ? Map.of() : Map.copyOf(state);
    records = List.copyOf(records);
  }
}
