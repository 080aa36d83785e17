package dev.shardwise.cli;

import dev.shardwise.athena.AthenaQueryRunner;
import dev.shardwise.athena.NamedQuery;
import dev.shardwise.athena.QueryCatalog;
import dev.shardwise.athena.QueryFailedException;
import dev.shardwise.athena.QueryResult;
import dev.shardwise.cli.pipeline.AnomalyCheck;
import dev.shardwise.cli.pipeline.LocalPipeline;
import dev.shardwise.cli.pipeline.Verdict;
import dev.shardwise.consumer.ConsumerConfig;
import dev.shardwise.local.report.ReportData;
import dev.shardwise.producer.Durations;
import dev.shardwise.producer.sim.AnomalyKind;
import dev.shardwise.producer.sim.FaultPlan;
import dev.shardwise.producer.sim.GroundTruth;
import dev.shardwise.producer.sim.SimConfig;
import dev.shardwise.producer.sim.SimulationRunner;
import dev.shardwise.producer.sim.Simulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shardwise demo}: the whole pipeline on this machine, end to end. Starts the local
 * endpoints, creates every resource from the shared definitions, sends the simulator's traffic
 * (with anomalies and faults) at its pace through the publisher, shows progress, drains, runs the
 * key named queries, prints the alarm history and the verdict (the views against the simulator's
 * ground truth), writes the HTML report and says where everything is. Exit 0 when the verdict
 * passes, 1 when it fails, 2 for bad flags or errors.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole pipeline on this machine: simulated traffic -> Kinesis -> consumer Lambda ->"
          + " Firehose -> S3/Parquet -> Athena, with alarms. Then print the key queries, the alarm"
          + " history and the verdict (the views against the simulator's ground truth), and write"
          + " an HTML report. Exit 0 when the verdict passes, 1 when not, 2 for errors."
    })
final class DemoCommand implements Callable<Integer> {
  static final int EXIT_VERDICT_FAILED = 1;

  /** The file in a data directory that marks it as the demo's (cleared by the next demo). */
  static final String MARKER = ".demo-run";

