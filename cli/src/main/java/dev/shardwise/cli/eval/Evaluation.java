package dev.shardwise.cli.eval;

import dev.shardwise.core.detect.DetectorSettings;
import dev.shardwise.core.detect.StandardDetectors;
import dev.shardwise.producer.sim.AnomalyKind;
import dev.shardwise.producer.sim.SimConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Runs the standard detectors over simulated datasets, with anomalies at several strengths and
 * anomaly-free, for several seeds, and scores them.
 *
 * @param seeds simulator seeds
 * @param scales anomaly strengths (1 = the documented magnitudes, at or above the targets)
 * @param duration simulated time per dataset
 * @param rate events per second
 * @param devices devices (web clients and IoT devices)
 * @param shards shards the devices hash to
 * @param dayLength the simulated day (the page views' cycle)
 * @param anomalies anomalies injected per dataset
 * @param settings detector settings
 */
public record Evaluation(
    List<Long> seeds,
    List<Double> scales,
    Duration duration,
    int rate,
    int devices,
    int shards,
    Duration dayLength,
    Map<AnomalyKind, Integer> anomalies,
    DetectorSettings settings) {

  static final Instant START = Instant.parse("2026-11-21T00:00:00Z");

  /** Scores of one anomaly strength. */
  public record ScaleResult(
      double scale, Map<AnomalyKind, Scoring.Tally> tallies, Scoring.Tally other, double nab) {}

  /** Everything the evaluation measured. */
  public record Report(
      List<ScaleResult> scales,
      Map<String, Integer> cleanFalseAlarms,
      long cleanKeyWindows,
      long events,
      int datasets) {

    /** False alarms per 1,000 key-windows on anomaly-free data, all kinds. */
    public double falseAlarmsPer1000() {
      int n = cleanFalseAlarms.values().stream().mapToInt(Integer::intValue).sum();
      return cleanKeyWindows == 0 ? Double.NaN : 1000.0 * n / cleanKeyWindows;
    }
  }

  SimConfig config(long seed, double scale, boolean withAnomalies) {
    SimConfig c =
        SimConfig.of(seed, START, rate, duration, devices)
            .withDayLength(dayLength)
            .withAnomalyScale(scale);
    return withAnomalies ? c.withAnomalies(anomalies) : c;
  }

  /** Runs every dataset on the executor and scores them. */
  public Report run(ExecutorService executor) throws InterruptedException {
    Map<Double, List<Future<DatasetRun.Result>>> anomalous = new LinkedHashMap<>();
    List<Future<DatasetRun.Result>> clean = new ArrayList<>();
    for (long seed : seeds) {
      clean.add(executor.submit(() -> dataset(config(seed, 1.0, false))));
      for (double scale : scales) {
        anomalous
            .computeIfAbsent(scale, k -> new ArrayList<>())
            .add(executor.submit(() -> dataset(config(seed, scale, true))));
      }
    }
    long events = 0;
    int datasets = 0;
    List<ScaleResult> results = new ArrayList<>();
    for (Map.Entry<Double, List<Future<DatasetRun.Result>>> e : anomalous.entrySet()) {
      Map<AnomalyKind, Scoring.Tally> tallies = Scoring.tallies();
      Scoring.Tally other = new Scoring.Tally();
      NabScore nab = new NabScore();
      for (Future<DatasetRun.Result> f : e.getValue()) {
        DatasetRun.Result r = get(f);
        Scoring.tally(r, tallies, other);
        nab.add(r);
        events += r.events();
        datasets++;
      }
      results.add(new ScaleResult(e.getKey(), tallies, other, nab.score()));
    }
    Map<String, Integer> falseAlarms = new TreeMap<>();
    long keyWindows = 0;
    for (Future<DatasetRun.Result> f : clean) {
      DatasetRun.Result r = get(f);
      Scoring.falseAlarms(r).forEach((k, v) -> falseAlarms.merge(k, v, Integer::sum));
      keyWindows += r.keyWindows();
      events += r.events();
      datasets++;
    }
    return new Report(results, falseAlarms, keyWindows, events, datasets);
  }

  private DatasetRun.Result dataset(SimConfig c) {
    return DatasetRun.run(c, shards, StandardDetectors.all(settings));
  }

  private static DatasetRun.Result get(Future<DatasetRun.Result> f) throws InterruptedException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
