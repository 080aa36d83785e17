package dev.shardwise.local.s3;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An S3 error with its AWS code and HTTP status ({@code NoSuchBucket} 404, {@code NoSuchKey} 404,
 * {@code PreconditionFailed} 412, {@code BucketAlreadyOwnedByYou} 409, {@code BucketNotEmpty} 409,
 * {@code InvalidBucketName} 400, {@code InvalidArgument} 400, ...). The S3 endpoint answers it as
 * S3's XML error body, with the {@link #details} (such as {@code Key}, {@code BucketName}, {@code
 * Condition}) as extra elements, in the order added.
 */
public final class S3Exception extends Exception {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final int httpStatus;
  private final LinkedHashMap<String, String> details = new LinkedHashMap<>();

  public S3Exception(String code, int httpStatus, String message) {
    super(message);
    this.code = code;
    this.httpStatus = httpStatus;
  }

  public String code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /**
   * Adds an element of the XML error body ({@code Key}, {@code BucketName}, ...); a null value is
   * skipped.
   */
  public S3Exception withDetail(String element, String value) {
    if (value != null) {
      details.put(element, value);
    }
    return this;
  }

  /** Extra elements of the XML error body, in the order added. */
  public Map<String, String> details() {
    return Collections.unmodifiableMap(details);
  }

  public static S3Exception noSuchBucket(String bucket) {
    return new S3Exception("NoSuchBucket", 404, "The specified bucket does not exist")
        .withDetail("BucketName", bucket);
  }

  public static S3Exception noSuchKey(String key) {
    return new S3Exception("NoSuchKey", 404, "The specified key does not exist.")
        .withDetail("Key", key);
  }

  public static S3Exception preconditionFailed() {
    return new S3Exception(
        "PreconditionFailed", 412, "At least one of the pre-conditions you specified did not hold");
  }

  /** 400 {@code InvalidArgument} naming the argument, as S3 does. */
  public static S3Exception invalidArgument(String message, String name, String value) {
    return new S3Exception("InvalidArgument", 400, message)
        .withDetail("ArgumentName", name)
        .withDetail("ArgumentValue", value);
  }
}
