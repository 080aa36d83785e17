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
   * A user record of an aggregate that holds a user record whose hash key lies outside this shard's
   * range: the aggregate was misrouted by a stale shard map, its producer re-sends all of its user
   * records, so each is skipped here (as the KCL drops such an aggregate).
   */
  void otherShard(int sub);
}
