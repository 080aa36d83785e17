package dev.shardwise.consumer.sink;

import dev.shardwise.consumer.TransientFailureException;

/** Records that a delivery stream did not accept within the retry budget. */
public final class EmitFailedException extends TransientFailureException {
  private static final long serialVersionUID = 1L;

  private final String stream;
  private final int firstFailedIndex;
  private final int failedCount;
  private final int retries;

  public EmitFailedException(
      String stream,
      int firstFailedIndex,
      int failedCount,
      int retries,
      String reason,
      Throwable cause) {
    super(
        "Firehose delivery stream "
            + stream
            + " did not accept "
            + failedCount
            + " record(s) (first at index "
            + firstFailedIndex
            + ") after "
            + retries
            + " retries: "
            + reason,
        cause);
    this.stream = stream;
    this.firstFailedIndex = firstFailedIndex;
    this.failedCount = failedCount;
    this.retries = retries;
  }

  public String stream() {
    return stream;
  }

  /** The lowest index (in the list given to {@code put}) that was not delivered. */
  public int firstFailedIndex() {
    return firstFailedIndex;
  }

  public int failedCount() {
    return failedCount;
  }

  public int retries() {
    return retries;
  }
}
