package dev.shardwise.consumer;

import static dev.shardwise.consumer.testing.Records.view;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.consumer.internal.KplEventReader;
import dev.shardwise.consumer.state.InheritingStateStore;
import dev.shardwise.consumer.state.LineageUnavailableException;
import dev.shardwise.consumer.state.ShardLineage;
import dev.shardwise.consumer.testing.Harness;
import dev.shardwise.consumer.testing.InMemoryStateStore;
import dev.shardwise.consumer.testing.RecordingSink;
import dev.shardwise.consumer.testing.Records;
import dev.shardwise.core.detect.DetectorRegistry;
import dev.shardwise.core.kinesis.HashKeyRange;
import dev.shardwise.core.kinesis.HashKeys;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * After a split, a KPL aggregate built from the producer's stale shard map lands in one child with
 * user records whose hash keys belong to the other child (the sibling). The consumer skips such an
 * aggregate whole, as the KCL does (the producer re-sends all its user records, as the KPL does):
 * otherwise a duplicate whose copies land in the two siblings is counted twice, since siblings do
 * not inherit each other's fingerprints. The processor runs on fakes (in-memory store, recording
 * sink, a lineage of ranges).
 */
class OtherShardRecordsTest {
  private static final String STREAM = Harness.STREAM;
  private static final String PARENT = "shardId-000000000000";
  private static final String LEFT = "shardId-000000000002";
  private static final String RIGHT = "shardId-000000000003";
  private static final BigInteger MID = HashKeys.MAX.shiftRight(1).add(BigInteger.ONE);
  private static final Instant W0 = Instant.parse("2026-11-21T10:15:00Z");

  /** The parent covers every key; its children split it at {@link #MID}. */
  static final class SplitLineage implements ShardLineage {
    final AtomicInteger rangeLookups = new AtomicInteger();
    final AtomicBoolean failing = new AtomicBoolean();

    @Override
    public List<String> parents(String stream, String shardId) {
      return shardId.equals(PARENT) ? List.of() : List.of(PARENT);
    }

    @Override
    public HashKeyRange hashKeyRange(String stream, String shardId) {
      rangeLookups.incrementAndGet();
      if (failing.get()) {
        throw new LineageUnavailableException("injected: ListShards throttled", null);
      }
      return switch (shardId) {
        case LEFT -> new HashKeyRange(BigInteger.ZERO, MID.subtract(BigInteger.ONE));
        case RIGHT -> new HashKeyRange(MID, HashKeys.MAX);
        default -> HashKeyRange.ALL;
      };
    }
  }

  private final InMemoryStateStore store = new InMemoryStateStore();
  private final RecordingSink sink = new RecordingSink();
  private final SplitLineage lineage = new SplitLineage();
  private final List<String> log = new ArrayList<>();
  private final Records records = new Records(W0.plusSeconds(20));
  private final BatchProcessor processor = processor();

  private BatchProcessor processor() {
    DetectorRegistry detectors = DetectorRegistry.none();
    return new BatchProcessor(
        ConsumerConfig.fromEnvironment(Map.of(ConsumerConfig.REGION, "us-east-1")),
        new KplEventReader(lineage),
        sink,
        new InheritingStateStore(store, lineage, detectors),
        detectors,
        InstantSource.fixed(Instant.parse("2026-11-21T12:00:00Z")),
        () -> 0L);
  }

  /** A device id whose partition key hashes into the left child (or the right one). */
  private static String device(boolean left, int nth) {
    int found = 0;
    for (int i = 0; ; i++) {
      String d = "dev-" + i;
      if ((HashKeys.ofPartitionKey(d).compareTo(MID) < 0) == left && found++ == nth) {
        return d;
      }
    }
  }

  private BatchResult window(String shard, StreamRecord... recs) {
    return processor.process(
        new ShardBatch(STREAM, shard, W0, W0.plusSeconds(60), Map.of(), List.of(recs), true, false),
        log::add);
  }

