package dev.shardwise.producer.internal;

import java.util.Set;

/** How the publisher treats an error: back off and retry, retry, or give up on the records. */
public enum ErrorKind {
  /** The shard or account is over a limit: back off, then retry. */
  THROTTLE,
  /** The service or the connection failed; the same request may succeed: retry with backoff. */
  TRANSIENT,
  /** Retrying cannot help (no such stream, access denied, KMS key disabled): fail the records. */
  PERMANENT;

  private static final Set<String> THROTTLE_CODES =
      Set.of(
          "ProvisionedThroughputExceededException",
          "LimitExceededException",
          "KMSThrottlingException",
          "ThrottlingException",
          "Throttling",
          "RequestLimitExceeded",
          "TooManyRequestsException",
          "SlowDown");

  private static final Set<String> TRANSIENT_CODES =
      Set.of(
          "InternalFailure",
          "InternalFailureException",
          "InternalServerError",
          "ServiceUnavailable",
          "ServiceUnavailableException",
          "RequestTimeout",
          "RequestTimeoutException");

  /**
   * The kind of an error code, as in a PutRecords result entry or an error response; {@code
   * httpStatus} is -1 when unknown. Unknown codes with a 5xx status are transient; other unknown
   * codes are permanent.
   */
  public static ErrorKind of(String errorCode, int httpStatus) {
    if (errorCode != null && THROTTLE_CODES.contains(errorCode)) {
      return THROTTLE;
    }
    if (httpStatus == 429) {
      return THROTTLE;
    }
    if (errorCode != null && TRANSIENT_CODES.contains(errorCode)) {
      return TRANSIENT;
    }
    if (httpStatus >= 500) {
      return TRANSIENT;
    }
    return PERMANENT;
  }
}
