package dev.shardwise.core.detect;

import java.util.List;

/** The detectors the consumer registers: per device, per page, per shard series. */
public final class StandardDetectors {
  private StandardDetectors() {}

  public static List<WindowDetector> all(DetectorSettings settings) {
    return List.of(
        new DeviceDetector(settings),
        new PageDetector(settings),
        new ShardSeriesDetector(settings));
  }
}
