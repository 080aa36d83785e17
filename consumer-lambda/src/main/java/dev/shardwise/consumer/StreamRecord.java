package dev.shardwise.consumer;

import java.time.Instant;
import java.util.Objects;

/**
 * One Kinesis record as Lambda delivers it.
 *
 * @param sequenceNumber its sequence number (decimal)
 * @param partitionKey its partition key
 * @param arrival its approximate arrival time
 * @param data its bytes: one event's JSON or a KPL aggregate (not copied: do not modify)
 */
public record StreamRecord(
    String sequenceNumber, String partitionKey, Instant arrival, byte[] data) {
  public StreamRecord {
    Objects.requireNonNull(sequenceNumber, "sequenceNumber");
    Objects.requireNonNull(partitionKey, "partitionKey");
    Objects.requireNonNull(arrival, "arrival");
    Objects.requireNonNull(data, "data");
  }
}
