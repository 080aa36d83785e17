package dev.shardwise.producer;

import java.util.Objects;

/**
 * The failure of one record: the reason, how many times it was sent, and the last error Kinesis or
 * the client reported (code and message, {@code null} when there was none).
 */
public final class PublishException extends Exception {
  private static final long serialVersionUID = 1L;

  private final PublishFailure failure;
  private final String partitionKey;
  private final int attempts;
  private final String lastErrorCode;

  public PublishException(
      PublishFailure failure,
      String partitionKey,
      int attempts,
      String lastErrorCode,
      String message) {
    super(
        failure
            + " (partition key "
            + partitionKey
            + ", "
            + attempts
            + " attempt(s)"
            + (lastErrorCode == null ? "" : ", last error " + lastErrorCode)
            + "): "
            + message);
    this.failure = Objects.requireNonNull(failure, "failure");
    this.partitionKey = partitionKey;
    this.attempts = attempts;
    this.lastErrorCode = lastErrorCode;
  }

  public PublishFailure failure() {
    return failure;
  }

  public String partitionKey() {
    return partitionKey;
  }

  /** PutRecords attempts that carried the record. */
  public int attempts() {
    return attempts;
  }

  /**
   * The last error code seen for the record ({@code ProvisionedThroughputExceededException}...).
   */
  public String lastErrorCode() {
    return lastErrorCode;
  }
}
