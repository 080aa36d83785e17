package dev.shardwise.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.consumer.metrics.InvocationMetrics;
import dev.shardwise.consumer.metrics.StructuredLog;
import dev.shardwise.consumer.state.S3ShardStateStore;
import dev.shardwise.consumer.state.ShardStateStore;
import dev.shardwise.consumer.testing.CountingDetector;
import dev.shardwise.consumer.testing.FakeS3;
import dev.shardwise.consumer.testing.RecordingSink;
import dev.shardwise.consumer.testing.TestClients;
import dev.shardwise.core.detect.DetectorRegistry;
import dev.shardwise.core.window.CloseReason;
import dev.shardwise.core.window.FingerprintSet;
import dev.shardwise.core.window.PageMinute;
import dev.shardwise.core.window.SegmentKey;
import dev.shardwise.core.window.ShardState;
import dev.shardwise.core.window.WindowSummary;
import dev.shardwise.core.window.WindowTotals;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Two containers close the same segment at once (a retry racing the original invocation), each with
 * its own cache, through the real S3 client against an S3 endpoint on loopback that honours {@code
 * If-None-Match} / {@code If-Match}: both load the same version before either writes.
 */
class ConcurrentCloseIT {
  private static final String STREAM = "shardwise-events";
  private static final String SHARD = "shardId-000000000001";
  private static final Instant W = Instant.parse("2026-11-21T10:00:00Z");

  private FakeS3 s3;
  private S3Client client;
  private S3ShardStateStore store;

  @BeforeEach
  void start() throws Exception {
    s3 = new FakeS3();
    client = TestClients.s3(s3.endpoint());
    store = new S3ShardStateStore(client, "shardwise-state", "consumer-state/");
  }

  @AfterEach
  void stop() {
    client.close();
    s3.close();
  }

  /** A store whose first load on each thread waits until both racers have loaded. */
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
          barrier.await(10, TimeUnit.SECONDS);
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

  private static Step.Close close(int window) {
    Instant start = W.plusSeconds(60L * window);
    WindowSummary summary =
        new WindowSummary(
            SHARD,
            new SegmentKey(start, String.valueOf(100 + window), -1),
            start.plusSeconds(60),
            CloseReason.WINDOW_END,
            List.of(new PageMinute(start, "/", 5, 2, 0, 0, -1, false)),
            List.of(),
            new WindowTotals(5, 0, 5, 0, 5, 0, 5));
    return new Step.Close(0, summary, new FingerprintSet());
  }

  private static SegmentCloser closer(
      ShardStateStore store, CountingDetector d, RecordingSink sink) {
    return new SegmentCloser(
        new ContainerCache(store, 8),
        store,
        sink,
        DetectorRegistry.of(List.of(d)),
        "shardwise-page-views",
        "shardwise-anomalies");
  }

  private static long persistedCount(ShardStateStore store) {
    return ByteBuffer.wrap(store.load(STREAM, SHARD).state().detectorStates().get("counting"))
        .getLong();
  }

  @Test
  void twoConcurrentRetriesOfOneClose_applyTheWindowOnce_andEmitTheSameRows() throws Exception {
    RacingStore racing = new RacingStore(store);
    CountingDetector d1 = new CountingDetector();
    CountingDetector d2 = new CountingDetector();
    RecordingSink sink1 = new RecordingSink();
    RecordingSink sink2 = new RecordingSink();
    SegmentCloser a = closer(racing, d1, sink1);
    SegmentCloser b = closer(racing, d2, sink2);
    StructuredLog log = new StructuredLog(line -> {});

    // WHEN both close window 0 at once
    CompletableFuture<Void> fa =
        CompletableFuture.runAsync(
            () -> a.close(STREAM, close(0), Duration.ofMinutes(1), new InvocationMetrics(), log));
    CompletableFuture<Void> fb =
        CompletableFuture.runAsync(
            () -> b.close(STREAM, close(0), Duration.ofMinutes(1), new InvocationMetrics(), log));
    fa.get(30, TimeUnit.SECONDS);
    fb.get(30, TimeUnit.SECONDS);

    // THEN both ran the detector on the same loaded state, one write won, the loser reloaded and
    // re-emitted the winner's rows: the window is applied once
    assertThat(racing.conflicts.get()).as("conditional writes: one loser").isEqualTo(1);
    assertThat(d1.calls() + d2.calls()).isEqualTo(2);
    assertThat(persistedCount(store)).isEqualTo(1);
    assertThat(sink1.delivered("shardwise-anomalies"))
        .hasSize(1)
        .isEqualTo(sink2.delivered("shardwise-anomalies"));
    assertThat(sink1.delivered("shardwise-page-views"))
        .isEqualTo(sink2.delivered("shardwise-page-views"));

    // AND the next window builds on the single application, and a late retry of window 0 changes
    // nothing
    a.close(STREAM, close(1), Duration.ofMinutes(1), new InvocationMetrics(), log);
    b.close(STREAM, close(0), Duration.ofMinutes(1), new InvocationMetrics(), log);
    assertThat(persistedCount(store)).isEqualTo(2);
    assertThat(sink1.delivered("shardwise-anomalies").get(1)).contains("\"expected\":1");
  }
}
