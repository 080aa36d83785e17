package dev.shardwise.local.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.consumer.internal.ContainerCache;
import dev.shardwise.consumer.internal.SegmentCloser;
import dev.shardwise.consumer.internal.Step;
import dev.shardwise.consumer.metrics.InvocationMetrics;
import dev.shardwise.consumer.metrics.StructuredLog;
import dev.shardwise.consumer.sink.RowSink;
import dev.shardwise.consumer.state.S3ShardStateStore;
import dev.shardwise.consumer.state.ShardStateStore;
import dev.shardwise.core.detect.DetectorRegistry;
import dev.shardwise.core.detect.DetectorSettings;
import dev.shardwise.core.detect.StandardDetectors;
import dev.shardwise.core.detect.internal.KeyedStateCodec;
import dev.shardwise.core.window.CloseReason;
import dev.shardwise.core.window.DeviceActivity;
import dev.shardwise.core.window.FingerprintSet;
import dev.shardwise.core.window.MetricStats;
import dev.shardwise.core.window.PageMinute;
import dev.shardwise.core.window.SegmentKey;
import dev.shardwise.core.window.ShardState;
import dev.shardwise.core.window.WindowSummary;
import dev.shardwise.core.window.WindowTotals;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The standard detectors' state under two concurrent closes of one segment (a retry racing the
 * original), through the real S3 client against the local S3 endpoint and its conditional writes:
 * the segment is applied once, and both closes emit the same anomaly rows.
 */
class DetectorStateRaceIT {
  private static final String STREAM = "shardwise-events";
  private static final String SHARD = "shardId-000000000003";
  private static final Instant W = Instant.parse("2026-11-21T10:00:00Z");

  @TempDir Path data;
  private LocalS3 s3;
  private S3Client client;
  private S3ShardStateStore store;

  @BeforeEach
  void start() throws Exception {
    s3 = new LocalS3(data);
    client = s3.clientBuilder().build();
    client.createBucket(b -> b.bucket("shardwise-state"));
    store = new S3ShardStateStore(client, "shardwise-state", "consumer-state/");
  }

  @AfterEach
  void stop() {
    client.close();
    s3.close();
  }

  /** Lets both racers load the same version before either writes. */
  private static final class RacingStore implements ShardStateStore {
    private final ShardStateStore delegate;
    private final CyclicBarrier barrier = new CyclicBarrier(2);
    private final ThreadLocal<Boolean> waited = ThreadLocal.withInitial(() -> false);
    final java.util.concurrent.atomic.AtomicInteger conflicts =
        new java.util.concurrent.atomic.AtomicInteger();

    RacingStore(ShardStateStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public VersionedState load(String stream, String shardId) {
      VersionedState v = delegate.load(stream, shardId);
      if (!waited.get()) {
        waited.set(true);
        try {
          barrier.await(20, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      return v;
    }

    @Override
    public String save(String stream, String shardId, ShardState state, String expectedTag) {
      try {
        return delegate.save(stream, shardId, state, expectedTag);
      } catch (dev.shardwise.consumer.state.StateConflictException e) {
        conflicts.incrementAndGet();
        throw e;
      }
    }
  }

  private static final class ListSink implements RowSink {
    final List<String> anomalies = new ArrayList<>();

    @Override
    public synchronized int put(String stream, List<byte[]> records) {
      if (stream.equals("shardwise-anomalies")) {
        records.forEach(r -> anomalies.add(new String(r, StandardCharsets.UTF_8)));
      }
      return 0;
    }
  }

  private static Step.Close close(int window, double level) {
    Instant start = W.plusSeconds(60L * window);
    double[] v = {level - 0.3, level + 0.1, level + 0.2, level};
    double sum = 0;
    double sq = 0;
    for (double x : v) {
      sum += x;
      sq += x * x;
    }
    WindowSummary summary =
        new WindowSummary(
            SHARD,
            new SegmentKey(start, String.valueOf(500 + window), -1),
            start.plusSeconds(60),
            CloseReason.WINDOW_END,
            List.of(new PageMinute(start, "/", 40, 10, 0, 0, -1, false)),
            List.of(
                new DeviceActivity(
                    "iot-000001",
                    4,
                    Map.of(
                        "temperature_c", new MetricStats(4, sum, sq, level - 0.3, level + 0.2)))),
            new WindowTotals(44, 0, 44, 0, 44, 0, 40));
    return new Step.Close(0, summary, new FingerprintSet());
  }

  private static SegmentCloser closer(ShardStateStore store, ListSink sink) {
    DetectorSettings s = new DetectorSettings(2, Duration.ofDays(1), 5, 2, 1.5, 12_000);
    return new SegmentCloser(
        new ContainerCache(store, 4),
        store,
        sink,
        DetectorRegistry.of(StandardDetectors.all(s)),
        "shardwise-page-views",
        "shardwise-anomalies");
  }

  private int metricWindows() {
    byte[] device = store.load(STREAM, SHARD).state().detectorStates().get("device");
    return KeyedStateCodec.decodeDevices(device).entries().get("iot-000001").metrics[0].windows;
  }

  @Test
  void twoConcurrentClosesOfTheSameWindow_applyItOnce() throws Exception {
    SegmentCloser plain = closer(store, new ListSink());
    StructuredLog log = new StructuredLog(line -> {});
    for (int w = 0; w < 3; w++) {
      plain.close(STREAM, close(w, 20), Duration.ofMinutes(1), new InvocationMetrics(), log);
    }
    assertThat(metricWindows()).isEqualTo(3);

    // WHEN two containers close window 3 (a level shift: an anomaly row) at the same time
    RacingStore racing = new RacingStore(store);
    ListSink sinkA = new ListSink();
    ListSink sinkB = new ListSink();
    SegmentCloser a = closer(racing, sinkA);
    SegmentCloser b = closer(racing, sinkB);
    CompletableFuture<Void> fa =
        CompletableFuture.runAsync(
            () ->
                a.close(STREAM, close(3, 40), Duration.ofMinutes(1), new InvocationMetrics(), log));
    CompletableFuture<Void> fb =
        CompletableFuture.runAsync(
            () ->
                b.close(STREAM, close(3, 40), Duration.ofMinutes(1), new InvocationMetrics(), log));
    fa.get(60, TimeUnit.SECONDS);
    fb.get(60, TimeUnit.SECONDS);

    // THEN the window was applied once (a second application would count 5 windows), and both
    // emitted the same level-shift row
    assertThat(racing.conflicts.get()).as("conditional writes: one loser").isEqualTo(1);
    assertThat(metricWindows()).isEqualTo(4);
    assertThat(sinkA.anomalies).hasSize(1).isEqualTo(sinkB.anomalies);
    assertThat(sinkA.anomalies.get(0)).contains("\"kind\":\"device_level_shift\"");
  }
}
