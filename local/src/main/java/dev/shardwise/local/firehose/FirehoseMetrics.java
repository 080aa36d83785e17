package dev.shardwise.local.firehose;

import dev.shardwise.local.metrics.MetricSink;
import java.time.Instant;
import java.util.Map;

/**
 * Where the local Firehose sends the metrics Firehose publishes in the {@code AWS/Firehose}
 * namespace, one data point per call, dimension {@code DeliveryStreamName}. The runtime connects it
 * to the local metric store; the default drops them.
 *
 * <p>Contract: called from request threads and the delivery thread concurrently, so implementations
 * must be thread-safe and must not block for long.
 */
@FunctionalInterface
public interface FirehoseMetrics {
  String INCOMING_RECORDS = "IncomingRecords";
  String INCOMING_BYTES = "IncomingBytes";
  String THROTTLED_RECORDS = "ThrottledRecords";
  String DELIVERY_RECORDS = "DeliveryToS3.Records";
  String DELIVERY_BYTES = "DeliveryToS3.Bytes";
  String DELIVERY_SUCCESS = "DeliveryToS3.Success";
  String DELIVERY_FRESHNESS = "DeliveryToS3.DataFreshness";
  String KINESIS_READ_RECORDS = "DataReadFromKinesisStream.Records";
  String KINESIS_READ_BYTES = "DataReadFromKinesisStream.Bytes";

  /** Units as CloudWatch names them. */
  String COUNT = "Count";

  String BYTES = "Bytes";
  String SECONDS = "Seconds";

  /** One data point of {@code metric} for the delivery stream {@code deliveryStream}. */
  void record(String deliveryStream, String metric, double value, String unit, Instant at);

  FirehoseMetrics NONE = (stream, metric, value, unit, at) -> {};

  /** Namespace of the metrics, as CloudWatch names it. */
  String NAMESPACE = "AWS/Firehose";

  /**
   * Puts the metrics into the local metric store, as {@code AWS/Firehose} with {@code
   * DeliveryStreamName}.
   */
  static FirehoseMetrics to(MetricSink sink) {
    return (stream, metric, value, unit, at) ->
        sink.put(NAMESPACE, metric, Map.of("DeliveryStreamName", stream), value, unit, at);
  }
}
