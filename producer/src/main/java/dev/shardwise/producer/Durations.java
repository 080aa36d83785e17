package dev.shardwise.producer;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Parses durations as people write them: {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, or
 * ISO-8601.
 */
public final class Durations {
  private Durations() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming {@code key} when the text is not a duration or negative
   */
  public static Duration parse(String key, String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(key + ": expected a duration like 250ms, 5s, 2m or PT1H");
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    Duration d;
    try {
      if (t.startsWith("pt") || t.startsWith("p")) {
        d = Duration.parse(t.toUpperCase(Locale.ROOT));
      } else if (t.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
      } else if (t.endsWith("s")) {
        d =
            Duration.ofMillis(
                Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
      } else if (t.endsWith("m")) {
        d = Duration.ofSeconds(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60));
      } else if (t.endsWith("h")) {
        d =
            Duration.ofSeconds(
                Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 3600));
      } else {
        throw new IllegalArgumentException(
            key + ": '" + text + "' has no unit; write e.g. 250ms, 5s, 2m, 1h");
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          key + ": '" + text + "' is not a duration like 250ms, 5s, 2m or PT1H", e);
    }
    if (d.isNegative()) {
      throw new IllegalArgumentException(key + ": must not be negative, was " + text);
    }
    return d;
  }
}
