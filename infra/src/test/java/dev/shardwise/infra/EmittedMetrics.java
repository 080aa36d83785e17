package dev.shardwise.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shardwise.consumer.metrics.EmfWriter;
import dev.shardwise.consumer.metrics.InvocationMetrics;
import dev.shardwise.core.event.RejectReason;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The metrics a synthesized template's resources emit, as CloudWatch keys them (namespace, name and
 * the exact dimension set): the AWS services' own metrics per deployed Lambda function, Kinesis
 * stream, delivery stream and queue (names from the services' CloudWatch documentation), and the
 * consumer's EMF metrics as its own {@link EmfWriter} writes them, in the namespace the deployed
 * function is configured with.
 */
final class EmittedMetrics {
  /** One CloudWatch metric: each dimension set is a metric of its own. */
  record Key(String namespace, String name, Map<String, String> dimensions) {
    Key {
      dimensions = new TreeMap<>(dimensions);
    }

    @Override
    public String toString() {
      return namespace + " " + name + " " + dimensions;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final List<String> LAMBDA =
      List.of("Invocations", "Errors", "Throttles", "Duration", "ConcurrentExecutions");
  private static final List<String> LAMBDA_STREAM_SOURCE = List.of("IteratorAge");
  private static final List<String> KINESIS =
      List.of(
          "IncomingRecords",
          "IncomingBytes",
          "GetRecords.IteratorAgeMilliseconds",
          "GetRecords.Records",
          "WriteProvisionedThroughputExceeded",
          "ReadProvisionedThroughputExceeded",
          "PutRecords.Records");
  private static final List<String> FIREHOSE =
      List.of(
          "DeliveryToS3.DataFreshness",
          "DeliveryToS3.Records",
          "DeliveryToS3.Bytes",
          "DeliveryToS3.Success");
  private static final List<String> FIREHOSE_DIRECT_PUT =
      List.of("IncomingRecords", "IncomingBytes", "IncomingPutRequests");
  private static final List<String> FIREHOSE_KINESIS_SOURCE =
      List.of(
          "DataReadFromKinesisStream.Records",
          "DataReadFromKinesisStream.Bytes",
          "KinesisMillisBehindLatest",
          "ThrottledGetRecords");
  private static final List<String> SQS =
      List.of(
          "ApproximateNumberOfMessagesVisible",
          "ApproximateAgeOfOldestMessage",
          "NumberOfMessagesSent",
          "NumberOfMessagesReceived");

  private EmittedMetrics() {}

  /**
   * Everything the template's resources emit. {@code anomalyKinds}: the kinds the detectors report
   * (open strings; each becomes {@code Anomalies.<kind>}).
   */
  static Set<Key> of(
      JsonNode template, String metricsNamespaceVariable, List<String> anomalyKinds) {
    Set<Key> out = new HashSet<>();
    JsonNode resources = template.get("Resources");
    // A mapping names its function directly or through an alias of it.
    List<String> mappedFunctions = new ArrayList<>();
    Map<String, String> aliasOf = new TreeMap<>();
    resources
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode r = e.getValue();
              if (r.get("Type").asText().equals("AWS::Lambda::Alias")) {
                aliasOf.put(e.getKey(), r.at("/Properties/FunctionName/Ref").asText());
              }
            });
    resources.forEach(
        r -> {
          if (r.get("Type").asText().equals("AWS::Lambda::EventSourceMapping")) {
            String target = r.at("/Properties/FunctionName").toString();
            mappedFunctions.add(target);
            aliasOf.forEach(
                (alias, function) -> {
                  if (target.contains("\"" + alias + "\"")) {
                    mappedFunctions.add("\"" + function + "\"");
                  }
                });
          }
        });
    resources
        .fields()
        .forEachRemaining(
            e -> {
              String logicalId = e.getKey();
              JsonNode r = e.getValue();
              JsonNode p = r.path("Properties");
              switch (r.get("Type").asText()) {
                case "AWS::Lambda::Function" -> {
                  if (!p.path("FunctionName").isTextual()) {
                    return; // generated name: not one an alarm of the specification can name
                  }
                  Map<String, String> dims = Map.of("FunctionName", p.get("FunctionName").asText());
                  add(out, "AWS/Lambda", LAMBDA, dims);
                  if (mappedFunctions.stream().anyMatch(f -> f.contains("\"" + logicalId + "\""))) {
                    add(out, "AWS/Lambda", LAMBDA_STREAM_SOURCE, dims);
                  }
                  JsonNode ns = p.at("/Environment/Variables/" + metricsNamespaceVariable);
                  if (ns.isTextual()) {
                    out.addAll(consumerEmf(ns.asText(), anomalyKinds));
                  }
                }
                case "AWS::Kinesis::Stream" ->
                    add(out, "AWS/Kinesis", KINESIS, Map.of("StreamName", p.get("Name").asText()));
                case "AWS::KinesisFirehose::DeliveryStream" -> {
                  Map<String, String> dims =
                      Map.of("DeliveryStreamName", p.get("DeliveryStreamName").asText());
                  add(out, "AWS/Firehose", FIREHOSE, dims);
                  add(
                      out,
                      "AWS/Firehose",
                      p.get("DeliveryStreamType").asText().equals("KinesisStreamAsSource")
                          ? FIREHOSE_KINESIS_SOURCE
                          : FIREHOSE_DIRECT_PUT,
                      dims);
                }
                case "AWS::SQS::Queue" ->
                    add(out, "AWS/SQS", SQS, Map.of("QueueName", p.get("QueueName").asText()));
                default -> {}
              }
            });
    return out;
  }

  /**
   * The consumer's EMF metrics: one invocation that did everything (every reject reason, the given
   * anomaly kinds, a failed batch) written by the consumer's own {@link EmfWriter}, read back as
   * CloudWatch reads an EMF line (every metric under every dimension set of the directive).
   */
  static Set<Key> consumerEmf(String namespace, List<String> anomalyKinds) {
    InvocationMetrics m = new InvocationMetrics();
    m.recordsIn(2);
    m.userRecord();
    m.event(true, true, 1_000);
    for (RejectReason r : RejectReason.values()) {
      m.rejected(r);
    }
    anomalyKinds.forEach(m::anomaly);
    m.segmentClosed(true, 1);
    m.emitRetries(1);
    m.batchDurationMs(5);
    m.stateChars(10);
    m.batchFailed();
    List<String> lines = new ArrayList<>();
    new EmfWriter(namespace, lines::add)
        .write("shardId-000000000000", Instant.parse("2026-11-22T00:00:00Z"), m);

    Set<Key> out = new HashSet<>();
    for (String line : lines) {
      JsonNode root = read(line);
      for (JsonNode directive : root.at("/_aws/CloudWatchMetrics")) {
        for (JsonNode set : directive.get("Dimensions")) {
          Map<String, String> dims = new TreeMap<>();
          set.forEach(d -> dims.put(d.asText(), root.get(d.asText()).asText()));
          directive
              .get("Metrics")
              .forEach(
                  metric ->
                      out.add(
                          new Key(
                              directive.get("Namespace").asText(),
                              metric.get("Name").asText(),
                              dims)));
        }
      }
    }
    return out;
  }

  /** The metrics each alarm of the template reads, by alarm name. */
  static Map<String, List<Key>> watchedByAlarms(JsonNode template) {
    Map<String, List<Key>> out = new TreeMap<>();
    template
        .get("Resources")
        .forEach(
            r -> {
              if (!r.get("Type").asText().equals("AWS::CloudWatch::Alarm")) {
                return;
              }
              JsonNode p = r.get("Properties");
              List<Key> keys = new ArrayList<>();
              if (p.has("Metrics")) {
                for (JsonNode line : p.get("Metrics")) {
                  if (line.has("MetricStat")) {
                    keys.add(key(line.at("/MetricStat/Metric")));
                  }
                }
              } else {
                keys.add(key(p));
              }
              out.put(p.get("AlarmName").asText(), keys);
            });
    return out;
  }

  private static Key key(JsonNode metric) {
    Map<String, String> dims = new TreeMap<>();
    metric
        .path("Dimensions")
        .forEach(d -> dims.put(d.get("Name").asText(), d.get("Value").asText()));
    return new Key(metric.get("Namespace").asText(), metric.get("MetricName").asText(), dims);
  }

  private static void add(
      Set<Key> out, String namespace, List<String> names, Map<String, String> dims) {
    names.forEach(n -> out.add(new Key(namespace, n, dims)));
  }

  private static JsonNode read(String line) {
    try {
      return JSON.readTree(line);
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
