package dev.shardwise.core.kpl;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A Kinesis record built by {@link AggregateBuilder}: put it with this partition key and explicit
 * hash key, and {@code data} as its blob.
 *
 * <p>Equality, hash code and string form go by content. The array is not copied: do not modify it.
 *
 * @param partitionKey the partition key of the first user record
 * @param explicitHashKey the effective hash key of the first user record, in decimal: it sends the
 *     aggregate to the shard of its user records
 * @param data magic, protobuf {@code AggregatedRecord}, MD5 of the protobuf
 * @param userRecordCount how many user records {@code data} holds, at least 1
 */
public record AggregatedRecord(
    String partitionKey, String explicitHashKey, byte[] data, int userRecordCount) {

  /** Checks that every part is present. */
  public AggregatedRecord {
    Objects.requireNonNull(partitionKey, "partitionKey");
    Objects.requireNonNull(explicitHashKey, "explicitHashKey");
    Objects.requireNonNull(data, "data");
  }

  /**
   * The size this record counts against the Kinesis record limit and the PutRecords request limit:
   * the data plus the UTF-8 bytes of the partition key.
   */
  public int sizeBytes() {
    return data.length + partitionKey.getBytes(StandardCharsets.UTF_8).length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AggregatedRecord other
        && userRecordCount == other.userRecordCount
        && partitionKey.equals(other.partitionKey)
        && explicitHashKey.equals(other.explicitHashKey)
        && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return (Objects.hash(partitionKey, explicitHashKey, userRecordCount) * 31)
        + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "AggregatedRecord[partitionKey="
        + partitionKey
        + ", explicitHashKey="
        + explicitHashKey
        + ", userRecordCount="
        + userRecordCount
        + ", data="
        + UserRecord.preview(data)
        + "]";
  }
}
