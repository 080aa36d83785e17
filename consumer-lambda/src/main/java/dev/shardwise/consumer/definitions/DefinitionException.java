package dev.shardwise.consumer.definitions;

/**
 * A shared definition file that does not parse or breaks a rule; the message names file and field.
 */
public final class DefinitionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DefinitionException(String message, Throwable cause) {
    super(message, cause);
  }
}
