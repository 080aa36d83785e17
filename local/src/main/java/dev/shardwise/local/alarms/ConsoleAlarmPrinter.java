package dev.shardwise.local.alarms;

import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * Prints each transition as one line, as {@code demo} and {@code local} show them: {@code 10:15:00Z
 * ALARM shardwise-silence (critical) OK -> ALARM: Threshold Crossed: ...}.
 */
public final class ConsoleAlarmPrinter implements AlarmListener {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private final PrintStream out;

  public ConsoleAlarmPrinter(PrintStream out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  @Override
  public void onStateChange(StateChange c) {
    out.println(line(c));
  }

  static String line(StateChange c) {
    return String.format(
        "%s %-17s %s (%s) %s -> %s: %s",
        TIME.format(c.timestamp()),
        c.newState(),
        c.alarmName(),
        c.severity().code(),
        c.oldState(),
        c.newState(),
        c.reason());
  }
}
