package dev.shardwise.cli;

import dev.shardwise.producer.PublishFailure;
import dev.shardwise.producer.PublisherMetrics;
import dev.shardwise.producer.sim.AnomalyLabel;
import dev.shardwise.producer.sim.GroundTruth;
import dev.shardwise.producer.sim.SimConfig;
import dev.shardwise.producer.sim.SimulationRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The table {@code shardwise produce} prints at the end of a run. */
final class SummaryTable {
  private SummaryTable() {}

  static void print(
      PrintWriter out,
      SimConfig sim,
      SimulationRunner.Result r,
      PublisherMetrics m,
      Path truthFile,
      String stream) {
    double seconds = Math.max(0.001, r.elapsed().toMillis() / 1000.0);
    List<String[]> rows = new ArrayList<>();
    rows.add(row("records published", r.records()));
    rows.add(row("records delivered", r.succeeded()));
    rows.add(row("records failed", r.failed()));
    for (Map.Entry<PublishFailure, Long> e : m.failedByReason().entrySet()) {
      rows.add(row("  " + e.getKey().name().toLowerCase(java.util.Locale.ROOT), e.getValue()));
    }
    rows.add(row("bytes delivered", m.bytesSent()));
    rows.add(row("PutRecords calls", m.batches()));
    rows.add(row("records retried", m.retries()));
    rows.add(row("entries throttled", m.throttled()));
    rows.add(row("shard map changes", m.shardMapChanges()));
    rows.add(new String[] {"elapsed", String.format("%.1f s", seconds)});
    rows.add(
        new String[] {
          "delivered rate",
          String.format(
              "%.0f rec/s, %.1f KiB/s", r.succeeded() / seconds, m.bytesSent() / 1024.0 / seconds)
        });
    rows.add(
        new String[] {
          "put latency p50 / p99 / max",
          String.format(
              "%.1f / %.1f / %.1f ms",
              m.latencyP50Millis(), m.latencyP99Millis(), m.latencyMaxMillis())
        });
    GroundTruth t = r.truth();
    rows.add(row("valid events (distinct)", t.events().distinctValidEventIds()));
    rows.add(
        row(
            "duplicates / late / future",
            t.faults().duplicates() + " / " + t.faults().late() + " / " + t.faults().future()));
    rows.add(
        row(
            "malformed (all reasons)",
            t.faults().malformed().values().stream().mapToLong(Long::longValue).sum()));
    rows.add(row("anomalies injected", t.anomalies().size()));
    if (truthFile != null) {
      rows.add(new String[] {"ground truth", truthFile.toString()});
    }
    int w = rows.stream().mapToInt(x -> x[0].length()).max().orElse(10);
    out.println();
    out.printf("stream %s, seed %d, start %s%n", stream, sim.seed(), sim.start());
    for (String[] x : rows) {
      out.printf("  %-" + w + "s  %s%n", x[0], x[1]);
    }
    for (AnomalyLabel a : t.anomalies()) {
      out.printf(
          "  anomaly %s %s %s %s..%s x%.1f%n",
          a.id(), a.kind().code(), a.key(), a.start(), a.end(), a.magnitude());
    }
    if (!r.sampleFailures().isEmpty()) {
      out.println("first failures:");
      r.sampleFailures().forEach(f -> out.println("  " + f));
    }
    if (!r.drain().undelivered().isEmpty()) {
      out.printf(
          "%d record(s) could not be sent before the deadline%n", r.drain().undelivered().size());
    }
    out.flush();
  }

  private static String[] row(String name, Object value) {
    return new String[] {name, String.valueOf(value)};
  }
}
