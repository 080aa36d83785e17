package dev.shardwise.producer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.core.kinesis.HashKeys;
import dev.shardwise.core.kpl.Deaggregated;
import dev.shardwise.core.kpl.KplDecoder;
import dev.shardwise.core.kpl.UserRecord;
import dev.shardwise.producer.PublishFailure;
import dev.shardwise.producer.PublishResult;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class EngineAggregationTest {

  @Property(tries = 200)
  void aggregates_neverMixShards_andHoldTheRecordsInPublishOrder(
      @ForAll("shardMaps") ShardMap map,
      @ForAll @Size(min = 1, max = 400) List<@IntRange(min = 0, max = 5000) Integer> keys,
      @ForAll @IntRange(min = 1, max = 600) int dataBytes) {
    // GIVEN an aggregating engine over a random shard map
    EngineHarness h =
        new EngineHarness(
            EngineHarness.config().aggregation(true).aggregationMaxBytes(4096).build(), map);
    for (Integer k : keys) {
      h.publish("device-" + k, dataBytes);
    }
    h.engine.flushing(true);
    List<Entry> sent = new ArrayList<>();
    Batch b;
    while ((b = h.next()) != null) {
      sent.addAll(b.entries());
      h.succeed(b);
    }
    // THEN every record was sent once, and every entry holds only records of its shard
    assertThat(h.outcomes.succeeded).hasSize(keys.size());
    for (Entry e : sent) {
      ShardMap.Shard shard = map.shardFor(HashKeys.ofPartitionKey(e.partitionKey()));
      assertThat(e.predictedShardId()).isEqualTo(shard.shardId());
      for (PendingRecord r : e.records()) {
        assertThat(shard.contains(HashKeys.ofPartitionKey(r.partitionKey()))).isTrue();
      }
      if (e.aggregated()) {
        assertThat(shard.contains(new BigInteger(e.explicitHashKey()))).isTrue();
        assertThat(e.sizeBytes()).isLessThanOrEqualTo(4096);
        // AND the aggregate decodes to exactly its records, in order
        Deaggregated d = KplDecoder.deaggregate(e.data(), e.partitionKey(), e.explicitHashKey());
        List<UserRecord> users = ((Deaggregated.Records) d).records();
        assertThat(users).hasSize(e.records().size());
        for (int i = 0; i < users.size(); i++) {
          assertThat(users.get(i).data()).isEqualTo(h.dataOf(e.records().get(i)));
          assertThat(users.get(i).partitionKey()).isEqualTo(e.records().get(i).partitionKey());
          assertThat(e.records().get(i).future().join().subSequenceNumber()).isEqualTo(i);
        }
      }
    }
  }

  @Provide
  Arbitrary<ShardMap> shardMaps() {
    return Arbitraries.bigIntegers()
        .between(BigInteger.ONE, ShardMap.MAX_HASH_KEY)
        .set()
        .ofMaxSize(7)
        .map(
            cuts -> {
              List<ShardMap.Shard> shards = new ArrayList<>();
              BigInteger start = BigInteger.ZERO;
              int i = 0;
              for (BigInteger cut : new TreeSet<>(cuts)) {
                shards.add(new ShardMap.Shard("s" + i++, start, cut.subtract(BigInteger.ONE)));
                start = cut;
              }
              shards.add(new ShardMap.Shard("s" + i, start, ShardMap.MAX_HASH_KEY));
              return ShardMap.of(shards);
            });
  }

  @Test
  void aLoneRecord_isSentUnaggregated_andATooLargeOneOnItsOwn() {
    EngineHarness h =
        new EngineHarness(
            EngineHarness.config().aggregation(true).aggregationMaxBytes(2048).build(),
            ShardMap.uniform(1));
    h.publish("d", 100);
    h.advance(Duration.ofMillis(100));
    Batch b = h.next();
    assertThat(b.entries()).singleElement().matches(e -> !e.aggregated());
    h.succeed(b);
    h.publish("d", 5000);
    h.engine.flushing(true);
    Batch big = h.next();
    assertThat(big.entries()).singleElement().matches(e -> !e.aggregated());
  }

  @Test
  void replaceShardMap_relanesQueuedRecords_intoTheChildShards_inPublishOrder() {
    // GIVEN queued records for one shard, then the shard splits in two
    EngineHarness h =
        new EngineHarness(EngineHarness.config().aggregation(true).build(), ShardMap.uniform(1));
    for (int i = 0; i < 100; i++) {
      h.publish("device-" + (i % 20), 50);
    }
    ShardMap split = ShardMap.uniform(2);
    h.engine.replaceShardMap(split, h.now());
    h.engine.flushing(true);
    List<PendingRecord> order = new ArrayList<>();
    Batch b;
    while ((b = h.next()) != null) {
      for (Entry e : b.entries()) {
        assertThat(split.shardFor(HashKeys.ofPartitionKey(e.partitionKey())).shardId())
            .isEqualTo(e.predictedShardId());
        order.addAll(e.records());
      }
      h.succeed(b);
    }
    // THEN all were sent, and per key in publish order
    assertThat(order).containsExactlyInAnyOrderElementsOf(h.published);
    for (int k = 0; k < 20; k++) {
      String key = "device-" + k;
      List<PendingRecord> ofKey = order.stream().filter(r -> r.partitionKey().equals(key)).toList();
      assertThat(ofKey).isSortedAccordingTo((x, y) -> Long.compare(x.seq, y.seq));
    }
    assertThat(h.engine.shardMapStale()).isFalse();
  }

  private static final String PARENT = "shardId-000000000000";
  private static final String LEFT = "shardId-000000000001";
  private static final String RIGHT = "shardId-000000000002";

  /** The stream after a split of its one shard: two open children, the closed parent known. */
  private static ShardMap splitMap() {
    BigInteger mid = ShardMap.MAX_HASH_KEY.shiftRight(1).add(BigInteger.ONE);
    return ShardMap.of(
            List.of(
                new ShardMap.Shard(LEFT, BigInteger.ZERO, mid.subtract(BigInteger.ONE)),
                new ShardMap.Shard(RIGHT, mid, ShardMap.MAX_HASH_KEY)))
        .withClosed(List.of(new ShardMap.Shard(PARENT, BigInteger.ZERO, ShardMap.MAX_HASH_KEY)));
  }

  /** Publishes these keys into one aggregate of the stale lane and answers: stored in LEFT. */
  private static Batch aggregateStoredInLeft(EngineHarness h, List<String> keys) {
    for (String k : keys) {
      h.publish(k, 50);
    }
    h.engine.flushing(true);
    Batch b = h.next();
    assertThat(b.entries()).singleElement().matches(Entry::aggregated);
    h.engine.onResponse(b, List.of(EntryOutcome.success(LEFT, "5000")), h.now());
    return b;
  }

  private static Batch aggregateStoredInLeft(EngineHarness h) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      keys.add("device-" + i);
    }
    return aggregateStoredInLeft(h, keys);
  }

  /** Keys whose hash key the left child (or the right one) holds. */
  private static List<String> keysOf(String shard, int n) {
    ShardMap split = splitMap();
    List<String> out = new ArrayList<>();
    for (int i = 0; out.size() < n; i++) {
      String k = "device-" + i;
      if (split.shardFor(HashKeys.ofPartitionKey(k)).shardId().equals(shard)) {
        out.add(k);
      }
    }
    return out;
  }

  @Test
  void anAggregateStoredInASplitChild_withRecordsOfTheSibling_isResentWhole_throughTheNewLanes() {
    // GIVEN a stale map (one shard) of a stream that split: the aggregate of keys of both children
    // lands in the left child
    EngineHarness h =
        new EngineHarness(EngineHarness.config().aggregation(true).build(), ShardMap.uniform(1));
    List<String> keys = new ArrayList<>(keysOf(LEFT, 10));
    keys.addAll(5, keysOf(RIGHT, 10));
    aggregateStoredInLeft(h, keys);
    // THEN nothing completes before a shard map says what the left child holds
    assertThat(h.outcomes.succeeded).isEmpty();
    assertThat(h.engine.shardMapStale()).isTrue();
    assertThat(h.engine.queuedRecords()).isEqualTo(20);
    // AND later records of the same keys wait in the stale lane
    for (int i = 0; i < 10; i++) {
      h.publish(keys.get(i * 2), 50);
    }
    assertThat(h.engine.queuedRecords()).isEqualTo(30);

    // WHEN the new map arrives
    ShardMap split = splitMap();
    h.engine.replaceShardMap(split, h.now());

    // THEN consumers drop that aggregate whole (the KCL does): every record is re-sent, in
    // aggregates of the new map's lanes, each in its own shard
    assertThat(h.outcomes.succeeded).isEmpty();
    assertThat(h.outcomes.retried).isEqualTo(20);
    List<PendingRecord> resent = new ArrayList<>();
    Batch b;
    while ((b = h.next()) != null) {
      for (Entry e : b.entries()) {
        for (PendingRecord r : e.records()) {
          assertThat(split.shardFor(HashKeys.ofPartitionKey(r.partitionKey())).shardId())
              .isEqualTo(e.predictedShardId());
        }
        resent.addAll(e.records());
      }
      assertThat(b.entries()).anyMatch(Entry::aggregated);
      h.succeed(b);
    }
    assertThat(resent).containsExactlyInAnyOrderElementsOf(h.published);
    for (String k : keys) {
      assertThat(resent.stream().filter(r -> r.partitionKey().equals(k)).toList())
          .as("key %s in publish order", k)
          .isSortedAccordingTo((x, y) -> Long.compare(x.seq, y.seq));
    }
    assertThat(h.outcomes.succeeded).hasSize(30);
    for (PendingRecord r : h.published) {
      PublishResult res = h.outcomes.succeeded.get(r);
      assertThat(res.shardId())
          .isEqualTo(split.shardFor(HashKeys.ofPartitionKey(r.partitionKey())).shardId());
      assertThat(res.attempts()).isEqualTo(h.published.indexOf(r) < 20 ? 2 : 1);
    }
  }

  @Test
  void anAggregateStoredInASplitChild_thatHoldsAllItsRecords_succeedsThere() {
    EngineHarness h =
        new EngineHarness(EngineHarness.config().aggregation(true).build(), ShardMap.uniform(1));
    aggregateStoredInLeft(h, keysOf(LEFT, 12));

    h.engine.replaceShardMap(splitMap(), h.now());

    assertThat(h.outcomes.retried).isZero();
    assertThat(h.outcomes.succeeded).hasSize(12);
    for (int i = 0; i < 12; i++) {
      assertThat(h.outcomes.succeeded.get(h.published.get(i)))
          .isEqualTo(new PublishResult(LEFT, "5000", i, 1));
    }
    assertThat(h.next()).isNull();
  }

  @Test
  void anAggregateStoredInAShardTheNewMapDoesNotKnow_isResentWhole() {
    EngineHarness h =
        new EngineHarness(EngineHarness.config().aggregation(true).build(), ShardMap.uniform(1));
    aggregateStoredInLeft(h);

    // a listing that does not show the shard it was stored in
    BigInteger mid = ShardMap.MAX_HASH_KEY.shiftRight(1).add(BigInteger.ONE);
    h.engine.replaceShardMap(
        ShardMap.of(
            List.of(
                new ShardMap.Shard(
                    "shardId-000000000005", BigInteger.ZERO, mid.subtract(BigInteger.ONE)),
                new ShardMap.Shard("shardId-000000000006", mid, ShardMap.MAX_HASH_KEY))),
        h.now());

    assertThat(h.outcomes.succeeded).isEmpty();
    assertThat(h.outcomes.retried).isEqualTo(20);
    int resent = 0;
    Batch b;
    while ((b = h.next()) != null) {
      resent += EngineHarness.records(b).size();
      h.succeed(b);
    }
    assertThat(resent).isEqualTo(20);
    assertThat(h.outcomes.succeeded).hasSize(20);
  }

  @Test
  void closingWhileRecordsAwaitTheMap_failsThemOnce() {
    EngineHarness h =
        new EngineHarness(EngineHarness.config().aggregation(true).build(), ShardMap.uniform(1));
    aggregateStoredInLeft(h);

    h.engine.abandonAll();

    assertThat(h.outcomes.failed).hasSize(20);
    assertThat(h.outcomes.failed.values())
        .allMatch(f -> f.failure() == PublishFailure.CLOSED_IN_FLIGHT);
    assertThat(h.engine.queuedRecords()).isZero();
  }
}
