package dev.shardwise.consumer.definitions;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One metric and how to aggregate it per period: the {@code MetricStat} of CloudWatch's API. The
 * dimensions are part of the metric's identity: an alarm that leaves one out watches a different
 * (usually never emitted) metric.
 *
 * @param namespace e.g. {@code AWS/Lambda} or {@code Shardwise}
 * @param metricName e.g. {@code IteratorAge}
 * @param dimensions name to value, sorted by name, possibly empty
 * @param periodSeconds the period, a multiple of 60
 * @param stat the statistic per period
 */
public record MetricStat(
    String namespace,
    String metricName,
    Map<String, String> dimensions,
    int periodSeconds,
    Statistic stat) {

  public MetricStat {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(metricName, "metricName");
    Objects.requireNonNull(stat, "stat");
    dimensions = Collections.unmodifiableMap(new TreeMap<>(dimensions));
  }

  /** {@code AWS/Lambda IteratorAge {FunctionName=shardwise-consumer}}: for messages. */
  public String describe() {
    return namespace + " " + metricName + " " + dimensions;
  }
}
