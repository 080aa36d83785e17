package dev.shardwise.local.s3.internal;

import java.util.List;
import java.util.Map;

/**
 * What the store keeps about one object besides its bytes, as persisted under {@code .s3meta/}.
 * {@code fileSize} and {@code fileMtimeNanos} describe the data file the record was written for;
 * when the file no longer matches them (someone replaced it outside the store), the record is stale
 * and the store derives fresh metadata from the file. {@code partSizes} is empty for a single-part
 * object.
 */
public record StoredMeta(
    String key,
    long fileSize,
    long fileMtimeNanos,
    String etag,
    long lastModifiedMillis,
    String contentType,
    Map<String, String> userMetadata,
    Map<String, String> headers,
    String checksumAlgorithm,
    String checksumValue,
    String checksumType,
    List<Long> partSizes) {

  public StoredMeta {
    userMetadata = userMetadata == null ? Map.of() : Map.copyOf(userMetadata);
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    partSizes = partSizes == null ? List.of() : List.copyOf(partSizes);
  }

  public StoredMeta withFile(long size, long mtimeNanos) {
    return new StoredMeta(
        key,
        size,
        mtimeNanos,
        etag,
        lastModifiedMillis,
        contentType,
        userMetadata,
        headers,
        checksumAlgorithm,
        checksumValue,
        checksumType,
        partSizes);
  }
}
