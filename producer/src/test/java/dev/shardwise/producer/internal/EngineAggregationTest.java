package dev.shardwise.producer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.core.kinesis.HashKeys;
import dev.shardwise.core.kpl.Deaggregated;
import dev.shardwise.core.kpl.KplDecoder;
import dev.shardwise.core.kpl.UserRecord;
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
          assertThat(users.get(i).data()).isEqualTo(e.records().get(i).data());
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
}