  private long views(String shard) {
    return Harness.viewsOfShard(sink, shard);
  }

  @Test
  void aDuplicateWithCopiesInBothSiblings_isCountedOnce_inItsOwnShard() {
    String l = device(true, 0);
    String r = device(false, 0);
    // a stale lane of the parent aggregated a (left) and b (right); the aggregate's first record
    // decided its shard: the left child
    StreamRecord stale =
        records.aggregate(
            List.of(view("a", l, "/home", W0.plusSeconds(5), -1), view("b", r, "/home", W0, -1)));
    // the producer re-sends both on their own: each lands in its own shard
    StreamRecord resentA = records.event(view("a", l, "/home", W0.plusSeconds(5), -1));
    StreamRecord resentB = records.event(view("b", r, "/home", W0, -1));

    window(LEFT, stale, resentA);
    window(RIGHT, resentB);

    assertThat(views(LEFT)).as("a once: the misrouted aggregate is skipped whole").isEqualTo(1);
    assertThat(views(RIGHT)).isEqualTo(1);
    assertThat(String.join("\n", log)).contains("\"UserRecordsOfOtherShards\":2");
  }

  @Test
  void aPoisonUserRecordOfTheSibling_isNotRejectedHere() {
    String r = device(false, 1);
    StreamRecord stale =
        records.aggregateOf(
            r,
            List.of(
                "{not json".getBytes(StandardCharsets.UTF_8),
                "{\"also\": \"bad\"}".getBytes(StandardCharsets.UTF_8)));

    window(LEFT, stale);
    window(RIGHT, stale); // the same user records in their own shard: rejected there, once each

    assertThat(sink.delivered(Harness.REJECTS)).hasSize(2);
    for (String line : sink.delivered(Harness.REJECTS)) {
      assertThat(Harness.parse(line).get("shard_id").asText()).isEqualTo(RIGHT);
    }
  }

  @Test
  void aFailedRangeLookup_stopsTheBatchAtTheAggregate_afterThePlainRecordsBeforeIt() {
    String l = device(true, 2);
    StreamRecord plain = records.event(view("p", l, "/home", W0, -1));
    StreamRecord agg =
        records.aggregate(List.of(view("q", l, "/home", W0, -1), view("s", l, "/about", W0, -1)));
    lineage.failing.set(true);

    BatchResult failed =
        processor.process(
            new ShardBatch(
                STREAM, LEFT, W0, W0.plusSeconds(60), Map.of(), List.of(plain, agg), false, false),
            log::add);

    assertThat(failed.failedSequenceNumber()).contains(agg.sequenceNumber());
    // Lambda retries from the aggregate with the state after the plain record
    lineage.failing.set(false);
    BatchResult retried =
        processor.process(
            new ShardBatch(
                STREAM, LEFT, W0, W0.plusSeconds(60), failed.state(), List.of(agg), true, false),
            log::add);
    assertThat(retried.failedSequenceNumber()).isEmpty();
    assertThat(views(LEFT)).isEqualTo(3);
  }

  @Test
  void anAggregateWhoseRecordsAllBelongHere_isCounted() {
    StreamRecord agg =
        records.aggregate(
            List.of(
                view("m", device(false, 4), "/home", W0, -1),
                view("n", device(false, 5), "/home", W0, -1)));

    window(RIGHT, agg);

    assertThat(views(RIGHT)).isEqualTo(2);
    assertThat(lineage.rangeLookups).hasValue(1);
    assertThat(String.join("\n", log)).doesNotContain("UserRecordsOfOtherShards");
  }

  @Test
  void plainRecords_needNoRangeLookup() {
    String r = device(false, 3);
    window(RIGHT, records.event(view("x", r, "/home", W0, -1)));

    assertThat(views(RIGHT)).isEqualTo(1);
    assertThat(lineage.rangeLookups).hasValue(0);
  }
}
