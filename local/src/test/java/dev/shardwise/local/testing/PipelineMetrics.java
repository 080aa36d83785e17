package dev.shardwise.local.testing;

import dev.shardwise.local.metrics.MetricDatum;
import dev.shardwise.local.metrics.MetricKey;
import dev.shardwise.local.metrics.MetricSink;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes one minute of the metrics a running pipeline publishes (Kinesis, Lambda, Firehose and the
 * consumer's EMF lines), with the names and dimensions the shipped alarm specification watches. A
 * stand-in for the real services in tests of the alarms and the report; the demo runs the real
 * ones.
 */
public final class PipelineMetrics {
  public static final Map<String, String> STREAM = Map.of("StreamName", "shardwise-events");
  public static final Map<String, String> FUNCTION = Map.of("FunctionName", "shardwise-consumer");
  public static final List<String> DELIVERY_STREAMS =
      List.of(
          "shardwise-events", "shardwise-page-views", "shardwise-anomalies", "shardwise-rejects");

  private final MetricSink sink;

  public PipelineMetrics(MetricSink sink) {
    this.sink = sink;
  }

  /**
   * One minute starting at {@code t}.
   *
   * @param records records written to the stream
   * @param consumerRunning whether the consumer was invoked this minute
   * @param iteratorAgeMs the consumer's iterator age when running
   * @param rejected rejected records (reason bad_value, the rest malformed_json)
   */
  public void minute(
      Instant t, double records, boolean consumerRunning, double iteratorAgeMs, double rejected) {
    Instant at = t.plusSeconds(15);
    put("AWS/Kinesis", "IncomingRecords", STREAM, at, records);
    put("AWS/Kinesis", "WriteProvisionedThroughputExceeded", STREAM, at, 0);
    if (consumerRunning) {
      put("AWS/Kinesis", "GetRecords.IteratorAgeMilliseconds", STREAM, at, iteratorAgeMs * 0.8);
      put("AWS/Lambda", "Invocations", FUNCTION, at, 24);
      put("AWS/Lambda", "Errors", FUNCTION, at, 0);
      put("AWS/Lambda", "IteratorAge", FUNCTION, at, iteratorAgeMs);
      put("Shardwise", "UserRecords", Map.of(), at, records);
      put("Shardwise", "EventsValid", Map.of(), at, records - rejected);
      put("Shardwise", "Rejected", Map.of(), at, rejected);
      if (rejected > 0) {
        put("Shardwise", "Rejected.bad_value", Map.of(), at, Math.ceil(rejected * 0.7));
        put(
            "Shardwise",
            "Rejected.malformed_json",
            Map.of(),
            at,
            rejected - Math.ceil(rejected * 0.7));
      }
      put("Shardwise", "BatchFailures", Map.of(), at, 0);
      put("Shardwise", "EventAgeMaxMs", Map.of(), at, iteratorAgeMs + 1800);
    }
    for (String ds : DELIVERY_STREAMS) {
      Map<String, String> dims = Map.of("DeliveryStreamName", ds);
      put(
          "AWS/Firehose",
          "DeliveryToS3.DataFreshness",
          dims,
          at,
          ds.equals("shardwise-events") ? 290 : 58);
    }
    put(
        "AWS/Firehose",
        "DeliveryToS3.Records",
        Map.of("DeliveryStreamName", "shardwise-events"),
        at,
        records * 0.98);
  }

  /** An anomaly of {@code kind} detected in the minute starting at {@code t}. */
  public void anomaly(Instant t, String kind) {
    put("Shardwise", "Anomalies." + kind, Map.of(), t.plusSeconds(20), 1);
    put("Shardwise", "Anomalies", Map.of(), t.plusSeconds(20), 1);
  }

  private void put(String ns, String name, Map<String, String> dims, Instant t, double v) {
    sink.put(MetricDatum.of(MetricKey.of(ns, name, dims), t, "Count", v));
  }
}
