package dev.shardwise.cli;

import dev.shardwise.consumer.definitions.AlarmSpecification;
import dev.shardwise.local.report.HtmlReport;
import dev.shardwise.local.report.ReportData;
import dev.shardwise.local.report.ReportLoader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shardwise report}: one self-contained HTML file (inline SVG charts, no network needed)
 * with the throughput, event and iterator ages, rejects by reason, anomalies and the alarm timeline
 * of a run, from its data directory.
 */
@Command(
    name = "report",
    description = {
      "Write an HTML report of a local run: throughput, event and iterator age, rejects by reason,",
      "anomalies and the alarm timeline. One file, no network needed to open it."
    })
final class ReportCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--data-dir",
      defaultValue = ".shardwise",
      description = "the run's data directory (default: ${DEFAULT-VALUE})")
  Path dataDir;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE",
      description = "where to write the report (default: <data-dir>/report.html)")
  Path out;

  @Option(
      names = "--from",
      paramLabel = "TIME",
      description = "start of the span, e.g. 2026-11-22T10:00:00Z (default: the first data)")
  String from;

  @Option(
      names = "--to",
      paramLabel = "TIME",
      description = "end of the span (default: the last data)")
  String to;

  private final Clock clock;

  ReportCommand() {
    this(Clock.systemUTC());
  }

  ReportCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(dataDir)) {
      throw new IllegalArgumentException(
          "no data directory " + dataDir + ": run `shardwise demo` first, or pass --data-dir");
    }
    Path file =
        write(
            dataDir,
            out != null ? out : dataDir.resolve("report.html"),
            instant("--from", from),
            instant("--to", to),
            clock);
    PrintWriter w = spec.commandLine().getOut();
    w.println("wrote " + file + " (" + Files.size(file) / 1024 + " KiB): open it in a browser");
    w.flush();
    return 0;
  }

  /**
   * Writes the report of the run in {@code dataDir} over [{@code from}, {@code to}) ({@code null}:
   * the first or last data) to {@code file}; the demo writes its report with it too.
   */
  static Path write(Path dataDir, Path file, Instant from, Instant to, Clock clock)
      throws java.io.IOException {
    return write(dataDir, file, from, to, clock, java.util.List.of());
  }

  /** {@link #write} with the per-page section ({@link ReportPages}: the demo reads it first). */
  static Path write(
      Path dataDir,
      Path file,
      Instant from,
      Instant to,
      Clock clock,
      java.util.List<ReportData.PageViews> pages)
      throws java.io.IOException {
    ReportData d = new ReportLoader(AlarmSpecification.load(), clock).load(dataDir, from, to);
    if (!pages.isEmpty()) {
      d = d.withTopPages(pages);
    }
    HtmlReport.write(d, file);
    return file;
  }

  private static Instant instant(String option, String value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          option + " must be an ISO-8601 UTC time like 2026-11-22T10:00:00Z, was " + value);
    }
  }
}
