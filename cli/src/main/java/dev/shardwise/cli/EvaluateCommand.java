package dev.shardwise.cli;

import dev.shardwise.cli.eval.Evaluation;
import dev.shardwise.cli.eval.Scoring;
import dev.shardwise.core.detect.DetectorSettings;
import dev.shardwise.producer.sim.AnomalyKind;
import dev.shardwise.producer.sim.SimConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shardwise evaluate}: the detectors' quality on simulated datasets with labelled anomalies
 * (see docs/anomaly-detection.md).
 */
@Command(
    name = "evaluate",
    description =
        "Run the anomaly detectors over simulated datasets with labelled anomalies and print"
            + " precision, recall, F1, detection delay, false alarms and the NAB score.")
final class EvaluateCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--seeds",
      split = ",",
      defaultValue = "101,102,103",
      description =
          "Simulator seeds (default ${DEFAULT-VALUE}; the detectors were tuned on 1,2,3).")
  List<Long> seeds;

  @Option(
      names = "--scales",
      split = ",",
      defaultValue = "1,0.5,0.25",
      description = "Anomaly strengths: 1 = the documented magnitudes (default ${DEFAULT-VALUE}).")
  List<Double> scales;

  @Option(names = "--minutes", defaultValue = "40", description = "Simulated minutes per dataset.")
  int minutes;

  @Option(names = "--rate", defaultValue = "200", description = "Events per second.")
  int rate;

  @Option(names = "--devices", defaultValue = "600", description = "Devices.")
  int devices;

  @Option(names = "--shards", defaultValue = "2", description = "Shards.")
  int shards;

  @Option(
      names = "--day-length",
      defaultValue = "10",
      description = "Simulated day in minutes (the page views' daily cycle).")
  int dayMinutes;

  @Option(
      names = "--anomalies",
      defaultValue =
          "page_spike=4,page_drop=2,device_outlier=6,device_level_shift=6,device_burst=6",
      description = "Anomalies per dataset (default ${DEFAULT-VALUE}).")
  String anomalies;

  @Option(names = "--threshold", defaultValue = "5", description = "Per-key z threshold.")
  double threshold;

  @Option(names = "--warmup", defaultValue = "10", description = "Warm-up windows.")
  int warmup;

  @Option(names = "--min-ratio", defaultValue = "2", description = "Minimum rate ratio.")
  double minRatio;

  @Option(names = "--rcf-threshold", defaultValue = "1.5", description = "RCF score threshold.")
  double rcfThreshold;

  @Option(names = "--verbose", description = "Also list missed labels and false alarms.")
  boolean verbose;

  @Option(
      names = "--threads",
      defaultValue = "0",
      description = "Datasets run in parallel (0: one per core).")
  int threads;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    Evaluation e;
    try {
      e =
          new Evaluation(
              seeds,
              scales,
              Duration.ofMinutes(minutes),
              rate,
              devices,
              shards,
              Duration.ofMinutes(dayMinutes),
              SimConfig.parseAnomalies(anomalies),
              new DetectorSettings(
                  warmup, Duration.ofDays(1), threshold, minRatio, rcfThreshold, 12_000));
      if (shards < 1 || shards > 64) {
        throw new IllegalArgumentException("--shards must be 1-64");
      }
      for (double s : scales) {
        if (!(s > 0 && s <= 1)) {
          throw new IllegalArgumentException("--scales must be in (0, 1], was " + s);
        }
      }
      SimConfig.of(1, java.time.Instant.EPOCH, rate, Duration.ofMinutes(minutes), devices)
          .withAnomalies(SimConfig.parseAnomalies(anomalies));
    } catch (IllegalArgumentException ex) {
      throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage());
    }
    int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(n);
    long t0 = System.nanoTime();
    Evaluation.Report r;
    try {
      r = e.run(pool);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new CommandLine.ExecutionException(spec.commandLine(), "interrupted", ex);
    } finally {
      pool.shutdownNow();
    }
    print(out, r, (System.nanoTime() - t0) / 1e9);
    out.flush();
  }

  private void print(PrintWriter out, Evaluation.Report r, double seconds) {
    out.printf(
        Locale.ROOT,
        "%d datasets (seeds %s; %d min, %d events/s, %d devices, %d shards), %,d events, %.1f s%n%n",
        r.datasets(),
        seeds,
        minutes,
        rate,
        devices,
        shards,
        r.events(),
        seconds);
    for (Evaluation.ScaleResult s : r.scales()) {
      out.printf(
          Locale.ROOT,
          "anomaly strength x%s%s, NAB standard profile %.1f%n",
          fmt(s.scale()),
          s.scale() == 1.0 ? " (documented magnitudes, at or above the targets)" : "",
          s.nab());
      TextTable t =
          new TextTable(
              "kind", "magnitude", "labels", "precision", "recall", "F1", "delay p50", "delay p95");
      for (Map.Entry<AnomalyKind, Scoring.Tally> e : s.tallies().entrySet()) {
        Scoring.Tally k = e.getValue();
        t.row(
            e.getKey().code(),
            magnitude(e.getKey(), s.scale()),
            String.valueOf(k.labels),
            fmt3(k.precision()),
            fmt3(k.recall()),
            fmt3(k.f1()),
            fmt(k.delayQuantile(0.5)),
            fmt(k.delayQuantile(0.95)));
      }
      t.row("other (false)", "-", "0", "-", "-", "-", "-", s.other().falsePositives + " alarms");
      t.print(out, 0);
      if (verbose) {
        s.tallies().values().forEach(k -> k.notes.forEach(out::println));
        s.other().notes.forEach(out::println);
      }
      out.println();
    }
    out.printf(
        Locale.ROOT,
        "anomaly-free data: %,d key-windows, %.4f false alarms per 1,000 key-windows%n",
        r.cleanKeyWindows(),
        r.falseAlarmsPer1000());
    TextTable fa = new TextTable("detection kind", "false alarms", "per 1,000 key-windows");
    r.cleanFalseAlarms()
        .forEach(
            (k, v) ->
                fa.row(
                    k,
                    String.valueOf(v),
                    String.format(Locale.ROOT, "%.4f", 1000.0 * v / r.cleanKeyWindows())));
    if (fa.isEmpty()) {
      fa.row("(none)", "0", "0");
    }
    fa.print(out, 0);
  }

  static String magnitude(AnomalyKind k, double scale) {
    return switch (k) {
      case PAGE_SPIKE -> fmt(1 + 3 * scale) + "-" + fmt(1 + 7 * scale) + "x";
      case PAGE_DROP -> "keeps " + fmt(Math.round((1 - 0.9 * scale) * 10) / 10.0);
      case DEVICE_OUTLIER -> fmt(8 * scale) + "-" + fmt(12 * scale) + " sigma";
      case DEVICE_LEVEL_SHIFT -> fmt(6 * scale) + "-" + fmt(10 * scale) + " sigma";
      case DEVICE_BURST -> fmt(1 + 19 * scale) + "x";
    };
  }

  private static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String fmt3(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
  }
}
