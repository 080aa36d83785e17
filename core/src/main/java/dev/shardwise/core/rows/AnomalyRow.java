package dev.shardwise.core.rows;

import dev.shardwise.core.detect.Anomaly;
import dev.shardwise.core.window.WindowSummary;
import java.time.Instant;
import java.util.Objects;

/**
 * A row of {@code anomalies}. {@code detectedAt} is the window end (deterministic, never the wall
 * clock). {@code row_id} hashes (shard, window start, segment, kind, key type, key, metric).
 */
public record AnomalyRow(
    String rowId,
    String shardId,
    Instant detectedAt,
    Instant windowStart,
    Instant windowEnd,
    String segment,
    String kind,
    String keyType,
    String key,
    String metric,
    double observed,
    double expected,
    double bandLow,
    double bandHigh,
    double score,
    double threshold,
    String severity) {

  public AnomalyRow {
    Objects.requireNonNull(rowId, "rowId");
    Objects.requireNonNull(shardId, "shardId");
    Objects.requireNonNull(detectedAt, "detectedAt");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(severity, "severity");
  }

  /** The row of a detector's finding in a closed segment. */
  public static AnomalyRow of(WindowSummary w, Anomaly a) {
    String segment = w.segment().id();
    String id =
        RowIds.of(
            w.shardId(),
            Timestamps.format(w.windowStart()),
            segment,
            a.kind(),
            a.keyType().code(),
            a.key(),
            a.metric());
    return new AnomalyRow(
        id,
        w.shardId(),
        w.windowEnd(),
        w.windowStart(),
        w.windowEnd(),
        segment,
        a.kind(),
        a.keyType().code(),
        a.key(),
        a.metric(),
        a.observed(),
        a.expected(),
        a.bandLow(),
        a.bandHigh(),
        a.score(),
        a.threshold(),
        a.severity().code());
  }
}
