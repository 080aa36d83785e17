package dev.shardwise.local.kinesis.internal;

import java.nio.charset.StandardCharsets;

/**
 * One record as a shard keeps it: its position is implied by where it sits in the shard.
 *
 * @param size bytes counted against per-record, throughput and retention limits: data plus the
 *     partition key's UTF-8 bytes
 */
public record StoredRecord(long arrivalMillis, String partitionKey, byte[] data, int size) {
  public StoredRecord(long arrivalMillis, String partitionKey, byte[] data) {
    this(arrivalMillis, partitionKey, data, data.length + partitionKeyBytes(partitionKey));
  }

  /** The same record with another arrival time. */
  StoredRecord arrivedAt(long millis) {
    return new StoredRecord(millis, partitionKey, data, size);
  }

  /** UTF-8 length of a partition key (ASCII fast path). */
  public static int partitionKeyBytes(String key) {
    for (int i = 0; i < key.length(); i++) {
      if (key.charAt(i) >= 0x80) {
        return key.getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return key.length();
  }
}
