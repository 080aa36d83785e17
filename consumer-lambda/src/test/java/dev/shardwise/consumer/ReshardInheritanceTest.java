package dev.shardwise.consumer;

import static dev.shardwise.consumer.testing.Records.view;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shardwise.consumer.internal.KplEventReader;
import dev.shardwise.consumer.state.InheritingStateStore;
import dev.shardwise.consumer.state.LineageUnavailableException;
import dev.shardwise.consumer.state.ShardLineage;
import dev.shardwise.consumer.testing.Harness;
import dev.shardwise.consumer.testing.InMemoryStateStore;
import dev.shardwise.consumer.testing.RecordingSink;
import dev.shardwise.consumer.testing.Records;
import dev.shardwise.core.detect.Anomaly;
import dev.shardwise.core.detect.DetectorRegistry;
import dev.shardwise.core.detect.KeyType;
import dev.shardwise.core.detect.Severity;
import dev.shardwise.core.detect.WindowDetector;
import dev.shardwise.core.kinesis.HashKeyRange;
import dev.shardwise.core.window.WindowSummary;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A child shard starts from its parents' shard state: their duplicate fingerprints and their
 * detector states. The processor runs on fakes (in-memory store, recording sink, a lineage map).
 */
class ReshardInheritanceTest {
  private static final String STREAM = Harness.STREAM;
  private static final String PARENT = "shardId-000000000000";
  private static final String LEFT = "shardId-000000000001";
  private static final String RIGHT = "shardId-000000000002";
  private static final String MERGED = "shardId-000000000003";
  private static final Instant W0 = Instant.parse("2026-11-21T10:15:00Z");
  private static final Instant W1 = W0.plusSeconds(60);

  /** Counts the segments it saw; a child inherits the sum of its parents' counts. */
  static final class SummingDetector implements WindowDetector {
    @Override
    public String name() {
      return "summing";
    }

    @Override
    public Detection detect(WindowSummary window, byte[] state) {
      long seen = state == null ? 0 : ByteBuffer.wrap(state).getLong();
      Anomaly a =
          new Anomaly(
              "segment_views",
              KeyType.SHARD,
              window.shardId(),
              "views",
              window.totals().views(),
              seen,
              0,
              seen,
              1,
              0,
              Severity.INFO);
      return new Detection(List.of(a), ByteBuffer.allocate(8).putLong(seen + 1).array());
    }

    @Override
    public byte[] inherit(List<byte[]> parentStates) {
      long sum = 0;
      for (byte[] s : parentStates) {
        sum += s == null ? 0 : ByteBuffer.wrap(s).getLong();
      }
      return ByteBuffer.allocate(8).putLong(sum).array();
    }
  }

  /** A lineage from a map, counting its calls, failing on demand. */
  static final class MapLineage implements ShardLineage {
    final Map<String, List<String>> parents = new HashMap<>();
    final AtomicInteger calls = new AtomicInteger();
    final AtomicBoolean failing = new AtomicBoolean();

    @Override
    public List<String> parents(String stream, String shardId) {
      calls.incrementAndGet();
      if (failing.get()) {
        throw new LineageUnavailableException("injected: ListShards throttled", null);
      }
      return parents.getOrDefault(shardId, List.of());
    }

    @Override
    public HashKeyRange hashKeyRange(String stream, String shardId) {
      return HashKeyRange.ALL;
    }
  }

  private final InMemoryStateStore store = new InMemoryStateStore();
  private final RecordingSink sink = new RecordingSink();
  private final MapLineage lineage = new MapLineage();
  private final List<String> log = new ArrayList<>();
  private final Records records = new Records(W0.plusSeconds(20));

  private BatchProcessor processor(ShardLineage l) {
    Map<String, String> env = Map.of(ConsumerConfig.REGION, "us-east-1");
    DetectorRegistry detectors = DetectorRegistry.of(List.of(new SummingDetector()));
    return new BatchProcessor(
        ConsumerConfig.fromEnvironment(env),
        new KplEventReader(l),
        sink,
        new InheritingStateStore(store, l, detectors),
        detectors,
        InstantSource.fixed(Instant.parse("2026-11-21T12:00:00Z")),
        () -> 0L);
  }

  /** One whole window of a shard in one final invocation. */
  private BatchResult window(BatchProcessor p, String shard, Instant start, String... ids) {
    List<StreamRecord> recs = new ArrayList<>();
    for (String id : ids) {
      recs.add(records.event(view(id, "d-" + id, "/home", start.plusSeconds(10), -1)));
    }
    return p.process(
        new ShardBatch(STREAM, shard, start, start.plusSeconds(60), Map.of(), recs, true, false),
        log::add);
  }

