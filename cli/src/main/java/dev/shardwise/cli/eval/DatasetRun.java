package dev.shardwise.cli.eval;

import dev.shardwise.core.detect.DetectorRegistry;
import dev.shardwise.core.detect.WindowDetector;
import dev.shardwise.core.window.CloseReason;
import dev.shardwise.core.window.DeviceActivity;
import dev.shardwise.core.window.EventFingerprint;
import dev.shardwise.core.window.FingerprintSet;
import dev.shardwise.core.window.SegmentKey;
import dev.shardwise.core.window.WindowState;
import dev.shardwise.core.window.WindowSummary;
import dev.shardwise.producer.sim.AnomalyLabel;
import dev.shardwise.producer.sim.SimConfig;
import dev.shardwise.producer.sim.SimRecord;
import dev.shardwise.producer.sim.Simulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the detectors over one simulated dataset the way the consumer does: records go to shards by
 * a hash of the partition key, are counted in 60-second tumbling windows on their send (arrival)
 * time, and every shard's window closes through the detectors with the states of its previous
 * close, as encoded bytes.
 */
public final class DatasetRun {
  private DatasetRun() {}

  /** What one dataset produced. */
  public record Result(
      SimConfig config,
      List<AnomalyLabel> labels,
      List<Detection> detections,
      int windows,
      long keyWindows,
      long events) {}

  public static Result run(SimConfig config, int shards, List<WindowDetector> detectors) {
    Simulator sim = new Simulator(config);
    DetectorRegistry registry = DetectorRegistry.of(detectors);
    List<Map<String, byte[]>> states = new ArrayList<>();
    List<WindowState> open = new ArrayList<>();
    for (int s = 0; s < shards; s++) {
      states.add(new HashMap<>());
      open.add(null);
    }
    long t0 = config.start().getEpochSecond();
    List<Detection> found = new ArrayList<>();
    FingerprintSet none = new FingerprintSet();
    int current = -1;
    long keyWindows = 0;
    long events = 0;
    while (sim.hasNext()) {
      SimRecord r = sim.next();
      if (!r.kind().valid()) {
        continue;
      }
      int w = (int) ((r.sendAt().getEpochSecond() - t0) / 60);
      if (w != current) {
        if (current >= 0) {
          keyWindows += closeAll(open, states, registry, current, found);
        }
        current = w;
        for (int s = 0; s < shards; s++) {
          Instant start = config.start().plusSeconds(60L * w);
          open.set(
              s,
              WindowState.open(
                  new SegmentKey(start, String.valueOf(w + 1), -1),
                  start.plusSeconds(60),
                  Duration.ZERO));
        }
      }
      int shard = Math.floorMod(r.partitionKey().hashCode() * 0x9E3779B9, shards);
      open.get(shard).accept(r.event(), EventFingerprint.of(r.event().eventId()), none);
      events++;
    }
    if (current >= 0) {
      keyWindows += closeAll(open, states, registry, current, found);
    }
    return new Result(config, sim.anomalies(), found, current + 1, keyWindows, events);
  }

  private static long closeAll(
      List<WindowState> open,
      List<Map<String, byte[]>> states,
      DetectorRegistry registry,
      int window,
      List<Detection> found) {
    long keyWindows = 0;
    for (int s = 0; s < open.size(); s++) {
      WindowSummary summary = open.get(s).summarize("shard-" + s, CloseReason.WINDOW_END);
      keyWindows += 1 + summary.pageMinutes().stream().map(m -> m.page()).distinct().count();
      for (DeviceActivity d : summary.devices()) {
        keyWindows += 1 + d.metrics().size();
      }
      DetectorRegistry.Outcome out = registry.run(summary, states.get(s));
      states.set(s, new HashMap<>(out.states()));
      for (var row : out.anomalies()) {
        found.add(new Detection(window, s, row.kind(), row.key(), row.metric()));
      }
    }
    return keyWindows;
  }
}
