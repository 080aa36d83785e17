package dev.shardwise.consumer.state;

/** Another writer changed the shard's state since it was loaded: reload and decide again. */
public final class StateConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StateConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
