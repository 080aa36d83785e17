package dev.shardwise.consumer;

import dev.shardwise.core.detect.DetectorRegistry;
import dev.shardwise.core.detect.StandardDetectors;

/**
 * The detectors the deployed consumer runs at every segment close: per device (telemetry metrics,
 * event rate), per page (views against the shard's traffic) and per shard (RCF on the aggregate
 * series), configured by the {@code SHARDWISE_DETECT_*} variables; none when {@code
 * SHARDWISE_DETECT_ENABLED=false}.
 */
public final class Detectors {
  private Detectors() {}

  public static DetectorRegistry standard(ConsumerConfig config) {
    return config
        .detectorSettings()
        .map(s -> DetectorRegistry.of(StandardDetectors.all(s)))
        .orElseGet(DetectorRegistry::none);
  }
}
