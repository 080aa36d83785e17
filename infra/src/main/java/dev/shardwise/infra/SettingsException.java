package dev.shardwise.infra;

/** A deployment setting (CDK context value) is missing or invalid; the message names the key. */
public final class SettingsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String key;

  public SettingsException(String key, String problem) {
    super(key + ": " + problem);
    this.key = key;
  }

  /** The context key at fault. */
  public String key() {
    return key;
  }
}
