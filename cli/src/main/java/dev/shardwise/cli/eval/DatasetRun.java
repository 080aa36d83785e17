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
 * a hash of the partition key, are counted in tumbling windows (60 s unless given) on their send
 * (arrival) time, and every shard's window closes through the detectors with the states of its
 * previous close, as encoded bytes.
 */
public final class DatasetRun {
  private DatasetRun() {}

  /**
   * What one dataset produced.
   *
   * @param origin start of window 0 (window {@code i} spans {@code origin + i × window})
   * @param window the tumbling window's length
   */
  public record Result(
      SimConfig config,
      List<AnomalyLabel> labels,
      List<Detection> detections,
      int windows,
      long keyWindows,
      long events,
      Instant origin,
      Duration window) {

    /** Windows of 60 s from the run's start. */
    public Result(
        SimConfig config,
        List<AnomalyLabel> labels,
        List<Detection> detections,
        int windows,
        long keyWindows,
        long events) {
      this(config, labels, detections, windows, keyWindows, events, config.start(), MINUTE);
    }

    /** The index of the window holding {@code t}. */
    public int windowOf(Instant t) {
      return (int) Math.floorDiv(Duration.between(origin, t).toMillis(), window.toMillis());
    }
  }

  private static final Duration MINUTE = Duration.ofSeconds(60);

  public static Result run(SimConfig config, int shards, List<WindowDetector> detectors) {
    return run(config, shards, detectors, MINUTE);
  }

  /** As {@link #run(SimConfig, int, List)} with windows of {@code window} from the run's start. */
  public static Result run(
      SimConfig config, int shards, List<WindowDetector> detectors, Duration window) {
    long len = window.toSeconds();
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
      int w = (int) ((r.sendAt().getEpochSecond() - t0) / len);
      if (w != current) {
        if (current >= 0) {
          keyWindows += closeAll(open, states, registry, current, found);
        }
        current = w;
        for (int s = 0; s < shards; s++) {
          Instant start = config.start().plusSeconds(len * w);
          open.set(
              s,
              WindowState.open(
                  new SegmentKey(start, String.valueOf(w + 1), -1),
                  start.plusSeconds(len),
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
    return new Result(
        config, sim.anomalies(), found, current + 1, keyWindows, events, config.start(), window);
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
