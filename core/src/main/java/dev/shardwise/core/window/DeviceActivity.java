package dev.shardwise.core.window;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one device did in a window segment (all of a device's events are on one shard, so this is
 * exact).
 *
 * @param deviceId the device
 * @param events valid, deduplicated events of any type
 * @param metrics telemetry metric name to its moments, in first-seen order
 */
public record DeviceActivity(String deviceId, long events, Map<String, MetricStats> metrics) {

  public DeviceActivity {
    Objects.requireNonNull(deviceId, "deviceId");
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }
}
