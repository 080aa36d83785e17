package dev.shardwise.consumer.internal;

import dev.shardwise.consumer.StreamRecord;

/**
 * Turns a Kinesis record into events and rejects: deaggregates KPL, decodes and validates each user
 * record. Deterministic and stateless; never throws for bad data (poison becomes rejects).
 */
@FunctionalInterface
public interface RecordReader {
  void read(StreamRecord record, UserRecordHandler handler);
}
