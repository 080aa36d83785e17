package dev.shardwise.core.event;

import dev.shardwise.core.event.internal.MetricMap;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One valid event of schema version 1 (DESIGN.md, "Event, schema version 1"). Instances made by
 * {@code EventDecoder} have passed every rule of the contract; the constructor only checks what
 * every event must have, so tests and the simulator can build events directly.
 *
 * @param eventId the deduplication key, 1-64 of {@code [A-Za-z0-9._:-]}
 * @param type page view, click or telemetry
 * @param time the event time (the contract's RFC 3339 {@code time}, as an instant)
 * @param deviceId the partition key, 1-128 characters
 * @param sessionId optional, may be {@code null}
 * @param page the path with query string and fragment dropped; {@code null} for telemetry without a
 *     page
 * @param referrer optional, may be {@code null}
 * @param country optional ISO 3166-1 alpha-2 code, may be {@code null}
 * @param loadMs page load time in ms, or {@link #NO_LOAD_MS} when absent
 * @param metrics telemetry metrics, name to finite value; empty when absent, never {@code null}.
 *     The record keeps an immutable copy that iterates in name order (so equal events encode to
 *     equal bytes); a {@code null} map is the empty map
 */
public record Event(
    String eventId,
    EventType type,
    Instant time,
    String deviceId,
    String sessionId,
    String page,
    String referrer,
    String country,
    int loadMs,
    Map<String, Double> metrics) {

  /** The value of {@link #loadMs()} when the event has no {@code load_ms}. */
  public static final int NO_LOAD_MS = -1;

  /** The only schema version this release reads and writes. */
  public static final int SCHEMA_VERSION = 1;

  public Event {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(deviceId, "deviceId");
    metrics = MetricMap.copyOf(metrics);
  }

  /** Whether the event carries a page load time. */
  public boolean hasLoadMs() {
    return loadMs != NO_LOAD_MS;
  }
}
