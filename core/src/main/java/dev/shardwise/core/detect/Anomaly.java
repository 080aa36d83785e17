package dev.shardwise.core.detect;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One finding of a detector: what was observed, what was expected, the score and the threshold it
 * crossed. {@link DetectorRegistry} turns it into an {@code AnomalyRow} with shard, window and a
 * deterministic id.
 *
 * @param kind what kind of anomaly, {@code [a-z0-9_]{1,48}} (e.g. {@code page_spike}); also a
 *     metric name suffix, so keep the set of kinds small
 * @param keyType what the key names
 * @param key the device id, page, or shard id
 * @param metric the observed quantity (e.g. {@code views_per_minute}, a telemetry metric name)
 * @param observed the value seen
 * @param expected the value the detector expected
 * @param bandLow lower edge of the normal band
 * @param bandHigh upper edge of the normal band
 * @param score the detector's anomaly score
 * @param threshold the score above which it reports
 * @param severity how bad
 */
public record Anomaly(
    String kind,
    KeyType keyType,
    String key,
    String metric,
    double observed,
    double expected,
    double bandLow,
    double bandHigh,
    double score,
    double threshold,
    Severity severity) {

  private static final Pattern KIND = Pattern.compile("[a-z0-9_]{1,48}");

  public Anomaly {
    Objects.requireNonNull(kind, "kind");
    if (!KIND.matcher(kind).matches()) {
      throw new IllegalArgumentException("anomaly kind must match [a-z0-9_]{1,48}: " + kind);
    }
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(severity, "severity");
  }
}
