package dev.shardwise.cli.pipeline;

import dev.shardwise.athena.AthenaQueryRunner;
import dev.shardwise.athena.QueryFailedException;
import dev.shardwise.athena.QueryResult;
import dev.shardwise.cli.eval.DatasetRun;
import dev.shardwise.cli.eval.Detection;
import dev.shardwise.cli.eval.Scoring;
import dev.shardwise.producer.sim.AnomalyKind;
import dev.shardwise.producer.sim.AnomalyLabel;
import dev.shardwise.producer.sim.SimConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The anomalies the consumer detected (the {@code anomalies_unique} view) against the ones the
 * simulator injected (the ground truth's labels), matched by the evaluation's rules ({@link
 * Scoring}) on the pipeline's tumbling windows (aligned to the epoch, as Lambda's are).
 *
 * @param injected labels in the ground truth
 * @param detected anomaly rows
 * @param matched labels that some detection matches
 * @param unmatched detections that match no label
 * @param notes one line per missed label and per unmatched detection
 */
public record AnomalyCheck(
    int injected, int detected, int matched, int unmatched, List<String> notes) {

  public AnomalyCheck {
    notes = List.copyOf(notes);
  }

  /** Reads the detections through Athena and matches them. */
  public static AnomalyCheck compare(
      SimConfig config, List<AnomalyLabel> labels, Duration window, AthenaQueryRunner athena)
      throws QueryFailedException, InterruptedException {
    QueryResult rows =
        athena.run(
            "SELECT CAST(to_unixtime(window_start) AS bigint), kind, \"key\", metric, shard_id"
                + " FROM anomalies_unique",
            List.of());
    List<Found> found = new ArrayList<>();
    for (List<String> r : rows.rows()) {
      found.add(
          new Found(
              Instant.ofEpochSecond(Long.parseLong(r.get(0))),
              r.get(1),
              r.get(2),
              r.get(3),
              r.get(4)));
    }
    return of(config, labels, window, found);
  }

  /** One anomaly row: the start of the window that reported it, what and where. */
  public record Found(Instant windowStart, String kind, String key, String metric, String shard) {}

  /** The matching itself (unit-testable without Athena). */
  public static AnomalyCheck of(
      SimConfig config, List<AnomalyLabel> labels, Duration window, List<Found> found) {
    long len = window.toMillis();
    Instant origin = Instant.ofEpochMilli(Math.floorDiv(config.start().toEpochMilli(), len) * len);
    DatasetRun.Result probe =
        new DatasetRun.Result(config, labels, List.of(), 0, 0, 0, origin, window);
    List<Detection> detections = new ArrayList<>();
    for (Found f : found) {
      detections.add(
          new Detection(probe.windowOf(f.windowStart()), 0, f.kind(), f.key(), f.metric()));
    }
    DatasetRun.Result run =
        new DatasetRun.Result(config, labels, detections, 0, 0, 0, origin, window);
    Map<AnomalyKind, Scoring.Tally> tallies = Scoring.tallies();
    Scoring.Tally other = new Scoring.Tally();
    Scoring.tally(run, tallies, other);
    int matched = 0;
    List<String> notes = new ArrayList<>();
    for (Scoring.Tally t : tallies.values()) {
      matched += t.detected;
    }
    int unmatched = 0;
    for (int i = 0; i < detections.size(); i++) {
      Detection d = detections.get(i);
      if (labels.stream().noneMatch(l -> Scoring.matches(run, l, d))) {
        unmatched++;
        Found f = found.get(i);
        notes.add(
            "unmatched: "
                + f.kind()
                + " "
                + f.key()
                + " "
                + f.metric()
                + " (window "
                + f.windowStart()
                + ", "
                + f.shard()
                + ")");
      }
    }
    for (AnomalyLabel l : labels) {
      if (detections.stream().noneMatch(d -> Scoring.matches(run, l, d))) {
        notes.add(
            "missed: "
                + l.id()
                + " "
                + l.kind().code()
                + " "
                + l.key()
                + " "
                + l.metric()
                + " x"
                + l.magnitude()
                + " from "
                + l.start());
      }
    }
    return new AnomalyCheck(labels.size(), detections.size(), matched, unmatched, notes);
  }

  /** {@code anomalies: 5 injected, 7 detected, 5 matched, 0 unmatched}. */
  public String line() {
    return String.format(
        Locale.ROOT,
        "anomalies: %d injected, %d detected, %d matched, %d unmatched",
        injected,
        detected,
        matched,
        unmatched);
  }
}
