package dev.shardwise.cli.eval;

import dev.shardwise.core.detect.DetectorSettings;
import dev.shardwise.core.detect.StandardDetectors;
import dev.shardwise.producer.sim.FaultPlan;
import dev.shardwise.producer.sim.SimConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DemoReplayProbe {
  @Test
  void probe() {
    DetectorSettings d = DetectorSettings.defaults();
    DetectorSettings s =
        new DetectorSettings(
            8, d.evictAfter(), d.threshold(), d.minRatio(), d.rcfThreshold(), d.maxKeys());
    Map<String, Integer> byKind = new TreeMap<>();
    long keyWindows = 0;
    for (int seed = 1; seed <= 8; seed++) {
      SimConfig c =
          SimConfig.of(
                  seed, Instant.parse("2026-12-01T10:00:00Z"), 500, Duration.ofMinutes(10), 1000)
              .withAnomalies(Map.of())
              .withFaults(FaultPlan.none());
      DatasetRun.Result r = DatasetRun.run(c, 2, StandardDetectors.all(s), Duration.ofSeconds(10));
      keyWindows += r.keyWindows();
      for (Detection x : r.detections()) {
        String k = x.kind() + " " + x.key().replaceAll("[0-9]+", "");
        byKind.merge(k, 1, Integer::sum);
      }
    }
    System.out.println("PROBE keyWindows=" + keyWindows + " detections=" + byKind);
  }
}
