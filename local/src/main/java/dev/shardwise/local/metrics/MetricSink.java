package dev.shardwise.local.metrics;

import java.time.Instant;
import java.util.Map;

/**
 * Where local services put the metrics their AWS counterparts publish to CloudWatch (Kinesis,
 * Firehose, the Lambda poller, SQS), and where EMF lines from the handler end up.
 *
 * <p>Contract: implementations are thread-safe (services call from request and delivery threads at
 * once), never block for long, and never throw for a bad datum: they count and drop it.
 */
@FunctionalInterface
public interface MetricSink {

  /** Records the samples of one datum. */
  void put(MetricDatum datum);

  /** One sample of {@code namespace name dimensions} at {@code at}. */
  default void put(
      String namespace,
      String name,
      Map<String, String> dimensions,
      double value,
      String unit,
      Instant at) {
    put(MetricDatum.of(MetricKey.of(namespace, name, dimensions), at, unit, value));
  }

  /** Drops everything: for services run without a store. */
  MetricSink NONE = d -> {};
}
