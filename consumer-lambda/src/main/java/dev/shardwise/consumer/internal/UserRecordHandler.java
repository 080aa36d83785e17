package dev.shardwise.consumer.internal;

import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.RejectReason;

/** Receives the user records of one Kinesis record, in order, from a {@link RecordReader}. */
public interface UserRecordHandler {

  /**
   * A valid event, at sub-sequence number {@code sub} (-1 for a record that is no aggregate), with
   * {@code fingerprint} = {@link dev.shardwise.core.window.EventFingerprint#of} of its id.
   */
  void event(int sub, Event event, long fingerprint);

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

  /**
   * Where the reader keeps the valid events of this pass so that a byte-identical copy later in the
   * pass is not decoded again, or null to decode every record. The records handed to this handler
   * must outlive the returned object (a planning pass over one batch: they do).
   */
  default DecodedCopies copies() {
    return null;
  }
}
