package dev.shardwise.core.detect;

/** The {@code anomalies.severity} column. */
public enum Severity {
  INFO("info"),
  WARNING("warning"),
  CRITICAL("critical");

  private final String code;

  Severity(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
