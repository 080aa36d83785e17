package dev.shardwise.consumer;

/** An invalid setting: the message names the environment variable and what it must be. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String key;

  public ConfigException(String key, String message) {
    super(key + ": " + message);
    this.key = key;
  }

  /** The environment variable at fault. */
  public String key() {
    return key;
  }
}
