package dev.shardwise.consumer.state;

import dev.shardwise.consumer.TransientFailureException;

/** The state store could not be read or written now; the batch is retried later. */
public final class StoreUnavailableException extends TransientFailureException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
