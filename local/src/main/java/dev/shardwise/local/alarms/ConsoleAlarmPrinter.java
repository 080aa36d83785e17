package dev.shardwise.local.alarms;

import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Prints each transition as one line, as {@code demo} and {@code local} show them: {@code 10:15:00Z
 * ALARM shardwise-silence (critical) OK -> ALARM: Threshold Crossed: ...}.
 */
public final class ConsoleAlarmPrinter implements AlarmListener {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private final Consumer<String> out;

  public ConsoleAlarmPrinter(PrintStream out) {
    this(Objects.requireNonNull(out, "out")::println);
  }

  /** Prints to whatever takes a line (a {@code PrintWriter}'s {@code println}, a logger). */
  public ConsoleAlarmPrinter(Consumer<String> out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  @Override
  public void onStateChange(StateChange c) {
    out.accept(line(c));
  }

  /** The printed line of one change. */
  public static String line(StateChange c) {
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
