package dev.shardwise.core.kpl.internal;

/**
 * Why an aggregate cannot be decoded. Control flow inside the decoder only: it never leaves {@code
 * KplDecoder}, which turns it into a {@code Deaggregated.Corrupt}. Carries no stack trace.
 */
public final class CorruptAggregateException extends Exception {
  private static final long serialVersionUID = 1L;

  CorruptAggregateException(String message) {
    super(message, null, false, false);
  }
}
