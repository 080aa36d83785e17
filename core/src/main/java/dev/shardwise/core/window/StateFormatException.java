package dev.shardwise.core.window;

/**
 * Encoded state that this release cannot read: not a shardwise state, a format version it does not
 * know, or corrupt bytes. Never retried into success: the message says which, so an operator can
 * tell a deployment mix-up from corruption.
 */
public final class StateFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StateFormatException(String message) {
    super(message);
  }

  public StateFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
