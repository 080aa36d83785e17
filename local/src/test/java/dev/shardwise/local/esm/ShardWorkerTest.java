package dev.shardwise.local.esm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shardwise.local.esm.internal.ShardWorker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The poller of one shard against Lambda's documented behaviour: which records are invoked in which
 * batches, how often, with which window state, and what reaches the on-failure destination. A real
 * {@code FunctionRunner} (Lambda's serialization) runs {@link ScriptedFunction}; the shard is in
 * memory and the clock is moved by hand.
 */
class ShardWorkerTest {
  @TempDir Path dir;

  private static List<String> names(int from, int toExclusive) {
    return IntStream.range(from, toExclusive).mapToObj(i -> "r" + i).toList();
  }

  private void put(WorkerHarness h, int n, Instant arrival) {
    int base = h.shard.records.size();
    for (int i = 0; i < n; i++) {
      h.shard.put("r" + (base + i), "pk" + (i % 3), arrival);
    }
  }

  @Test
  void batchesOfBatchSize_stateCarried_windowClosedByAnEmptyFinalInvocationAfterItsEnd()
      throws Exception {
    // GIVEN 10 records in one window, batch size 4
    WorkerHarness h = new WorkerHarness(dir);
    h.settings = WorkerHarness.settings(4, true, false, -1);
    put(h, 10, h.clock.instant().plusSeconds(1));
    ShardWorker w = h.worker();

    // WHEN it runs, then the clock passes the window's end
    WorkerHarness.runToIdle(w, h.clock);
    assertThat(h.script.closedWindows).isEmpty();
    h.clock.advance(Duration.ofSeconds(61));
    WorkerHarness.runToIdle(w, h.clock);

    // THEN three batches in order, each with the state the previous returned, then a final one
    assertThat(h.script.batches()).containsExactly(names(0, 4), names(4, 8), names(8, 10));
    List<ScriptedFunction.Call> calls = h.script.calls;
    assertThat(calls)
        .extracting(c -> c.state().getOrDefault("count", "0"))
        .containsExactly("0", "4", "8", "10");
    ScriptedFunction.Call fin = calls.get(3);
    assertThat(fin.isFinal()).isTrue();
    assertThat(fin.data()).isEmpty();
    assertThat(fin.windowStart()).isEqualTo("2026-11-22T10:00:00Z");
    assertThat(fin.windowEnd()).isEqualTo("2026-11-22T10:01:00Z");
    assertThat(h.script.closedWindows).containsExactly("2026-11-22T10:00:00Z=10");
    assertThat(h.stats.recordsDelivered.get()).isEqualTo(10);
    assertThat(w.settled()).isTrue();
  }

  @Test
  void aBatchNeverSpansTwoWindows_theFirstClosesBeforeTheSecondStarts() throws Exception {
    WorkerHarness h = new WorkerHarness(dir);
    h.settings = WorkerHarness.settings(100, true, false, -1);
    put(h, 3, Instant.parse("2026-11-22T10:00:59.999Z"));
    put(h, 2, Instant.parse("2026-11-22T10:01:00Z"));
    ShardWorker w = h.worker();

    WorkerHarness.runToIdle(w, h.clock);

    assertThat(h.script.calls)
        .extracting(c -> c.windowStart() + (c.isFinal() ? " final" : " " + c.data()))
        .containsExactly(
            "2026-11-22T10:00:00Z [r0, r1, r2]",
            "2026-11-22T10:00:00Z final",
            "2026-11-22T10:01:00Z [r3, r4]");
  }

  @Test
  void reportedFailure_checkpointsBeforeIt_retriesFromIt_thenDiscardsTheRestWhenRetriesRunOut()
      throws Exception {
    // GIVEN r5 is always reported as failed; 2 retries
    WorkerHarness h = new WorkerHarness(dir);
    h.settings = WorkerHarness.settings(8, true, false, 2);
    h.script = new ScriptedFunction.Script(Set.of(), Set.of("r5"), Set.of(), false);
    put(h, 10, h.clock.instant());
    ShardWorker w = h.worker();

    h.clock.advance(Duration.ofSeconds(1));
    WorkerHarness.runToIdle(w, h.clock);

    // THEN [r0..r7] (r0..r4 done), [r5..r7] retried twice (3 attempts), discarded, then [r8, r9]
    assertThat(h.script.batches())
        .containsExactly(names(0, 8), names(5, 8), names(5, 8), names(8, 10));
    assertThat(h.onFailure).hasSize(1);
    JsonNode m = WorkerHarness.parse(h.onFailure.get(0));
    assertThat(m.at("/requestContext/condition").asText()).isEqualTo("RetryAttemptsExhausted");
    assertThat(m.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(3);
    assertThat(m.at("/KinesisBatchInfo/startSequenceNumber").asText())
        .isEqualTo(InMemoryShard.seq(5));
    assertThat(m.at("/KinesisBatchInfo/endSequenceNumber").asText())
        .isEqualTo(InMemoryShard.seq(7));
    assertThat(m.at("/KinesisBatchInfo/batchSize").asInt()).isEqualTo(3);
    assertThat(m.at("/KinesisBatchInfo/shardId").asText()).isEqualTo(WorkerHarness.SHARD);
    assertThat(m.at("/KinesisBatchInfo/streamArn").asText()).endsWith(":stream/s");
    assertThat(m.has("Records")).isFalse();
    // every record accounted for: 7 processed, 3 discarded; the state counts the processed ones
    assertThat(h.stats.recordsDelivered.get()).isEqualTo(7);
    assertThat(h.stats.recordsDiscarded.get()).isEqualTo(3);
    assertThat(h.script.calls.get(h.script.calls.size() - 1).state()).containsEntry("count", "5");
    assertThat(h.stats.errors.get()).isZero();
  }

  @Test
  void functionError_withBisect_isolatesThePoisonRecord_splittingUsesNoRetries() throws Exception {
    WorkerHarness h = new WorkerHarness(dir);
    h.settings = WorkerHarness.settings(8, true, true, 1);
    h.script = new ScriptedFunction.Script(Set.of("r3"), Set.of(), Set.of(), false);
    put(h, 8, h.clock.instant());
    ShardWorker w = h.worker();

    h.clock.advance(Duration.ofSeconds(1));
    WorkerHarness.runToIdle(w, h.clock);

    assertThat(h.script.batches())
        .containsExactly(
            names(0, 8),
            names(0, 4),
            names(0, 2),
            names(2, 4),
            names(2, 3),
            List.of("r3"),
            List.of("r3"),
            names(4, 8));
    assertThat(h.onFailure).hasSize(1);
    JsonNode m = WorkerHarness.parse(h.onFailure.get(0));
    assertThat(m.at("/KinesisBatchInfo/startSequenceNumber").asText())
        .isEqualTo(InMemoryShard.seq(3));
    assertThat(m.at("/KinesisBatchInfo/batchSize").asInt()).isEqualTo(1);
    assertThat(m.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(2);
    assertThat(m.at("/responseContext/functionError").asText())
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(h.stats.recordsDelivered.get()).isEqualTo(7);
    assertThat(h.stats.errors.get()).isEqualTo(5);
  }

  @Test
  void functionError_withoutBisect_retriesTheWholeBatch_thenDiscardsIt() throws Exception {
    WorkerHarness h = new WorkerHarness(dir);
    h.settings = WorkerHarness.settings(4, false, false, 2);
    h.script = new ScriptedFunction.Script(Set.of("r1"), Set.of(), Set.of(), false);
    put(h, 6, h.clock.instant());
    ShardWorker w = h.worker();

    h.clock.advance(Duration.ofSeconds(1));
    WorkerHarness.runToIdle(w, h.clock);

    assertThat(h.script.batches())
        .containsExactly(names(0, 4), names(0, 4), names(0, 4), names(4, 6));
    assertThat(h.onFailure).hasSize(1);
    assertThat(WorkerHarness.parse(h.onFailure.get(0)).at("/KinesisBatchInfo/batchSize").asInt())
        .isEqualTo(4);
    assertThat(h.stats.recordsDiscarded.get()).isEqualTo(4);
    assertThat(h.stats.recordsDelivered.get()).isEqualTo(2);
  }

  @Test
  void aResponseWithoutState_isAFunctionError() throws Exception {
    WorkerHarness h = new WorkerHarness(dir);
    h.settings = WorkerHarness.settings(4, true, false, 0);
    h.script = new ScriptedFunction.Script(Set.of(), Set.of(), Set.of(), true);
    put(h, 2, h.clock.instant());
    ShardWorker w = h.worker();

    h.clock.advance(Duration.ofSeconds(1));
    WorkerHarness.runToIdle(w, h.clock);

    assertThat(h.stats.errors.get()).isEqualTo(1);
    assertThat(h.onFailure).hasSize(1);
    assertThat(h.stats.recordsDelivered.get()).isZero();
  }

  @Test
  void aTimeout_isAFunctionError_andTheNextInvocationGetsANewEnvironment() throws Exception {
    WorkerHarness h = new WorkerHarness(dir);
    h.settings = WorkerHarness.settings(1, true, false, 0);
    h.timeout = Duration.ofSeconds(2); // the first invocation loads the serializers: leave room
    h.script = new ScriptedFunction.Script(Set.of(), Set.of(), Set.of("r1"), false);
    put(h, 3, h.clock.instant());
    ShardWorker w = h.worker();

    h.clock.advance(Duration.ofSeconds(1));
    WorkerHarness.runToIdle(w, h.clock);

    assertThat(h.script.batches()).containsExactly(List.of("r0"), List.of("r1"), List.of("r2"));
    assertThat(h.onFailure).hasSize(1);
    assertThat(
            WorkerHarness.parse(h.onFailure.get(0)).at("/responseContext/functionError").asText())
        .isEqualTo("Sandbox.Timedout");
    assertThat(h.environments.get()).isEqualTo(2);
  }

  @Test
  void recordsOlderThanTheMaximumAge_areDiscardedWithoutAnInvocation() throws Exception {
    WorkerHarness h = new WorkerHarness(dir);
    MappingSettings s = WorkerHarness.settings(10, true, false, -1);
    h.settings =
        new MappingSettings(
            10,
            Duration.ZERO,
            1,
            s.startingPosition(),
            null,
            s.tumblingWindow(),
            true,
            false,
            -1,
            Duration.ofSeconds(60),
            "failures",
            List.of());
    put(h, 2, h.clock.instant());
    put(h, 1, h.clock.instant().plusSeconds(90));
    h.clock.advance(Duration.ofSeconds(100));
    ShardWorker w = h.worker();

    WorkerHarness.runToIdle(w, h.clock);

    assertThat(h.script.batches()).containsExactly(List.of("r2"));
    JsonNode m = WorkerHarness.parse(h.onFailure.get(0));
    assertThat(m.at("/requestContext/condition").asText()).isEqualTo("RecordAgeExceeded");
    assertThat(m.at("/KinesisBatchInfo/batchSize").asInt()).isEqualTo(2);
  }

  @Test
  void aNewWorkerOnTheSameDirectory_resumesAfterTheCheckpoint_withTheWindowState()
      throws Exception {
    WorkerHarness h = new WorkerHarness(dir);
    h.settings = WorkerHarness.settings(3, true, false, -1);
    put(h, 6, h.clock.instant().plusSeconds(1));
    ShardWorker first = h.worker();
    h.clock.advance(Duration.ofSeconds(2));
    first.step(); // one batch: r0..r2

    // WHEN a new worker (a restarted runtime) takes over; more records arrive
    InMemoryShard sameStream = h.shard;
    ShardWorker second = h.worker();
    WorkerHarness.runToIdle(second, h.clock);
    h.clock.advance(Duration.ofSeconds(60));
    WorkerHarness.runToIdle(second, h.clock);

    // THEN nothing is invoked twice and the window's total is exact
    List<String> seen = new ArrayList<>();
    h.script.batches().forEach(seen::addAll);
    assertThat(seen).containsExactlyElementsOf(names(0, 6));
    assertThat(sameStream.started)
        .isInstanceOf(dev.shardwise.local.esm.internal.ShardSource.After.class);
    assertThat(h.script.closedWindows).containsExactly("2026-11-22T10:00:00Z=6");
  }

  @Test
  void aCrashAfterTheHandler_replaysTheBatchWithTheCheckpointedState() throws Exception {
    WorkerHarness h = new WorkerHarness(dir);
    h.settings = WorkerHarness.settings(2, true, false, 0);
    java.util.concurrent.atomic.AtomicBoolean crashed =
        new java.util.concurrent.atomic.AtomicBoolean();
    h.faults =
        i ->
            !i.finalInvoke()
                    && i.sequenceNumbers().contains(InMemoryShard.seq(2))
                    && crashed.compareAndSet(false, true)
                ? FaultPlan.Fault.CRASH_AFTER_HANDLER
                : FaultPlan.Fault.NONE;
    put(h, 4, h.clock.instant());
    ShardWorker w = h.worker();

    h.clock.advance(Duration.ofSeconds(61));
    WorkerHarness.runToIdle(w, h.clock);

    assertThat(h.script.batches()).containsExactly(names(0, 2), names(2, 4), names(2, 4));
    assertThat(h.script.closedWindows).containsExactly("2026-11-22T10:00:00Z=4");
    assertThat(h.onFailure).isEmpty();
  }

  @Test
  void injectedErrors_andTimeouts_countAsFunctionErrors() throws Exception {
    WorkerHarness h = new WorkerHarness(dir);
    h.settings = WorkerHarness.settings(10, true, false, 3);
    h.faults =
        i ->
            i.attempt() == 0
                ? FaultPlan.Fault.ERROR
                : i.attempt() == 1 ? FaultPlan.Fault.TIMEOUT : FaultPlan.Fault.NONE;
    put(h, 2, h.clock.instant());
    ShardWorker w = h.worker();

    h.clock.advance(Duration.ofSeconds(1));
    WorkerHarness.runToIdle(w, h.clock);

    assertThat(h.script.batches()).containsExactly(names(0, 2));
    assertThat(h.stats.errors.get()).isEqualTo(2);
    assertThat(h.stats.invocations.get()).isEqualTo(3);
    assertThat(h.onFailure).isEmpty();
  }

  @Test
  void aStateOverOneMegabyte_endsTheWindowEarly_thenTheWindowContinuesWithAFreshState()
      throws Exception {
    WorkerHarness h = new WorkerHarness(dir);
    h.settings = WorkerHarness.settings(2, true, false, -1);
    h.script.padOn.add("r1");
    put(h, 4, h.clock.instant().plusSeconds(1));
    ShardWorker w = h.worker();

    h.clock.advance(Duration.ofSeconds(2));
    WorkerHarness.runToIdle(w, h.clock);
    h.clock.advance(Duration.ofSeconds(60));
    WorkerHarness.runToIdle(w, h.clock);

    assertThat(h.script.calls)
        .extracting(
            c ->
                (c.isFinal()
                        ? "final" + (c.terminatedEarly() ? " early" : "")
                        : c.data().toString())
                    + " count="
                    + c.state().getOrDefault("count", "0"))
        .containsExactly(
            "[r0, r1] count=0", "final early count=2", "[r2, r3] count=0", "final count=2");
    assertThat(h.script.calls.get(1).windowStart()).isEqualTo(h.script.calls.get(2).windowStart());
  }

  @Test
  void recordsTheFilterRejects_areNotInvoked_butCheckpointed() throws Exception {
    WorkerHarness h = new WorkerHarness(dir);
    h.settings = WorkerHarness.settings(10, true, false, -1);
    h.filter =
        dev.shardwise.local.esm.internal.FilterCriteria.parse(
            List.of("{\"data\": {\"keep\": [true]}}"));
    h.shard.put("{\"keep\":true,\"n\":0}", "a", h.clock.instant());
    h.shard.put("{\"keep\":false,\"n\":1}", "a", h.clock.instant());
    h.shard.put("not json", "a", h.clock.instant());
    h.shard.put("{\"keep\":true,\"n\":3}", "a", h.clock.instant());
    h.shard.put("{\"keep\":false,\"n\":4}", "a", h.clock.instant());
    ShardWorker w = h.worker();

    h.clock.advance(Duration.ofSeconds(1));
    WorkerHarness.runToIdle(w, h.clock);

    assertThat(h.script.batches())
        .containsExactly(List.of("{\"keep\":true,\"n\":0}", "{\"keep\":true,\"n\":3}"));
    assertThat(h.stats.recordsFiltered.get()).isEqualTo(3);
    // a restart does not see the filtered tail again
    WorkerHarness.runToIdle(h.worker(), h.clock);
    assertThat(h.script.batches()).hasSize(1);
  }

  @Test
  void aShardWithoutCheckpoint_startsAtTheConfiguredPosition() throws Exception {
    WorkerHarness h = new WorkerHarness(dir);
    Instant at = h.clock.instant().plusSeconds(5);
    h.settings =
        WorkerHarness.settings(10, true, false, -1)
            .withStartingPosition(MappingSettings.StartingPosition.AT_TIMESTAMP, at);
    put(h, 2, h.clock.instant());
    put(h, 2, at);
    ShardWorker w = h.worker();

    h.clock.advance(Duration.ofSeconds(10));
    WorkerHarness.runToIdle(w, h.clock);

    assertThat(h.shard.started)
        .isEqualTo(new dev.shardwise.local.esm.internal.ShardSource.AtTimestamp(at));
    assertThat(h.script.batches()).containsExactly(names(2, 4));
  }
}
