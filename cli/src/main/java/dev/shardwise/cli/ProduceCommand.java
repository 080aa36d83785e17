package dev.shardwise.cli;

import dev.shardwise.producer.Durations;
import dev.shardwise.producer.KinesisClients;
import dev.shardwise.producer.KinesisPublisher;
import dev.shardwise.producer.PublisherConfig;
import dev.shardwise.producer.PublisherMetrics;
import dev.shardwise.producer.sim.FaultPlan;
import dev.shardwise.producer.sim.SimConfig;
import dev.shardwise.producer.sim.SimulationRunner;
import dev.shardwise.producer.sim.Simulator;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * {@code shardwise produce}: runs the simulator into a Kinesis stream through the publisher, with a
 * progress bar and a summary table; exit 1 when any record failed.
 */
@Command(
    name = "produce",
    mixinStandardHelpOptions = true,
    description = "Send simulated web and IoT traffic to a Kinesis stream (local or AWS).")
final class ProduceCommand implements Callable<Integer> {
  static final int EXIT_RECORDS_FAILED = 1;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--endpoint-url",
      description =
          "Kinesis endpoint, e.g. http://127.0.0.1:4566. "
              + "Without it: AWS, with the standard credential and region chain.")
  URI endpoint;

  @Option(
      names = "--stream",
      defaultValue = "shardwise-events",
      description = "Stream name (default ${DEFAULT-VALUE}).")
  String stream;

  @Option(
      names = "--rate",
      defaultValue = "100",
      description = "Events per second, on average (default ${DEFAULT-VALUE}).")
  int rate;

  @Option(
      names = "--duration",
      defaultValue = "1m",
      description = "Run length in event time: 90s, 5m, 1h (default ${DEFAULT-VALUE}).")
  String duration;

  @Option(
      names = "--devices",
      defaultValue = "1000",
      description = "Devices: web clients and IoT devices (default ${DEFAULT-VALUE}).")
  int devices;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Random seed: same seed and --start, same bytes (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--start",
      description = "Event time of the first event (ISO-8601); default: now, to the minute.")
  String start;

  @Option(
      names = "--day-length",
      defaultValue = "10m",
      description = "One simulated day of web traffic lasts this long (default ${DEFAULT-VALUE}).")
  String dayLength;

  @Option(names = "--aggregate", description = "Pack events into KPL aggregates per shard.")
  boolean aggregate;

  @Option(names = "--truth", description = "Write the ground truth (JSON lines) to this file.")
  Path truth;

  @Option(
      names = "--anomalies",
      defaultValue = "none",
      description =
          "none, default, or page_spike=N,page_drop=N,device_outlier=N,device_level_shift=N,device_burst=N.")
  String anomalies;

  @Option(
      names = "--faults",
      defaultValue = "none",
      description =
          "none, default, or duplicate=0.01,late=0.005,future=3,malformed=2 (or a reject reason=N).")
  String faults;

  @Option(
      names = "--unpaced",
      description = "Send as fast as the publisher takes records, not at event time.")
  boolean unpaced;

  @Option(
      names = "--publisher",
      paramLabel = "KEY=VALUE",
      description = "A publisher setting (README table), e.g. --publisher linger=50ms. Repeatable.")
  Map<String, String> publisherSettings = new LinkedHashMap<>();

  @Option(names = "--no-progress", description = "No progress bar (for logs and CI).")
  boolean noProgress;

  @Override
  public Integer call() throws Exception {
    SimConfig sim;
    PublisherConfig config;
    try {
      sim = simConfig();
      Map<String, String> settings = new LinkedHashMap<>(publisherSettings);
      settings.put("stream", stream);
      if (aggregate) {
        settings.put("aggregation", "true");
      }
      config = PublisherConfig.fromMap(settings);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    Simulator simulator = new Simulator(sim);
    try (KinesisAsyncClient client =
        KinesisClients.of(endpoint, Math.max(8, config.maxRequestsInFlight()))) {
      KinesisPublisher publisher = KinesisPublisher.builder(client, config).build();
      SimulationRunner.Result result;
      try (ProgressBar bar = progressBar(simulator.expectedRecords())) {
        result =
            SimulationRunner.run(
                simulator,
                publisher,
                unpaced
                    ? SimulationRunner.Pacer.unpaced()
                    : SimulationRunner.Pacer.realTime(Clock.systemUTC()),
                Clock.systemUTC(),
                config.recordTtl().plusSeconds(5),
                (sent, done) -> {
                  if (bar != null) {
                    PublisherMetrics m = publisher.metrics();
                    bar.maxHint(Math.max(sent, simulator.expectedRecords()));
                    bar.stepTo(done);
                    bar.setExtraMessage(
                        String.format(" retried %d, throttled %d", m.retries(), m.throttled()));
                  }
                });
      }
      if (truth != null) {
        result.truth().write(truth);
      }
      SummaryTable.print(out, sim, result, publisher.metrics(), truth, stream);
      return result.failed() == 0 && result.drain().drained() ? 0 : EXIT_RECORDS_FAILED;
    }
  }

  private SimConfig simConfig() {
    Duration d = Durations.parse("--duration", duration);
    Duration day = Durations.parse("--day-length", dayLength);
    Instant first;
    try {
      first = start == null ? Instant.now().truncatedTo(ChronoUnit.MINUTES) : Instant.parse(start);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "--start: '" + start + "' is not an ISO-8601 instant like 2026-11-21T10:00:00Z", e);
    }
    Map<dev.shardwise.producer.sim.AnomalyKind, Integer> plannedAnomalies;
    FaultPlan plannedFaults;
    try {
      plannedAnomalies = SimConfig.parseAnomalies(anomalies);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--anomalies: " + e.getMessage(), e);
    }
    try {
      plannedFaults = FaultPlan.parse(faults);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--faults: " + e.getMessage(), e);
    }
    return SimConfig.of(seed, first, rate, d, devices)
        .withDayLength(day)
        .withAnomalies(plannedAnomalies)
        .withFaults(plannedFaults);
  }

  private ProgressBar progressBar(long total) {
    if (noProgress) {
      return null;
    }
    return new ProgressBarBuilder()
        .setTaskName("produce")
        .setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII)
        .setUnit(" rec", 1)
        .showSpeed()
        .setUpdateIntervalMillis(200)
        .build();
  }
}
