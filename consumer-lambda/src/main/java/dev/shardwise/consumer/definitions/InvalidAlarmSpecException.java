package dev.shardwise.consumer.definitions;

/** The alarm specification breaks a rule; the message names the offending key. */
public final class InvalidAlarmSpecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String path;

  public InvalidAlarmSpecException(String path, String problem) {
    super(path + ": " + problem);
    this.path = path;
  }

  /** Where in the specification, e.g. {@code Alarms[3].Period}. */
  public String path() {
    return path;
  }
}
