package dev.shardwise.producer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.producer.PublishFailure;
import dev.shardwise.producer.PublishResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineRetryTest {

  @Test
  void partialFailure_retriesOnlyTheFailedEntries_atTheHeadOfTheLane_afterBackoff() {
    // GIVEN five records of one key in one batch
    EngineHarness h = new EngineHarness(EngineHarness.config().build(), ShardMap.uniform(1));
    for (int i = 0; i < 5; i++) {
      h.publish("device-1", 100);
    }
    h.advance(Duration.ofMillis(100));
    Batch first = h.next();
    // WHEN Kinesis throttles entries 1 and 3, and two more records arrive meanwhile
    h.answer(first, "ProvisionedThroughputExceededException", 1, 3);
    h.publish("device-1", 100);
    h.publish("device-1", 100);
    // THEN the three others succeeded on the first attempt
    assertThat(h.outcomes.succeeded.keySet())
        .containsExactly(h.published.get(0), h.published.get(2), h.published.get(4));
    assertThat(h.outcomes.throttled).isEqualTo(2);
    assertThat(h.outcomes.retried).isEqualTo(2);
    // AND nothing goes before the backoff (at most 100 ms after one failure)
    h.advance(Duration.ofMillis(100));
    Batch retry = h.next();
    assertThat(EngineHarness.records(retry))
        .containsExactly(
            h.published.get(1), h.published.get(3), h.published.get(5), h.published.get(6));
    h.succeed(retry);
    assertThat(h.outcomes.succeeded.get(h.published.get(1)).attempts()).isEqualTo(2);
    assertThat(h.outcomes.succeeded.get(h.published.get(5)).attempts()).isEqualTo(1);
  }

  @Test
  void throttledLane_waitsForItsBackoff_otherShardsKeepSending() {
    EngineHarness h = new EngineHarness(EngineHarness.config().build(), ShardMap.uniform(2));
    PendingRecord a = h.publish(keyIn(h, 0), 100);
    h.advance(Duration.ofMillis(100));
    Batch b = h.next();
    h.answer(b, "ProvisionedThroughputExceededException", 0);
    long retryAt = h.engine.nextWakeNanos(h.now());
    assertThat(retryAt - h.now()).isBetween(0L, 100_000_000L);
    PendingRecord other = h.publish(keyIn(h, 1), 100);
    h.advance(Duration.ofMillis(100));
    Batch next = h.next();
    assertThat(EngineHarness.records(next)).contains(other);
    assertThat(h.outcomes.succeeded).doesNotContainKey(a);
  }

  @Test
  void permanentEntryError_failsThatRecord_rejectedWithTheCode() {
    EngineHarness h = new EngineHarness(EngineHarness.config().build(), ShardMap.uniform(1));
    h.publish("d", 100);
    h.publish("d", 100);
    h.advance(Duration.ofMillis(100));
    h.answer(h.next(), "KMSDisabledException", 0);
    assertThat(h.outcomes.failed.get(h.published.get(0)).failure())
        .isEqualTo(PublishFailure.REJECTED);
    assertThat(h.outcomes.failed.get(h.published.get(0)).lastErrorCode())
        .isEqualTo("KMSDisabledException");
    assertThat(h.outcomes.succeeded).containsKey(h.published.get(1));
  }

  @Test
  void transientCallFailure_retriesEveryEntry_permanentCallFailure_failsEvery() {
    EngineHarness h = new EngineHarness(EngineHarness.config().build(), ShardMap.uniform(1));
    h.publish("d", 100);
    h.publish("d", 100);
    h.advance(Duration.ofMillis(100));
    h.engine.onCallFailure(h.next(), ErrorKind.TRANSIENT, "InternalFailure", "500", h.now());
    assertThat(h.outcomes.retried).isEqualTo(2);
    h.advance(Duration.ofMillis(100));
    Batch again = h.next();
    assertThat(EngineHarness.records(again)).containsExactlyElementsOf(h.published);
    h.engine.onCallFailure(
        again, ErrorKind.PERMANENT, "ResourceNotFoundException", "gone", h.now());
    assertThat(h.outcomes.failed.values())
        .extracting(e -> e.failure())
        .containsOnly(PublishFailure.REJECTED);
    assertThat(h.published).allMatch(r -> r.future().isDone());
  }

  @Test
  void ttl_boundsRetries_recordFailsExpired() {
    EngineHarness h =
        new EngineHarness(
            EngineHarness.config()
                .recordTtl(Duration.ofSeconds(2))
                .backoffBase(Duration.ofMillis(200))
                .backoffMax(Duration.ofMillis(800))
                .build(),
            ShardMap.uniform(1));
    PendingRecord r = h.publish("d", 100);
    int attempts = 0;
    while (!r.future().isDone()) {
      Batch b = h.next();
      if (b != null) {
        attempts++;
        h.answer(b, "ProvisionedThroughputExceededException", 0);
      }
      h.advance(Duration.ofMillis(10));
    }
    assertThat(h.outcomes.failed.get(r).failure()).isEqualTo(PublishFailure.EXPIRED);
    assertThat(h.outcomes.failed.get(r).attempts()).isEqualTo(attempts);
    assertThat(attempts).isGreaterThan(2);
    assertThat(h.now() - r.publishedNanos()).isLessThanOrEqualTo(2_000_000_000L + 10_000_000L);
  }

  @Test
  void ttl_expiresRecordsWaitingBehindARateLimit() {
    EngineHarness h =
        new EngineHarness(
            EngineHarness.config()
                .shardRecordsPerSecond(1)
                .recordTtl(Duration.ofSeconds(1))
                .build(),
            ShardMap.uniform(1));
    h.publish("d", 10);
    PendingRecord waiting = h.publish("d", 10);
    h.succeed(h.next());
    assertThat(h.next()).isNull();
    h.advance(Duration.ofMillis(999));
    assertThat(h.next()).isNull();
    assertThat(waiting.future()).isNotDone();
    h.advance(Duration.ofMillis(1));
    h.next();
    assertThat(h.outcomes.failed.get(waiting).failure()).isEqualTo(PublishFailure.EXPIRED);
  }

  @Test
  void abandonAll_failsQueuedClosed_andInFlightClosedInFlight_answersAfterAreIgnored() {
    EngineHarness h = new EngineHarness(EngineHarness.config().build(), ShardMap.uniform(1));
    h.publish("d", 10);
    h.engine.flushing(true);
    Batch inFlight = h.next();
    PendingRecord queued = h.publish("d", 10);
    h.engine.abandonAll();
    assertThat(h.outcomes.failed.get(h.published.get(0)).failure())
        .isEqualTo(PublishFailure.CLOSED_IN_FLIGHT);
    assertThat(h.outcomes.failed.get(queued).failure()).isEqualTo(PublishFailure.CLOSED);
    h.succeed(inFlight); // a late answer completes nothing twice (RecordingOutcomes would throw)
    assertThat(h.published).allMatch(r -> r.future().isDone());
  }

  @Test
  void response_inAnotherShard_marksTheShardMapStale() {
    EngineHarness h = new EngineHarness(EngineHarness.config().build(), ShardMap.uniform(1));
    h.publish("d", 10);
    h.engine.flushing(true);
    Batch b = h.next();
    h.engine.onResponse(b, List.of(EntryOutcome.success("shardId-000000000009", "1")), h.now());
    assertThat(h.engine.shardMapStale()).isTrue();
    PublishResult result = h.outcomes.succeeded.get(h.published.get(0));
    assertThat(result.shardId()).isEqualTo("shardId-000000000009");
  }

  /** A partition key whose hash falls in shard {@code index} of the harness's map. */
  static String keyIn(EngineHarness h, int index) {
    String want = h.engine.shardMap().shards().get(index).shardId();
    for (int i = 0; ; i++) {
      String k = "k" + i;
      if (h.engine
          .shardMap()
          .shardFor(dev.shardwise.core.kinesis.HashKeys.ofPartitionKey(k))
          .shardId()
          .equals(want)) {
        return k;
      }
    }
  }
}
