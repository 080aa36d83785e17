package dev.shardwise.consumer.internal;

import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.RejectReason;

/** Receives the user records of one Kinesis record, in order, from a {@link RecordReader}. */
public interface UserRecordHandler {

  /** A valid event, at sub-sequence number {@code sub} (-1 for a record that is no aggregate). */
  void event(int sub, Event event);

  /**
   * A user record that is not a valid event (or a whole corrupt aggregate, with {@code sub} -1).
   * The data slice is valid only during the call.
   */
  void reject(
      int sub,
      String partitionKey,
      RejectReason reason,
      String message,
      byte[] data,
      int offset,
      int length);

  /**
   * A user record of an aggregate whose hash key lies outside this shard's range: it belongs to
   * another shard (where its producer re-sends it), so it is skipped here.
   */
  void otherShard(int sub);
}
