package dev.shardwise.core.kpl;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One user record: what a producer put and a consumer reads, whether it travelled alone or inside a
 * KPL aggregate.
 *
 * <p>Equality, hash code and string form go by content (the bytes of {@code data}, not the array's
 * identity). The array is not copied, to keep the hot path free of copies: neither the creator nor
 * a reader may modify it afterwards.
 *
 * @param partitionKey the record's partition key, never null
 * @param explicitHashKey its explicit hash key (decimal), or null when it routes by partition key
 * @param data its payload, possibly empty, never null
 */
public record UserRecord(String partitionKey, String explicitHashKey, byte[] data) {
  private static final int PREVIEW_BYTES = 32;

  /** Checks that the partition key and data are present. */
  public UserRecord {
    Objects.requireNonNull(partitionKey, "partitionKey");
    Objects.requireNonNull(data, "data");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UserRecord other
        && partitionKey.equals(other.partitionKey)
        && Objects.equals(explicitHashKey, other.explicitHashKey)
        && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(partitionKey, explicitHashKey) * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "UserRecord[partitionKey="
        + partitionKey
        + ", explicitHashKey="
        + explicitHashKey
        + ", data="
        + preview(data)
        + "]";
  }

  static String preview(byte[] data) {
    int shown = Math.min(data.length, PREVIEW_BYTES);
    String hex = HexFormat.of().formatHex(data, 0, shown);
    return data.length
        + " bytes"
        + (shown == 0 ? "" : " " + hex + (shown < data.length ? "…" : ""));
  }
}
