package dev.shardwise.local.server;

/**
 * An error answered to the client in AWS's shape: an error code ({@code __type} for the JSON
 * protocols, {@code <Code>} for S3), a message and an HTTP status. The SDK maps the code to its
 * modelled exception type and decides retries from code and status, so use the codes AWS uses.
 */
public final class AwsServiceException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String errorCode;
  private final int httpStatus;

  public AwsServiceException(String errorCode, int httpStatus, String message) {
    super(message);
    this.errorCode = errorCode;
    this.httpStatus = httpStatus;
  }

  public String errorCode() {
    return errorCode;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** 400 {@code ValidationException}: a parameter broke a modelled constraint. */
  public static AwsServiceException validation(String message) {
    return new AwsServiceException("ValidationException", 400, message);
  }

  /** 400 {@code SerializationException}: the body is not a document of the expected shape. */
  public static AwsServiceException serialization(String message) {
    return new AwsServiceException("SerializationException", 400, message);
  }

  /** 400 {@code InvalidArgumentException}: a parameter is valid in shape but not in meaning. */
  public static AwsServiceException invalidArgument(String message) {
    return new AwsServiceException("InvalidArgumentException", 400, message);
  }

  /** 400 {@code ResourceNotFoundException}. */
  public static AwsServiceException resourceNotFound(String message) {
    return new AwsServiceException("ResourceNotFoundException", 400, message);
  }

  /** 400 {@code ResourceInUseException}. */
  public static AwsServiceException resourceInUse(String message) {
    return new AwsServiceException("ResourceInUseException", 400, message);
  }

  /** 400 {@code LimitExceededException}. */
  public static AwsServiceException limitExceeded(String message) {
    return new AwsServiceException("LimitExceededException", 400, message);
  }

  /** 400 {@code UnknownOperationException}: the target names no operation of the service. */
  public static AwsServiceException unknownOperation(String target) {
    return new AwsServiceException(
        "UnknownOperationException", 400, "Unknown operation: " + (target == null ? "" : target));
  }

  /** 500 {@code InternalFailure}: a bug or an I/O failure on our side; the SDK retries it. */
  public static AwsServiceException internalFailure(String message) {
    return new AwsServiceException("InternalFailure", 500, message);
  }

  /** 503 {@code ServiceUnavailableException}: injected faults and overload; the SDK retries it. */
  public static AwsServiceException serviceUnavailable(String message) {
    return new AwsServiceException("ServiceUnavailableException", 503, message);
  }
}
