package dev.shardwise.consumer.state;

import dev.shardwise.consumer.TransientFailureException;

/** A shard's parents could not be looked up now; the batch is retried later. */
public final class LineageUnavailableException extends TransientFailureException {
  private static final long serialVersionUID = 1L;

  public LineageUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
