package dev.shardwise.local.kinesis.internal;

/** One record as a shard keeps it: its position is implied by where it sits in the shard. */
public record StoredRecord(long arrivalMillis, String partitionKey, byte[] data) {
  /** Bytes counted against per-record, throughput and retention limits. */
  public int size() {
    return data.length + partitionKeyBytes(partitionKey);
  }

  /** UTF-8 length of a partition key (ASCII fast path). */
  public static int partitionKeyBytes(String key) {
    int n = key.length();
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c >= 0x80) {
        return key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      }
    }
    return n;
  }
}
