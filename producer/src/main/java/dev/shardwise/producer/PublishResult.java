package dev.shardwise.producer;

/**
 * Where Kinesis stored a record.
 *
 * @param shardId the shard that holds it
 * @param sequenceNumber the Kinesis record's sequence number
 * @param subSequenceNumber the index of the event inside a KPL aggregate, or -1 when the record was
 *     sent on its own
 * @param attempts PutRecords attempts that carried it (1 = first try)
 */
public record PublishResult(
    String shardId, String sequenceNumber, int subSequenceNumber, int attempts) {}
