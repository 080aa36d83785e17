package dev.shardwise.producer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Whatever Kinesis answers, every future completes exactly once, and order per key holds. */
class EngineCompletionPropertyTest {

  @Property(tries = 80)
  void everyRecordCompletesOnce_andKeysStayInOrderUnlessTheEarlierOneFailedAlongside(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 4) int shards,
      @ForAll boolean aggregation,
      @ForAll boolean closeEarly) {
    Random rnd = new Random(seed);
    EngineHarness h =
        new EngineHarness(
            EngineHarness.config()
                .aggregation(aggregation)
                .aggregationMaxBytes(2048)
                .recordTtl(Duration.ofSeconds(3))
                .shardRecordsPerSecond(rnd.nextBoolean() ? 200 : 0)
                .build(),
            ShardMap.uniform(shards));
    List<Batch> inFlight = new ArrayList<>();
    List<PendingRecord> stored = new ArrayList<>(); // acceptance order
    // for each record, the records that were in a call in which it failed
    java.util.Map<PendingRecord, java.util.Set<PendingRecord>> failedAlongside =
        new java.util.HashMap<>();
    int steps = closeEarly ? 150 : 600;
    for (int step = 0; step < steps; step++) {
      int publishes = rnd.nextInt(6);
      for (int i = 0; i < publishes && step < 300; i++) {
        h.publish("k" + rnd.nextInt(12), 1 + rnd.nextInt(300));
      }
      Batch b;
      while ((b = h.next()) != null) {
        inFlight.add(b);
      }
      if (!inFlight.isEmpty() && rnd.nextInt(3) > 0) {
        Batch answered = inFlight.remove(rnd.nextInt(inFlight.size()));
        int mode = rnd.nextInt(10);
        List<PendingRecord> carried = EngineHarness.records(answered);
        if (mode <= 1) {
          for (PendingRecord r : carried) {
            failedAlongside.computeIfAbsent(r, x -> new java.util.HashSet<>()).addAll(carried);
          }
        }
        if (mode == 0) {
          h.engine.onCallFailure(answered, ErrorKind.TRANSIENT, "InternalFailure", "x", h.now());
        } else if (mode == 1) {
          h.engine.onCallFailure(
              answered, ErrorKind.THROTTLE, "LimitExceededException", "x", h.now());
        } else {
          List<EntryOutcome> out = new ArrayList<>();
          for (Entry e : answered.entries()) {
            if (rnd.nextInt(4) == 0) {
              for (PendingRecord r : e.records()) {
                failedAlongside.computeIfAbsent(r, x -> new java.util.HashSet<>()).addAll(carried);
              }
              out.add(EntryOutcome.failure("ProvisionedThroughputExceededException", "slow down"));
            } else {
              out.add(EntryOutcome.success(e.predictedShardId(), "1"));
              stored.addAll(e.records());
            }
          }
          h.engine.onResponse(answered, out, h.now());
        }
      }
      h.advance(Duration.ofMillis(rnd.nextInt(40)));
    }
    h.engine.abandonAll();
    assertThat(h.published).allMatch(r -> r.future().isDone());
    assertThat(h.outcomes.succeeded.size() + h.outcomes.failed.size())
        .isEqualTo(h.published.size());
    // order: per key, a later-published record is stored before an earlier one only when the
    // earlier one had failed at least once (it was retried)
    for (int i = 0; i < stored.size(); i++) {
      for (int j = i + 1; j < stored.size(); j++) {
        PendingRecord first = stored.get(i);
        PendingRecord second = stored.get(j);
        if (first.partitionKey().equals(second.partitionKey()) && first.seq > second.seq) {
          assertThat(failedAlongside.getOrDefault(second, java.util.Set.of()))
              .as("a record is overtaken only by records of a call in which it failed")
              .contains(first);
        }
      }
    }
  }
}
