package dev.shardwise.local.metrics;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A metric's identity, as CloudWatch defines it: namespace, name and the full set of dimensions.
 * {@code Shardwise Rejected {}} and {@code Shardwise Rejected {ShardId=shardId-0}} are two metrics;
 * a query for one never sees the datapoints of the other.
 *
 * @param namespace e.g. {@code AWS/Firehose}
 * @param name e.g. {@code DeliveryToS3.DataFreshness}
 * @param dimensions name to value, sorted by name
 */
public record MetricKey(String namespace, String name, Map<String, String> dimensions) {

  public MetricKey {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    dimensions = Collections.unmodifiableMap(new TreeMap<>(dimensions));
  }

  public static MetricKey of(String namespace, String name, Map<String, String> dimensions) {
    return new MetricKey(namespace, name, dimensions);
  }

  public static MetricKey of(String namespace, String name) {
    return new MetricKey(namespace, name, Map.of());
  }

  @Override
  public String toString() {
    return namespace + " " + name + " " + dimensions;
  }
}
