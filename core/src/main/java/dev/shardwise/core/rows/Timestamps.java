package dev.shardwise.core.rows;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The timestamp format of every output row: ISO-8601 UTC with milliseconds. */
public final class Timestamps {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  /** {@code 2026-11-21T10:15:00.000Z}. */
  public static String format(Instant t) {
    return FORMAT.format(t);
  }
}
