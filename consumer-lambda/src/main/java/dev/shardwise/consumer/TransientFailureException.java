package dev.shardwise.consumer;

/**
 * A dependency failed in a way that a later attempt may not (Firehose throttling or errors after
 * bounded retries, the state store unavailable). The batch stops at the first affected record and
 * Lambda retries from there; the record is never treated as poison.
 */
public abstract class TransientFailureException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected TransientFailureException(String message, Throwable cause) {
    super(message, cause);
  }
}