  private static final DateTimeFormatter SQL_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SQL_DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--devices",
      defaultValue = "1000",
      description = "Devices: web clients and IoT devices (default ${DEFAULT-VALUE}).")
  int devices;

  @Option(
      names = "--rate",
      defaultValue = "500",
      description = "Events per second, on average (default ${DEFAULT-VALUE}).")
  int rate;

  @Option(
      names = "--duration",
      defaultValue = "2m",
      description =
          "How long traffic is sent, in real time: 90s, 2m, 10m (default ${DEFAULT-VALUE};"
              + " anomalies need at least 2m).")
  String duration;

  @Option(
      names = "--window",
      defaultValue = "10s",
      description =
          "The consumer's tumbling window, 1s-900s (default ${DEFAULT-VALUE}; deployed: 60s, from"
              + " event-source-mapping.json). Short, so the detectors warm up within the run.")
  String window;

  @Option(
      names = "--warmup",
      defaultValue = "8",
      description =
          "Windows each detector key learns before it is judged, 1-1000 (default"
              + " ${DEFAULT-VALUE}; deployed: 10). The anomalies start after warm-up + 1 windows.")
  int warmup;

  @Option(names = "--shards", description = "Shards of the stream (default: stream.json's, 2).")
  Integer shards;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Random seed of the simulator (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--anomalies",
      defaultValue = "default",
      description =
          "none, default (one of each kind), or page_spike=N,page_drop=N,device_outlier=N,"
              + "device_level_shift=N,device_burst=N (default ${DEFAULT-VALUE}).")
  String anomalies;

  @Option(
      names = "--faults",
      defaultValue = "default",
      description =
          "none, default (1%% duplicates, 0.5%% late, 3 future-dated, 2 malformed per reason), or"
              + " duplicate=0.01,late=0.005,future=3,malformed=2 (default ${DEFAULT-VALUE}).")
  String faults;

  @Option(
      names = "--data-dir",
      defaultValue = ".shardwise",
      description =
          "Where the run keeps everything (default ${DEFAULT-VALUE}). An earlier demo's data there is"
              + " cleared; other data is refused.")
  Path dataDir;

  @Option(
      names = "--port",
      defaultValue = "0",
      description = "Port of the local endpoint during the run; 0 picks a free one (default).")
  int port;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "A local service setting, as for `shardwise local` (repeatable).")
  Map<String, String> options = new LinkedHashMap<>();

  @Option(names = "--no-progress", description = "Plain progress lines instead of a bar.")
  boolean noProgress;

  private final Clock clock;

  DemoCommand() {
    this(Clock.systemUTC());
  }

  DemoCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() throws Exception {
    SimConfig sim = simConfig(clock.instant().truncatedTo(ChronoUnit.MILLIS));
    Duration windowLength = windowLength();
    PrintWriter out = spec.commandLine().getOut();
    Path dir = dataDir.toAbsolutePath().normalize();
    boolean cleared = prepare(dir);

    out.println("shardwise demo: the whole pipeline on this machine");
    out.println();
    out.printf(
        Locale.ROOT,
        "  %d devices, %d events/s for %s (about %d records), seed %d%n",
        sim.devices(),
        sim.rate(),
        human(sim.duration()),
        new Simulator(sim).expectedRecords(),
        sim.seed());
    out.println("  anomalies: " + anomalies + ", faults: " + faults);
    out.println(
        "  windows: "
            + human(windowLength)
            + ", detector warm-up "
            + warmup
            + " windows"
            + (SimConfig.anomalyCount(sim.anomalies()) > 0
                ? ", anomalies from " + human(Duration.ofSeconds(sim.anomalyStartSecond())) + " on"
                : ""));
    out.println("  data: " + dir + (cleared ? " (the previous demo run there was cleared)" : ""));
    out.flush();

    long started = System.nanoTime();
    LocalPipeline.Builder builder =
        LocalPipeline.builder(dir)
            .port(port)
            .options(options)
            .resources(
                r ->
                    r.mappingSettings(m -> m.withTumblingWindow(windowLength))
                        .environment(ConsumerConfig.DETECT_WARMUP_WINDOWS, String.valueOf(warmup)));
    if (shards != null) {
      builder.shards(shards);
    }
    SimulationRunner.Result produced;
    Verdict verdict;
    AnomalyCheck anomalyCheck;
    boolean drained;
    String endpoint;
    List<ReportData.PageViews> pages;
    try (LocalPipeline pipeline = builder.start()) {
      Files.writeString(
          dir.resolve(MARKER), "written by shardwise demo; the next demo clears this\n");
      endpoint = pipeline.runtime().endpoint().toString();
      out.println(
          "  endpoints: "
              + endpoint
              + " (Kinesis, Firehose, S3, SQS, Athena); stream "
              + pipeline.resources().streamName()
              + " with "
              + pipeline.resources().shardCount()
              + " shards, "
              + pipeline.resources().deliveryStreams().size()
              + " delivery streams, consumer attached");
      out.println();
      out.flush();

      // The run starts now that the pipeline is up, at the start of a consumer window: the records
      // are sent at their event times, and the windows (Lambda's, aligned to the epoch, cut on
      // arrival) are the simulator's (DatasetRun's). Started before the pipeline, the records
      // arrived its start-up time (~5 s) late: a half first window, then every window straddling
      // two of the simulator's, and false alarms (docs/demo.md, "Time and windows").
      sim = simConfig(nextWindowStart(clock.instant(), windowLength));
      long untilStart = sim.start().toEpochMilli() - clock.millis();
      if (untilStart > 0) {
        Thread.sleep(untilStart); // at most one window, so the progress times count from the start
      }
      try (DemoProgress display =
          new DemoProgress(pipeline, out, sim, !noProgress && isTerminal())) {
        produced =
            pipeline.produce(
                sim, SimulationRunner.Pacer.from(clock, sim.start()), display::produced);
        display.draining();
        drained = pipeline.drain(Duration.ofMinutes(3));
        display.done(drained);
      }
      produced.truth().write(dir.resolve("truth.jsonl"));
      if (produced.failed() > 0) {
        out.println(
            "  "
                + produced.failed()
                + " records were not accepted by Kinesis, e.g. "
                + produced.sampleFailures());
      }
      out.println();
      printQueries(pipeline.athena(), produced.truth(), out);
      verdict = drained ? pipeline.verdict(produced.truth()) : null;
      anomalyCheck =
          AnomalyCheck.compare(sim, produced.truth().anomalies(), windowLength, pipeline.athena());
      pages = ReportPages.load(pipeline.athena(), 4);
      awaitAlarmMinute(pipeline, out);
    } // closing stops the consumer, flushes Firehose, evaluates the alarms a last time

    out.println("== Alarm history");
    out.println();
    if (!AlarmsCommand.print(out, dir, -1, false, true)) {
      out.println("(alarms off)");
    }
    out.println();

    out.println("== Verdict");
    out.println();
    if (verdict == null) {
      out.println("FAIL: the pipeline did not drain within 3 minutes; no verdict");
    } else {
      verdict.lines().forEach(out::println);
    }
    out.println(anomalyCheck.line());
    anomalyCheck.notes().forEach(n -> out.println("  " + n));
    out.println();

    Path report = ReportCommand.write(dir, dir.resolve("report.html"), null, null, clock, pages);
    printWhere(out, dir, report, produced.truth(), System.nanoTime() - started);
    out.flush();
    boolean passed = verdict != null && verdict.passed() && produced.failed() == 0;
    return passed ? 0 : EXIT_VERDICT_FAILED;
  }

  /**
   * Alarms evaluate whole minutes (60 s periods), at each minute boundary passed; the detections of
   * the run's last minute would otherwise never be evaluated, and whether the anomaly alarms fire
   * would depend on where the run started in the minute. So when the consumer reported anomalies,
   * wait for the current minute to end (at most a minute) before closing, which evaluates it.
   */
  private void awaitAlarmMinute(LocalPipeline pipeline, PrintWriter out)
      throws InterruptedException {
    if (pipeline.runtime().alarms() == null || pipeline.status().anomalies() == 0) {
      return;
    }
    Instant now = clock.instant();
    Instant boundary = now.truncatedTo(ChronoUnit.MINUTES).plusSeconds(61);
    Duration wait = Duration.between(now, boundary);
    out.println(
        "(waiting "
            + human(wait)
            + " for the current minute to end, so the alarms evaluate the last anomalies)");
    out.println();
    out.flush();
    Thread.sleep(wait.toMillis());
  }

  /** The key named queries, each with the parameters that cover the run. */
  private void printQueries(AthenaQueryRunner athena, GroundTruth truth, PrintWriter out)
      throws IOException, InterruptedException {
    Instant from = truth.run().start().minus(Duration.ofMinutes(30)); // late events included
    Instant to = truth.run().end().plus(Duration.ofMinutes(1));
    Map<String, String> dates =
        Map.of("from_date", SQL_DATE.format(from), "to_date", SQL_DATE.format(to));
    List<Map.Entry<String, Map<String, String>>> queries =
        List.of(
            Map.entry(
                "top_pages",
                Map.of("from_time", SQL_TIME.format(from), "to_time", SQL_TIME.format(to))),
            Map.entry("reject_reasons", dates),
            Map.entry("recent_anomalies", Map.of("hours", "1")),
            Map.entry("duplicates_observed", dates),
            Map.entry("pipeline_freshness", Map.of("since_date", SQL_DATE.format(from))));
    QueryCatalog catalog = QueryCatalog.load();
    for (Map.Entry<String, Map<String, String>> q : queries) {
      NamedQuery named = catalog.namedQuery(q.getKey()).orElseThrow();
      out.println("== " + q.getKey() + ": " + firstSentence(named.description()));
      out.println();
      try {
        QueryResult r = athena.run(named, q.getValue());
        ResultPrinter.print(r, ResultPrinter.Format.TABLE, out);
        out.println(QueryCommand.summary(r));
      } catch (QueryFailedException e) {
        out.println("query failed: " + e.getMessage());
      }
      out.println();
      out.flush();
    }
  }

  /** {@code 90s}, {@code 2m}, {@code 2m05s}, {@code 1h00m10s}. */
  static String human(Duration d) {
    long s = d.toSeconds();
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s % 60 == 0 ? s / 60 + "m" : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60);
  }

  private static String firstSentence(String text) {
    String oneLine = text.replaceAll("\\s+", " ").trim();
    int dot = oneLine.indexOf(": ");
    int end = oneLine.indexOf(". ");
    int cut = end < 0 ? oneLine.length() : end;
    if (dot > 0 && dot < cut) {
      cut = dot;
    }
    return oneLine.substring(0, cut).replaceAll("\\.$", "");
  }

  private void printWhere(
      PrintWriter out, Path dir, Path report, GroundTruth truth, long elapsedNanos) {
    String d = display(dir);
    String url = "http://127.0.0.1:4566";
    Instant from = truth.run().start().minus(Duration.ofMinutes(30));
    Instant to = truth.run().end().plus(Duration.ofMinutes(1));
    out.println("== Where everything is");
    out.println();
    out.println("  data directory  " + dir + "   (S3 buckets as folders: shardwise-archive/...)");
    out.println("  HTML report     " + report + "   (open it in a browser)");
    out.println("  ground truth    " + dir.resolve("truth.jsonl"));
    out.println();
    out.println("Look again later (the endpoints serve the same data):");
    out.println("  ./shardwise local --data-dir " + d + "          # endpoints on " + url);
    out.println("  aws --endpoint-url " + url + " s3 ls s3://shardwise-archive/ --recursive");
    out.println(
        "  ./shardwise query top_pages --endpoint-url "
            + url
            + " -p from_time='"
            + SQL_TIME.format(from)
            + "' -p to_time='"
            + SQL_TIME.format(to)
            + "'");
    out.println("  ./shardwise alarms --data-dir " + d);
    out.println("  ./shardwise report --data-dir " + d);
    out.println();
    out.printf(
        Locale.ROOT,
        "demo finished in %s%n",
        human(Duration.ofSeconds(Math.round(elapsedNanos / 1e9))));
  }

  private String display(Path dir) {
    Path cwd = Path.of("").toAbsolutePath();
    return dir.startsWith(cwd) && !dir.equals(cwd)
        ? cwd.relativize(dir).toString()
        : dir.toString();
  }

  /**
   * Makes the data directory ready: a new or empty one is used, an earlier demo's is cleared,
   * anything else is refused.
   *
   * @return whether an earlier demo run was cleared
   */
  static boolean prepare(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return false;
    }
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--data-dir: " + dir + " is a file, not a directory");
    }
    try (Stream<Path> entries = Files.list(dir)) {
      if (entries.findAny().isEmpty()) {
        return false;
      }
    }
    if (!Files.exists(dir.resolve(MARKER))) {
      throw new IllegalArgumentException(
          "--data-dir: "
              + dir
              + " holds data that is not from an earlier demo; the demo starts from an empty"
              + " directory: pass another --data-dir, or delete that one");
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder())
          .filter(p -> !p.equals(dir))
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
    return true;
  }

  /** The first instant at or after {@code now} that starts a window of {@code length} (epoch). */
  static Instant nextWindowStart(Instant now, Duration length) {
    long len = length.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli() + len - 1, len) * len);
  }

  private SimConfig simConfig(Instant start) {
    try {
      Duration d = Durations.parse("--duration", duration);
      Map<AnomalyKind, Integer> plannedAnomalies;
      try {
        plannedAnomalies = SimConfig.parseAnomalies(anomalies);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--anomalies: " + e.getMessage(), e);
      }
      FaultPlan plannedFaults;
      try {
        plannedFaults = FaultPlan.parse(faults);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--faults: " + e.getMessage(), e);
      }
      if (shards != null && (shards < 1 || shards > 64)) {
        throw new IllegalArgumentException("--shards: must be 1-64, was " + shards);
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("--port: must be 0-65535, was " + port);
      }
      SimConfig base =
          SimConfig.of(seed, start, rate, d, devices)
              .withAnomalies(plannedAnomalies)
              .withFaults(plannedFaults);
      if (warmup < 1 || warmup > 1000) {
        throw new IllegalArgumentException("--warmup: must be 1-1000 windows, was " + warmup);
      }
      Duration warm = windowLength().multipliedBy(warmup + 1L);
      if (SimConfig.anomalyCount(plannedAnomalies) > 0 && warm.compareTo(d.minusSeconds(30)) > 0) {
        throw new IllegalArgumentException(
            "--warmup: "
                + warmup
                + " windows of "
                + window
                + " (+1) leave less than 30s of the --duration "
                + duration
                + " for the anomalies; pass a shorter --window or --warmup, a longer --duration,"
                + " or --anomalies=none");
      }
      return base.withAnomaliesAfter(warm);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private Duration windowLength() {
    Duration w = Durations.parse("--window", window);
    if (w.toMillis() % 1000 != 0 || w.toSeconds() < 1 || w.toSeconds() > 900) {
      throw new IllegalArgumentException(
          "--window: must be whole seconds, 1s-900s (Lambda's tumbling window), was " + window);
    }
    return w;
  }

  private static boolean isTerminal() {
    return System.console() != null;
  }
}