  private long views(String shard) {
    return Harness.viewsOfShard(sink, shard);
  }

  private List<Long> expectedOfAnomalies(String shard) {
    List<Long> out = new ArrayList<>();
    for (String line : sink.delivered(Harness.ANOMALIES)) {
      JsonNode r = Harness.parse(line);
      if (r.get("shard_id").asText().equals(shard)) {
        out.add(r.get("expected").asLong());
      }
    }
    return out;
  }

  @Test
  void afterASplit_eachChildSeesTheParentsFingerprints_andContinuesItsDetectorState() {
    lineage.parents.put(LEFT, List.of(PARENT));
    lineage.parents.put(RIGHT, List.of(PARENT));
    BatchProcessor p = processor(lineage);
    window(p, PARENT, W0, "a", "b");
    // the producer's retries of a and b landed on the children (after the split, same window)
    window(p, LEFT, W0, "a", "c");
    window(p, RIGHT, W0, "b", "d");

    assertThat(views(PARENT)).isEqualTo(2);
    assertThat(views(LEFT)).isEqualTo(1);
    assertThat(views(RIGHT)).isEqualTo(1);
    // the parent closed 1 segment: each child starts from that count
    assertThat(expectedOfAnomalies(LEFT)).containsExactly(1L);
    assertThat(expectedOfAnomalies(RIGHT)).containsExactly(1L);
  }

  @Test
  void afterAMerge_theChildSeesBothParentsFingerprints_andBothDetectorStates() {
    lineage.parents.put(MERGED, List.of(LEFT, RIGHT));
    BatchProcessor p = processor(lineage);
    window(p, LEFT, W0, "x");
    window(p, LEFT, W1, "x2");
    window(p, RIGHT, W1, "y");
    window(p, MERGED, W1, "x", "x2", "y", "z");

    assertThat(views(MERGED)).isEqualTo(1);
    assertThat(expectedOfAnomalies(MERGED)).containsExactly(3L); // 2 segments of LEFT + 1 of RIGHT
    // the child's own object holds the inherited fingerprints with its own: a later window too
    window(p, MERGED, W1.plusSeconds(60), "y", "w");
    assertThat(views(MERGED)).isEqualTo(2);
  }

  @Test
  void withoutLineage_theDuplicateIsCountedTwice() {
    BatchProcessor p = processor(ShardLineage.NONE);
    window(p, PARENT, W0, "a");
    window(p, LEFT, W0, "a");

    assertThat(views(LEFT)).isEqualTo(1);
    assertThat(expectedOfAnomalies(LEFT)).containsExactly(0L);
  }

  @Test
  void aParentWithoutAnObject_passesOnItsOwnParentsState() {
    lineage.parents.put(LEFT, List.of(PARENT));
    lineage.parents.put(MERGED, List.of(LEFT));
    BatchProcessor p = processor(lineage);
    window(p, PARENT, W0, "a");
    window(p, MERGED, W0, "a", "b");

    assertThat(views(MERGED)).isEqualTo(1);
  }

  @Test
  void aFailedLookup_isABatchItemFailure_andTheRetryInherits() {
    lineage.parents.put(LEFT, List.of(PARENT));
    BatchProcessor p = processor(lineage);
    window(p, PARENT, W0, "a");
    lineage.failing.set(true);

    BatchResult failed = window(p, LEFT, W0, "a", "c");

    assertThat(failed.failedSequenceNumber()).isPresent();
    assertThat(views(LEFT)).isZero();
    assertThat(store.current(STREAM, LEFT).lastApplied()).isNull();

    lineage.failing.set(false);
    BatchResult retried = window(p, LEFT, W0, "a", "c");

    assertThat(retried.failedSequenceNumber()).isEmpty();
    assertThat(views(LEFT)).isEqualTo(1);
  }

  @Test
  void onlyTheFirstSegmentOfAShardAsksForItsParents() {
    lineage.parents.put(LEFT, List.of(PARENT));
    BatchProcessor p = processor(lineage);
    window(p, PARENT, W0, "a");
    int before = lineage.calls.get();
    window(p, LEFT, W0, "b");
    window(p, LEFT, W1, "c");
    window(p, LEFT, W1.plusSeconds(60), "d");

    assertThat(lineage.calls.get() - before).isEqualTo(1);
  }
}
