package dev.shardwise.producer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.producer.PublisherConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EngineBatchingTest {

  @Test
  void sizeTrigger_sendsFullBatchesOf500_andTheRestAfterTheLinger() {
    // GIVEN one shard and 1201 small records
    EngineHarness h = new EngineHarness(EngineHarness.config().build(), ShardMap.uniform(1));
    for (int i = 0; i < 1201; i++) {
      h.publish("device-" + (i % 50), 200);
    }
    // WHEN batches are taken and answered
    Batch first = h.next();
    assertThat(first.entries()).hasSize(500);
    assertThat(h.next()).as("one batch per shard in flight").isNull();
    h.succeed(first);
    Batch second = h.next();
    assertThat(second.entries()).hasSize(500);
    h.succeed(second);
    // THEN the last 201 wait for the linger time
    assertThat(h.next()).isNull();
    h.advance(Duration.ofMillis(100));
    Batch third = h.next();
    assertThat(third.entries()).hasSize(201);
    h.succeed(third);
    assertThat(h.outcomes.succeeded).hasSize(1201);
  }

  @Test
  void byteLimit_neverExceeds5MiB_andFillsTheRequest() {
    EngineHarness h = new EngineHarness(EngineHarness.config().build(), ShardMap.uniform(1));
    for (int i = 0; i < 120; i++) {
      h.publish("d" + i, 100 * 1024);
    }
    long sent = 0;
    while (sent < 120) {
      Batch b = h.next();
      if (b == null) {
        h.advance(Duration.ofMillis(100));
        continue;
      }
      assertThat(b.bytes()).isLessThanOrEqualTo(PublisherConfig.KINESIS_MAX_BATCH_BYTES);
      assertThat(b.bytes()).isEqualTo(b.entries().stream().mapToLong(Entry::sizeBytes).sum());
      if (sent == 0) {
        // full: one more 100 KiB entry would not have fit
        assertThat(b.bytes() + 100 * 1024).isGreaterThan(PublisherConfig.KINESIS_MAX_BATCH_BYTES);
      }
      sent += b.entries().size();
      h.succeed(b);
    }
    assertThat(h.outcomes.succeeded).hasSize(120);
  }

  @Test
  void linger_holdsALoneRecord_untilItsTimeHasPassed() {
    EngineHarness h = new EngineHarness(EngineHarness.config().build(), ShardMap.uniform(2));
    long published = h.now();
    h.publish("device-1", 100);
    assertThat(h.next()).isNull();
    assertThat(h.engine.nextWakeNanos(h.now())).isEqualTo(published + 100_000_000L);
    h.advance(Duration.ofMillis(99));
    assertThat(h.next()).isNull();
    h.advance(Duration.ofMillis(1));
    assertThat(h.next().entries()).hasSize(1);
  }

  @Test
  void flushing_sendsAtOnce() {
    EngineHarness h = new EngineHarness(EngineHarness.config().build(), ShardMap.uniform(1));
    h.publish("device-1", 100);
    h.engine.flushing(true);
    assertThat(h.next().entries()).hasSize(1);
  }

  @Test
  void tokenBuckets_capEachShardAtItsRecordLimit() {
    // GIVEN a shard limited to 1000 records/s and 3000 records waiting
    EngineHarness h =
        new EngineHarness(
            EngineHarness.config().shardRecordsPerSecond(1000).build(), ShardMap.uniform(1));
    for (int i = 0; i < 3000; i++) {
      h.publish("device-" + (i % 10), 100);
    }
    long start = h.now();
    int sent = 0;
    // WHEN the engine runs for 1.5 s of fake time, answering at once
    while (h.now() - start <= 1_500_000_000L) {
      Batch b;
      while ((b = h.next()) != null) {
        sent += b.entries().size();
        h.succeed(b);
      }
      long elapsed = h.now() - start;
      // THEN never more than one second of burst plus the refill so far
      assertThat(sent).isLessThanOrEqualTo(1000 + (int) (elapsed / 1_000_000L) + 1);
      h.advance(Duration.ofMillis(10));
    }
    assertThat(sent).isGreaterThanOrEqualTo(2400);
  }

  @Test
  void rateLimitedLane_wakesWhenTokensReturn() {
    EngineHarness h =
        new EngineHarness(
            EngineHarness.config().shardRecordsPerSecond(10).build(), ShardMap.uniform(1));
    for (int i = 0; i < 11; i++) {
      h.publish("d", 10);
    }
    Batch b = h.next();
    assertThat(b.entries()).hasSize(10);
    h.succeed(b);
    assertThat(h.next()).isNull();
    assertThat(h.engine.nextWakeNanos(h.now()) - h.now()).isEqualTo(100_000_000L);
  }
}
