package dev.shardwise.consumer.definitions;

import java.util.Locale;

/** How urgent an alarm is; the same words the anomaly rows use. */
public enum Severity {
  /** Data is being lost or delayed: wake someone (through the paging composite). */
  CRITICAL,
  /** Degraded, absorbed for now: look at it during working hours. */
  WARNING,
  /** Worth knowing, no action expected. */
  INFO;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The severity written {@code code}, or {@code null}. */
  public static Severity fromCode(String code) {
    for (Severity s : values()) {
      if (s.code().equals(code)) {
        return s;
      }
    }
    return null;
  }
}
