package dev.shardwise.local.metrics;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Samples of one metric at one time: one value, or the values of an EMF array (each a separate
 * sample, as CloudWatch counts them for SampleCount and percentiles).
 *
 * @param key the metric
 * @param timestamp when the samples were taken
 * @param unit the CloudWatch unit ({@code Count}, {@code Milliseconds}, ...; {@code None} if
 *     absent)
 * @param values the samples, finite
 */
public record MetricDatum(MetricKey key, Instant timestamp, String unit, double[] values) {

  public MetricDatum {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(timestamp, "timestamp");
    unit = unit == null ? "None" : unit;
    values = values.clone();
  }

  public static MetricDatum of(MetricKey key, Instant timestamp, String unit, double value) {
    return new MetricDatum(key, timestamp, unit, new double[] {value});
  }

  @Override
  public double[] values() {
    return values.clone();
  }

  int size() {
    return values.length;
  }

  double value(int i) {
    return values[i];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MetricDatum d
        && key.equals(d.key)
        && timestamp.equals(d.timestamp)
        && unit.equals(d.unit)
        && Arrays.equals(values, d.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, timestamp, unit, Arrays.hashCode(values));
  }

  @Override
  public String toString() {
    return key + " @" + timestamp + " " + Arrays.toString(values) + " " + unit;
  }
}
