package dev.shardwise.consumer.state;

import dev.shardwise.core.window.ShardState;
import dev.shardwise.core.window.ShardStateCodec;
import dev.shardwise.core.window.StateFormatException;
import java.util.Objects;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@link ShardStateStore} on S3: object {@code <prefix><stream>/<shardId>.state} holding {@link
 * ShardStateCodec} bytes; the version tag is the ETag, writes are conditional ({@code If-Match} the
 * loaded ETag, or {@code If-None-Match: *} for a shard's first write), so a lost race shows up as
 * 412 {@code PreconditionFailed} (or 409 {@code ConditionalRequestConflict}).
 */
public final class S3ShardStateStore implements ShardStateStore {
  private final S3Client s3;
  private final String bucket;
  private final String prefix;

  public S3ShardStateStore(S3Client s3, String bucket, String prefix) {
    this.s3 = Objects.requireNonNull(s3, "s3");
    this.bucket = Objects.requireNonNull(bucket, "bucket");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
  }

  /** The object key of a shard's state. */
  public String key(String stream, String shardId) {
    return prefix + stream + "/" + shardId + ".state";
  }

  @Override
  public VersionedState load(String stream, String shardId) {
    String key = key(stream, shardId);
    ResponseBytes<GetObjectResponse> bytes;
    try {
      bytes = s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key).build());
    } catch (NoSuchKeyException e) {
      return new VersionedState(ShardState.empty(), null);
    } catch (SdkException e) {
      throw unavailable("read", key, e);
    }
    try {
      return new VersionedState(
          ShardStateCodec.decode(bytes.asByteArrayUnsafe()), bytes.response().eTag());
    } catch (StateFormatException e) {
      throw new StateFormatException("s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String save(String stream, String shardId, ShardState state, String expectedTag) {
    String key = key(stream, shardId);
    PutObjectRequest.Builder req =
        PutObjectRequest.builder().bucket(bucket).key(key).contentType("application/octet-stream");
    if (expectedTag == null) {
      req.ifNoneMatch("*");
    } else {
      req.ifMatch(expectedTag);
    }
    try {
      PutObjectResponse response =
          s3.putObject(req.build(), RequestBody.fromBytes(ShardStateCodec.encode(state)));
      return response.eTag();
    } catch (S3Exception e) {
      if (e.statusCode() == 412 || e.statusCode() == 409) {
        throw new StateConflictException(
            "s3://"
                + bucket
                + "/"
                + key
                + " changed since it was read (expected "
                + (expectedTag == null ? "no object" : "ETag " + expectedTag)
                + ")",
            e);
      }
      throw unavailable("write", key, e);
    } catch (SdkException e) {
      throw unavailable("write", key, e);
    }
  }

  private StoreUnavailableException unavailable(String op, String key, SdkException e) {
    String detail =
        e instanceof S3Exception s && s.awsErrorDetails() != null
            ? s.awsErrorDetails().errorCode() + " (HTTP " + s.statusCode() + ")"
            : e.getClass().getSimpleName() + ": " + e.getMessage();
    return new StoreUnavailableException(
        "cannot " + op + " shard state s3://" + bucket + "/" + key + ": " + detail, e);
  }
}
