package dev.shardwise.core.window.internal;

/** Bytes that do not decode: truncated, out-of-range values, bad checksum. */
public final class CorruptInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CorruptInputException(String message) {
    super(message);
  }
}
