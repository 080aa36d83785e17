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
  private final java.util.Map<String, String> fields;

  public AwsServiceException(String errorCode, int httpStatus, String message) {
    this(errorCode, httpStatus, message, java.util.Map.of());
  }

  private AwsServiceException(
      String errorCode, int httpStatus, String message, java.util.Map<String, String> fields) {
    super(message);
    this.errorCode = errorCode;
    this.httpStatus = httpStatus;
    this.fields = java.util.Map.copyOf(fields);
  }

  /**
   * This error with one more member of the modelled exception in the body (Athena's {@code
   * InvalidRequestException} carries {@code AthenaErrorCode}).
   */
  public AwsServiceException withField(String member, String value) {
    java.util.Map<String, String> more = new java.util.LinkedHashMap<>(fields);
    more.put(member, value);
    return new AwsServiceException(errorCode, httpStatus, getMessage(), more);
  }

  /** Extra members written into the error body beside {@code __type} and {@code message}. */
  public java.util.Map<String, String> fields() {
    return fields;
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
