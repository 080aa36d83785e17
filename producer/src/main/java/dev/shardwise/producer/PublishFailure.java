package dev.shardwise.producer;

/** Why a record's future failed. Each is final for that record: the publisher gave up on it. */
public enum PublishFailure {
  /** The buffer was full (fail-fast, or the block timeout passed). Never sent. */
  BUFFER_FULL(false),
  /**
   * Data plus partition key exceed 1 MiB, or the partition key is not 1-256 characters. Never sent.
   */
  INVALID_RECORD(false),
  /** The record time-to-live passed before Kinesis accepted it (retries exhausted). */
  EXPIRED(false),
  /**
   * Kinesis answered with an error that retrying cannot fix (e.g. stream not found, KMS disabled).
   */
  REJECTED(false),
  /** The publisher was closed before the record was sent. */
  CLOSED(false),
  /**
   * The publisher was closed while a request holding the record had no answer yet: Kinesis may or
   * may not hold it.
   */
  CLOSED_IN_FLIGHT(true);

  private final boolean mayHaveBeenWritten;

  PublishFailure(boolean mayHaveBeenWritten) {
    this.mayHaveBeenWritten = mayHaveBeenWritten;
  }

  /** Whether the stream may hold the record despite the failure. */
  public boolean mayHaveBeenWritten() {
    return mayHaveBeenWritten;
  }
}
