package dev.shardwise.local.s3;

/**
 * An S3 error with its AWS code and HTTP status ({@code NoSuchBucket} 404, {@code NoSuchKey} 404,
 * {@code PreconditionFailed} 412, {@code BucketAlreadyOwnedByYou} 409, {@code BucketNotEmpty} 409,
 * {@code InvalidBucketName} 400, {@code InvalidArgument} 400, ...). The S3 endpoint answers it as
 * S3's XML error body.
 */
public final class S3Exception extends Exception {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final int httpStatus;

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

  public static S3Exception noSuchBucket(String bucket) {
    return new S3Exception("NoSuchBucket", 404, "The specified bucket does not exist: " + bucket);
  }

  public static S3Exception noSuchKey(String key) {
    return new S3Exception("NoSuchKey", 404, "The specified key does not exist: " + key);
  }

  public static S3Exception preconditionFailed() {
    return new S3Exception(
        "PreconditionFailed", 412, "At least one of the pre-conditions you specified did not hold");
  }
}
