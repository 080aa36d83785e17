package dev.shardwise.consumer;

import dev.shardwise.core.detect.DetectorRegistry;

/**
 * The detectors the deployed consumer runs at every segment close. None yet: issue 9 registers its
 * per-device, per-page and per-shard detectors here.
 */
public final class Detectors {
  private Detectors() {}

  public static DetectorRegistry standard(ConsumerConfig config) {
    return DetectorRegistry.none();
  }
}
