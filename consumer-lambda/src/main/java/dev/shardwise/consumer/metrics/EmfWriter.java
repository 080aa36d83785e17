package dev.shardwise.consumer.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.shardwise.core.event.RejectReason;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes {@link InvocationMetrics} as CloudWatch Embedded Metric Format: one JSON log line per
 * invocation, no API call. Dimension sets {@code [["ShardId"], []]}: every metric per shard and for
 * the whole function. Per-reason metrics appear only when non-zero; per-kind anomaly metrics appear
 * when non-zero and, as 0, for every kind the detectors know on an invocation that closed a window
 * (so an alarm on a kind returns to OK one period after the last detection instead of deciding on
 * its last non-zero datapoint for the whole evaluation range); at most {@value #MAX_METRICS}
 * metrics per line (anomaly kinds beyond the cap are summed into {@code Anomalies.other}). Names,
 * units and meaning: docs/metrics.md.
 */
public final class EmfWriter {
  /** EMF allows 100 metrics per directive. */
  public static final int MAX_METRICS = 100;

  static final int MAX_KINDS = 40;
  private static final JsonFactory JSON = new JsonFactory();

  private final String namespace;
  private final LineLogger logger;

  public EmfWriter(String namespace, LineLogger logger) {
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.logger = Objects.requireNonNull(logger, "logger");
  }

  private record Metric(String name, String unit, long value) {}

  static List<Metric> metrics(InvocationMetrics m) {
    List<Metric> out = new ArrayList<>();
    out.add(new Metric("RecordsIn", "Count", m.recordsIn));
    out.add(new Metric("UserRecords", "Count", m.userRecords));
    if (m.userRecordsOfOtherShards > 0) {
      out.add(new Metric("UserRecordsOfOtherShards", "Count", m.userRecordsOfOtherShards));
    }
    out.add(new Metric("EventsValid", "Count", m.eventsValid));
    out.add(new Metric("EventsCounted", "Count", m.eventsCounted));
    out.add(new Metric("Duplicates", "Count", m.duplicates));
    out.add(new Metric("LateEvents", "Count", m.lateEvents));
    out.add(new Metric("Rejected", "Count", m.rejected));
    for (Map.Entry<RejectReason, Long> e : m.rejectedByReason.entrySet()) {
      out.add(new Metric("Rejected." + e.getKey().code(), "Count", e.getValue()));
    }
    out.add(new Metric("Anomalies", "Count", m.anomalies));
    int kinds = 0;
    long other = 0;
    for (Map.Entry<String, Long> e : m.anomaliesByKind.entrySet()) {
      if (kinds++ < MAX_KINDS) {
        out.add(new Metric("Anomalies." + e.getKey(), "Count", e.getValue()));
      } else {
        other += e.getValue();
      }
    }
    if (other > 0) {
      out.add(new Metric("Anomalies.other", "Count", other));
    }
    if (m.eventAgeCount > 0) {
      out.add(new Metric("EventAgeMaxMs", "Milliseconds", m.eventAgeMaxMs));
      out.add(new Metric("EventAgeAvgMs", "Milliseconds", m.eventAgeSumMs / m.eventAgeCount));
    }
    out.add(new Metric("BatchDurationMs", "Milliseconds", m.batchDurationMs));
    out.add(new Metric("EmitRetries", "Count", m.emitRetries));
    out.add(new Metric("SegmentsClosed", "Count", m.segmentsClosed));
    out.add(new Metric("SegmentsClosedEarly", "Count", m.segmentsClosedEarly));
    out.add(new Metric("PageViewRows", "Count", m.pageViewRows));
    out.add(new Metric("StateBytes", "Bytes", m.stateChars));
    out.add(new Metric("BatchFailures", "Count", m.batchFailures));
    return out;
  }

  /** Writes the line for one invocation of one shard. */
  public void write(String shardId, Instant timestamp, InvocationMetrics m) {
    logger.log(line(shardId, timestamp, m));
  }

  String line(String shardId, Instant timestamp, InvocationMetrics m) {
    List<Metric> metrics = metrics(m);
    StringWriter out = new StringWriter(1024);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeObjectFieldStart("_aws");
      g.writeNumberField("Timestamp", timestamp.toEpochMilli());
      g.writeArrayFieldStart("CloudWatchMetrics");
      g.writeStartObject();
      g.writeStringField("Namespace", namespace);
      g.writeArrayFieldStart("Dimensions");
      g.writeStartArray();
      g.writeString("ShardId");
      g.writeEndArray();
      g.writeStartArray();
      g.writeEndArray();
      g.writeEndArray();
      g.writeArrayFieldStart("Metrics");
      for (Metric metric : metrics) {
        g.writeStartObject();
        g.writeStringField("Name", metric.name());
        g.writeStringField("Unit", metric.unit());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
      g.writeStringField("ShardId", shardId);
      for (Metric metric : metrics) {
        g.writeNumberField(metric.name(), metric.value());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
