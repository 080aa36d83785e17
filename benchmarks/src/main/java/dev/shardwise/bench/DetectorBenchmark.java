package dev.shardwise.bench;

import dev.shardwise.core.detect.DetectorRegistry;
import dev.shardwise.core.detect.DetectorSettings;
import dev.shardwise.core.detect.DeviceDetector;
import dev.shardwise.core.detect.PageDetector;
import dev.shardwise.core.detect.ShardSeriesDetector;
import dev.shardwise.core.detect.WindowDetector;
import dev.shardwise.core.detect.internal.KeyedStateCodec;
import dev.shardwise.core.detect.internal.RcfStateCodec;
import dev.shardwise.core.window.CloseReason;
import dev.shardwise.core.window.DeviceActivity;
import dev.shardwise.core.window.FingerprintSet;
import dev.shardwise.core.window.MetricStats;
import dev.shardwise.core.window.PageMinute;
import dev.shardwise.core.window.SegmentKey;
import dev.shardwise.core.window.ShardState;
import dev.shardwise.core.window.ShardStateCodec;
import dev.shardwise.core.window.WindowSummary;
import dev.shardwise.core.window.WindowTotals;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The detectors at a window close of one shard with 10,000 active devices (3 telemetry metrics
 * each, 20 readings per metric) and 10,000 pages (Zipf views), from warm states (40 windows of
 * history). {@code detect}: decode the state, judge every key, encode the new state (what a close
 * costs); {@code codecOnly}: decode + encode alone (the baseline: the share of the cost that is the
 * state format). Per key-window cost = {@code DEVICE} time / 40,000 (device rate plus 3 metrics),
 * {@code PAGE} / 10,000; {@code SHARD_RCF} is one shard-window. Target: {@code ALL} (the whole
 * close) in at most 50 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DetectorBenchmark {
  static final int DEVICES = 10_000;
  static final int PAGES = 10_000;
  static final String[] METRICS = {"battery_v", "humidity_pct", "temperature_c"};
  static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  /** Which detector. */
  public enum Part {
    DEVICE,
    PAGE,
    SHARD_RCF,
    ALL
  }

  @Param Part part;

  private DetectorRegistry registry;
  private WindowSummary window;
  private Map<String, byte[]> states;

  @Setup
  public void setup() {
    DetectorSettings s = DetectorSettings.defaults();
    List<WindowDetector> ds =
        switch (part) {
          case DEVICE -> List.of(new DeviceDetector(s));
          case PAGE -> List.of(new PageDetector(s));
          case SHARD_RCF -> List.of(new ShardSeriesDetector(s));
          case ALL ->
              List.of(new DeviceDetector(s), new PageDetector(s), new ShardSeriesDetector(s));
        };
    registry = DetectorRegistry.of(ds);
    SplittableRandom random = new SplittableRandom(42);
    double[] share = zipf(PAGES, 1.1);
    states = new HashMap<>();
    for (int w = 0; w < 40; w++) {
      states = new HashMap<>(registry.run(summary(w, random, share), states).states());
    }
    window = summary(40, random, share);
    int total = 0;
    for (Map.Entry<String, byte[]> e : states.entrySet()) {
      total += e.getValue().length;
      System.out.printf("%n[state] %s: %,d bytes%n", e.getKey(), e.getValue().length);
    }
    System.out.printf("[state] total: %,d bytes%n", total);
  }

  @Benchmark
  public DetectorRegistry.Outcome detect() {
    return registry.run(window, states);
  }

  /**
   * What a close costs short of the S3 round trip: {@link #detect}, then the shard state object
   * with the new detector states encoded as the store writes it ({@code ShardStateCodec}, which
   * deflates the whole body).
   */
  @Benchmark
  public byte[] detectAndEncodeShardState() {
    DetectorRegistry.Outcome out = registry.run(window, states);
    return ShardStateCodec.encode(
        ShardState.empty()
            .afterClose(
                window.segment(),
                new FingerprintSet(),
                out.states(),
                List.of(),
                java.time.Duration.ofMinutes(1)));
  }

  @Benchmark
  public int codecOnly() {
    int n = 0;
    for (Map.Entry<String, byte[]> e : states.entrySet()) {
      n +=
          switch (e.getKey()) {
            case "device" -> {
              KeyedStateCodec.Devices d = KeyedStateCodec.decodeDevices(e.getValue());
              yield KeyedStateCodec.encodeDevices(d.lastWindow(), d.entries()).length;
            }
            case "page" -> {
              KeyedStateCodec.Pages p = KeyedStateCodec.decodePages(e.getValue());
              yield KeyedStateCodec.encodePages(p.lastWindow(), p.entries()).length;
            }
            default -> RcfStateCodec.encode(RcfStateCodec.decode(e.getValue())).length;
          };
    }
    return n;
  }

  static double[] zipf(int n, double s) {
    double[] w = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      w[i] = 1 / Math.pow(i + 1, s);
      sum += w[i];
    }
    for (int i = 0; i < n; i++) {
      w[i] /= sum;
    }
    return w;
  }

  static WindowSummary summary(int w, SplittableRandom random, double[] share) {
    Instant start = T0.plusSeconds(60L * w);
    List<DeviceActivity> devices = new ArrayList<>(DEVICES);
    for (int d = 0; d < DEVICES; d++) {
      Map<String, MetricStats> m = new LinkedHashMap<>();
      for (int k = 0; k < METRICS.length; k++) {
        double level = 10 * (k + 1) + d % 7;
        double sum = 0;
        double sq = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < 20; i++) {
          double v = level + random.nextGaussian();
          sum += v;
          sq += v * v;
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
        m.put(METRICS[k], new MetricStats(20, sum, sq, min, max));
      }
      devices.add(new DeviceActivity(String.format("iot-%06d", d), 20, m));
    }
    List<PageMinute> pages = new ArrayList<>(PAGES);
    long views = 0;
    for (int p = 0; p < PAGES; p++) {
      double lambda = 200_000 * share[p];
      long v = Math.max(0, Math.round(lambda + Math.sqrt(lambda) * random.nextGaussian()));
      views += v;
      pages.add(new PageMinute(start, "/page/" + p, v, v, 0, 0, -1, false));
    }
    pages.sort((a, b) -> a.page().compareTo(b.page()));
    long events = views + 20L * DEVICES;
    return new WindowSummary(
        "shardId-000000000000",
        new SegmentKey(start, String.valueOf(1000 + w), -1),
        start.plusSeconds(60),
        CloseReason.WINDOW_END,
        pages,
        devices,
        new WindowTotals(events, 0, events, 0, events, 0, views));
  }
}
