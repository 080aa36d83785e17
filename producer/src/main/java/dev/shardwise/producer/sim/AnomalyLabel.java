package dev.shardwise.producer.sim;

import java.time.Instant;

/**
 * One injected anomaly: what, where, when, how strong. The detector evaluation matches detections
 * against these.
 *
 * @param id {@code a1}, {@code a2}... in start order
 * @param kind what was injected
 * @param keyType {@code page} or {@code device}
 * @param key the page path or the device id
 * @param metric {@code views} for pages, {@code events} for bursts, else the telemetry metric name
 * @param start first event time affected (inclusive)
 * @param end end of the effect (exclusive); for an outlier, one second after the reading
 * @param magnitude page spike: factor over the expected views; page drop: fraction of views left;
 *     device burst: factor over the device's normal event rate; outlier and level shift: offset in
 *     standard deviations of the metric's noise
 */
public record AnomalyLabel(
    String id,
    AnomalyKind kind,
    String keyType,
    String key,
    String metric,
    Instant start,
    Instant end,
    double magnitude) {}
