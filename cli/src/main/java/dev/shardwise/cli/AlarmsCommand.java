package dev.shardwise.cli;

import dev.shardwise.consumer.definitions.AlarmSpecification;
import dev.shardwise.consumer.definitions.Runbook;
import dev.shardwise.local.alarms.AlarmJournal;
import dev.shardwise.local.alarms.AlarmState;
import dev.shardwise.local.alarms.AlarmStatus;
import dev.shardwise.local.alarms.StateChange;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shardwise alarms}: the alarms of a local run, from its data directory: every alarm's
 * current state (ALARM first), the latest transitions, and on request an alarm's runbook.
 */
@Command(
    name = "alarms",
    description = {
      "Show the alarms of a local run (demo or local): current states, the latest state changes,",
      "and an alarm's runbook. Reads <data-dir>/.alarms/ written by the run."
    })
final class AlarmsCommand implements Callable<Integer> {
  static final int EXIT_NO_DATA = 1;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--data-dir",
      defaultValue = ".shardwise",
      description = "the run's data directory (default: ${DEFAULT-VALUE})")
  Path dataDir;

  @Option(
      names = "--history",
      defaultValue = "20",
      paramLabel = "N",
      description = "list the latest N state changes; -1 for all (default: ${DEFAULT-VALUE})")
  int history;

  @Option(
      names = "--runbook",
      paramLabel = "ALARM",
      description = "print the runbook of ALARM and exit")
  String runbook;

  @Option(names = "--wide", description = "do not cut the reason column")
  boolean wide;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    AlarmSpecification alarms = AlarmSpecification.load();
    if (runbook != null) {
      return printRunbook(out, alarms);
    }
    if (!print(out, dataDir, history, wide)) {
      spec.commandLine()
          .getErr()
          .println(
              "shardwise: no alarm states under "
                  + dataDir.resolve(".alarms")
                  + ": run `shardwise demo` or `shardwise local` first (or pass --data-dir)");
      return EXIT_NO_DATA;
    }
    return 0;
  }

  /**
   * Prints the alarm states of a run (ALARM first) and its latest {@code history} state changes
   * ({@code -1} all, 0 none), as {@code shardwise alarms} does; the demo prints its history too.
   *
   * @return false when the data directory holds no alarm states (nothing printed)
   */
  static boolean print(PrintWriter out, Path dataDir, int history, boolean wide)
      throws IOException {
    return print(out, dataDir, history, wide, false);
  }

  /**
   * {@link #print(PrintWriter, Path, int, boolean)}; {@code quiet} (the demo) leaves out the alarms
   * that are OK and folds the first evaluations (INSUFFICIENT_DATA to OK) into one line, so that
   * what fired stands out.
   */
  static boolean print(PrintWriter out, Path dataDir, int history, boolean wide, boolean quiet)
      throws IOException {
    List<AlarmStatus> states = AlarmJournal.readStates(dataDir);
    if (states.isEmpty()) {
      return false;
    }
    Instant evaluated =
        states.stream()
            .map(AlarmStatus::lastEvaluated)
            .filter(t -> t != null)
            .max(Comparator.naturalOrder())
            .orElse(null);
    long inAlarm = states.stream().filter(s -> s.state() == AlarmState.ALARM).count();
    out.println(
        "Alarms of the run in "
            + dataDir
            + (evaluated == null
                ? " (never evaluated)"
                : ", last evaluated " + TIME.format(evaluated))
            + ": "
            + inAlarm
            + " in ALARM of "
            + states.size());
    out.println();
    TextTable now = new TextTable("STATE", "ALARM", "SEVERITY", "SINCE", "REASON");
    states.stream()
        .filter(s -> !quiet || s.state() != AlarmState.OK)
        .sorted(
            Comparator.comparing((AlarmStatus s) -> order(s.state()))
                .thenComparing(s -> s.severity().ordinal()))
        .forEach(
            s ->
                now.row(
                    s.state().name(),
                    s.name(),
                    s.severity().code(),
                    TIME.format(s.since()),
                    s.reason()));
    if (now.isEmpty()) {
      out.println("All " + states.size() + " alarms are OK.");
    } else {
      now.print(out, wide ? 0 : 100);
    }

    List<StateChange> changes = AlarmJournal.readHistory(dataDir);
    if (history != 0) {
      int from = history < 0 ? 0 : Math.max(0, changes.size() - history);
      out.println();
      out.println(
          "State changes"
              + (from > 0
                  ? " (latest " + (changes.size() - from) + " of " + changes.size() + ")"
                  : " (" + changes.size() + ")"));
      out.println();
      TextTable h = new TextTable("TIME", "ALARM", "CHANGE", "REASON");
      long firstOk = 0;
      for (StateChange c : changes.subList(from, changes.size())) {
        if (quiet
            && c.oldState() == AlarmState.INSUFFICIENT_DATA
            && c.newState() == AlarmState.OK) {
          firstOk++;
          continue;
        }
        h.row(
            TIME.format(c.timestamp()),
            c.alarmName(),
            c.oldState() + " -> " + c.newState(),
            c.reason());
      }
      if (firstOk > 0) {
        out.println(
            firstOk + " alarms went from INSUFFICIENT_DATA to OK at their first evaluation.");
      }
      if (h.isEmpty()) {
        out.println(firstOk > 0 ? "No other state changes." : "none");
      } else {
        if (firstOk > 0) {
          out.println();
        }
        h.print(out, wide ? 0 : 100);
      }
    }
    if (inAlarm > 0) {
      out.println();
      out.println("Runbook of an alarm: shardwise alarms --runbook NAME");
    }
    out.flush();
    return true;
  }

  private static int order(AlarmState s) {
    return switch (s) {
      case ALARM -> 0;
      case INSUFFICIENT_DATA -> 1;
      case OK -> 2;
    };
  }

  private int printRunbook(PrintWriter out, AlarmSpecification alarms) {
    Runbook r = alarms.runbook(runbook).orElse(null);
    if (r == null) {
      spec.commandLine()
          .getErr()
          .println(
              "shardwise: no alarm named "
                  + runbook
                  + "; alarms: "
                  + String.join(", ", alarms.names()));
      return ErrorHandler.EXIT_ERROR;
    }
    out.println(runbook + " (" + alarms.severity(runbook).orElseThrow().code() + ")");
    out.println();
    out.println("What it means:  " + r.meaning());
    out.println();
    out.println("Why this threshold:  " + r.threshold());
    out.println();
    out.println("First checks:");
    for (int i = 0; i < r.firstChecks().size(); i++) {
      out.println("  " + (i + 1) + ". " + r.firstChecks().get(i));
    }
    out.println();
    out.println("Query that helps:  shardwise query " + r.namedQuery());
    out.flush();
    return 0;
  }
}
