package dev.shardwise.consumer.internal;

import dev.shardwise.consumer.StreamRecord;

/**
 * Turns a Kinesis record of one shard into events and rejects: deaggregates KPL, decodes and
 * validates each user record. Deterministic; never throws for bad data (poison becomes rejects). It
 * may throw a {@link dev.shardwise.consumer.TransientFailureException} when something it must look
 * up (the shard's hash-key range) cannot be had now: the batch stops at that record.
 */
@FunctionalInterface
public interface RecordReader {
  /**
   * Reads {@code record}, read from shard {@code shardId} of {@code stream}, into {@code handler}.
   */
  void read(String stream, String shardId, StreamRecord record, UserRecordHandler handler);
}
