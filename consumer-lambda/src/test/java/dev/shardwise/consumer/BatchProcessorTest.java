package dev.shardwise.consumer;

import static dev.shardwise.consumer.testing.Harness.ANOMALIES;
import static dev.shardwise.consumer.testing.Harness.PAGE_VIEWS;
import static dev.shardwise.consumer.testing.Harness.REJECTS;
import static dev.shardwise.consumer.testing.Harness.SHARD;
import static dev.shardwise.consumer.testing.Harness.STREAM;
import static dev.shardwise.consumer.testing.Harness.batch;
import static dev.shardwise.consumer.testing.Records.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shardwise.consumer.testing.CountingDetector;
import dev.shardwise.consumer.testing.Harness;
import dev.shardwise.consumer.testing.Records;
import dev.shardwise.core.rows.RowIds;
import dev.shardwise.core.window.EventFingerprint;
import dev.shardwise.core.window.StateFormatException;
import dev.shardwise.core.window.WindowStateCodec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchProcessorTest {
  private static final Instant W0 = Instant.parse("2026-11-21T10:15:00Z");
  private static final Instant T = W0.plusSeconds(10);

  private final Harness h = new Harness();
  private final Records records = new Records(W0.plusSeconds(20));

  private static JsonNode only(List<JsonNode> rows, String page) {
    return rows.stream().filter(r -> r.get("page").asText().equals(page)).findFirst().orElseThrow();
  }

  @Test
  void aFinalBatch_emitsOneRowPerMinuteAndPage_andRejectsPoisonWithItsPosition() {
    StreamRecord a = records.event(view("a", "d1", "/home", T, -1));
    StreamRecord b = records.event(view("b", "d2", "/home", T.plusSeconds(5), 100));
    StreamRecord poison = records.raw("d3", "{not json");
    StreamRecord c = records.event(view("c", "d1", "/cart", W0.minusSeconds(10), -1));
    StreamRecord aAgain = records.event(view("a", "d1", "/home", T, -1));

    BatchResult result =
        h.process(batch(W0, Map.of(), List.of(a, b, poison, c, aAgain), true, false));

    assertThat(result.failedSequenceNumber()).isEmpty();
    assertThat(result.state()).isEmpty();
    List<JsonNode> rows = h.rows(PAGE_VIEWS);
    assertThat(rows).hasSize(2);
    JsonNode home = only(rows, "/home");
    assertThat(home.get("minute").asText()).isEqualTo("2026-11-21T10:15:00.000Z");
    assertThat(home.get("views").asLong()).isEqualTo(2);
    assertThat(home.get("unique_devices").asLong()).isEqualTo(2);
    assertThat(home.get("load_ms_sum").asLong()).isEqualTo(100);
    assertThat(home.get("load_ms_max").asInt()).isEqualTo(100);
    assertThat(home.get("late").asBoolean()).isFalse();
    assertThat(home.get("segment").asText()).isEqualTo(a.sequenceNumber());
    JsonNode cart = only(rows, "/cart");
    assertThat(cart.get("minute").asText()).isEqualTo("2026-11-21T10:14:00.000Z");
    assertThat(cart.get("late").asBoolean()).isTrue();
    List<JsonNode> rejects = h.rows(REJECTS);
    assertThat(rejects).hasSize(1);
    assertThat(rejects.get(0).get("reason").asText()).isEqualTo("malformed_json");
    assertThat(rejects.get(0).get("sequence_number").asText()).isEqualTo(poison.sequenceNumber());
    assertThat(rejects.get(0).get("sub_sequence_number").asInt()).isEqualTo(-1);
    assertThat(rejects.get(0).get("row_id").asText())
        .isEqualTo(RowIds.of(SHARD, poison.sequenceNumber(), "-1"));
    JsonNode metrics = h.metricLines().get(0);
    assertThat(metrics.get("EventsCounted").asLong()).isEqualTo(3);
    assertThat(metrics.get("Duplicates").asLong()).isEqualTo(1);
    assertThat(metrics.get("LateEvents").asLong()).isEqualTo(1);
    assertThat(metrics.get("Rejected.malformed_json").asLong()).isEqualTo(1);
    assertThat(metrics.get("SegmentsClosed").asLong()).isEqualTo(1);
  }

  @Test
  void aWindowOverSeveralInvocations_carriesItsStateAndEmitsOnlyAtTheEnd() {
    BatchResult first =
        h.process(
            batch(W0, Map.of(), List.of(records.event(view("1", "d1", "/p", T, 5))), false, false));
    BatchResult second =
        h.process(
            batch(
                W0,
                first.state(),
                List.of(records.event(view("2", "d2", "/p", T, 7))),
                false,
                false));

    assertThat(h.rows(PAGE_VIEWS)).isEmpty();
    assertThat(first.state()).containsOnlyKeys(BatchProcessor.STATE_KEY);

    h.process(
        batch(
            W0, second.state(), List.of(records.event(view("1", "d1", "/p", T, 5))), true, false));

    List<JsonNode> rows = h.rows(PAGE_VIEWS);
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).get("views").asLong()).isEqualTo(2);
    assertThat(rows.get(0).get("load_ms_sum").asLong()).isEqualTo(12);
  }

  @Test
  void aDuplicateInTheNextWindow_isCountedOnce_butNotOneTwoWindowsLater() {
    Instant w1 = W0.plusSeconds(60);
    Instant w3 = W0.plusSeconds(180);
    h.process(
        batch(W0, Map.of(), List.of(records.event(view("x", "d1", "/p", T, -1))), true, false));
    records.arriving(w1.plusSeconds(1));
    h.process(
        batch(w1, Map.of(), List.of(records.event(view("x", "d1", "/p", T, -1))), true, false));
    records.arriving(w3.plusSeconds(1));
    h.process(
        batch(w3, Map.of(), List.of(records.event(view("x", "d1", "/p", T, -1))), true, false));

    assertThat(h.rows(PAGE_VIEWS))
        .extracting(r -> r.get("window_start").asText())
        .containsExactly("2026-11-21T10:15:00.000Z", "2026-11-21T10:18:00.000Z");
    assertThat(h.metricLines().get(1).get("Duplicates").asLong()).isEqualTo(1);
    assertThat(h.distinctViews()).isEqualTo(2);
  }

  @Test
  void kplAggregates_areDeaggregated_aBadUserRecordIsRejectedWithItsSubSequence() {
    StreamRecord agg =
        records.aggregateOf(
            "d1",
            List.of(
                dev.shardwise.core.event.EventEncoder.encode(view("k1", "d1", "/a", T, -1)),
                "{\"schema\": 1}".getBytes(),
                dev.shardwise.core.event.EventEncoder.encode(view("k2", "d1", "/a", T, -1))));
    StreamRecord corrupt = records.aggregate(List.of(view("k3", "d2", "/b", T, -1)));
    corrupt.data()[corrupt.data().length - 1] ^= 1; // break the MD5 trailer

    h.process(batch(W0, Map.of(), List.of(agg, corrupt), true, false));

    assertThat(only(h.rows(PAGE_VIEWS), "/a").get("views").asLong()).isEqualTo(2);
    assertThat(h.rows(PAGE_VIEWS)).hasSize(1);
    assertThat(h.rows(REJECTS))
        .extracting(
            r ->
                r.get("sequence_number").asText()
                    + "/"
                    + r.get("sub_sequence_number").asInt()
                    + "/"
                    + r.get("reason").asText())
        .containsExactly(
            agg.sequenceNumber() + "/1/missing_field",
            corrupt.sequenceNumber() + "/-1/corrupt_aggregate");
    assertThat(h.rows(PAGE_VIEWS).get(0).get("segment").asText())
        .isEqualTo(agg.sequenceNumber() + ":0");
  }

  @Test
  void aRejectThatCannotBeEmitted_stopsTheBatchAtItsRecord_withTheStateBeforeIt() {
    List<StreamRecord> recs =
        List.of(
            records.event(view("1", "d1", "/p", T, -1)),
            records.event(view("2", "d2", "/p", T, -1)),
            records.raw("d3", "\u0001garbage"),
            records.event(view("3", "d3", "/p", T, -1)),
            records.raw("d4", "[]"));
    h.sink.failWhen((stream, n) -> stream.equals(REJECTS) ? 0 : -1);

    BatchResult failed = h.process(batch(W0, Map.of(), recs, false, false));

    assertThat(failed.failedSequenceNumber()).contains(recs.get(2).sequenceNumber());
    var state = WindowStateCodec.decodeBase64(failed.state().get(BatchProcessor.STATE_KEY));
    assertThat(state.totals().countedEvents()).isEqualTo(2);
    assertThat(state.totals().rejects()).isZero();
    assertThat(h.metricLines().get(0).get("BatchFailures").asLong()).isEqualTo(1);
    assertThat(h.logLines("ERROR")).hasSize(1);

    // Lambda resumes at the failed record with the returned state
    h.sink.failWhen((stream, n) -> -1);
    BatchResult resumed = h.process(batch(W0, failed.state(), recs.subList(2, 5), true, false));

    assertThat(resumed.failedSequenceNumber()).isEmpty();
    assertThat(h.distinctViews()).isEqualTo(3);
    assertThat(h.rows(REJECTS))
        .extracting(r -> r.get("row_id").asText())
        .doesNotHaveDuplicates()
        .hasSize(2);
  }

  @Test
  void aFailedFinalEmit_returnsTheInputState_andTheRetryEmitsTheSameRows_detectingOnce() {
    CountingDetector detector = new CountingDetector();
    Harness hd = new Harness(Map.of(), List.of(detector));
    List<StreamRecord> recs =
        List.of(
            records.event(view("1", "d1", "/p", T, -1)),
            records.event(view("2", "d2", "/q", T, -1)));
    hd.sink.failWhen((stream, n) -> stream.equals(PAGE_VIEWS) ? 1 : -1);

    BatchResult failed = hd.process(batch(W0, Map.of(), recs, true, false));

    assertThat(failed.failedSequenceNumber()).contains(recs.get(0).sequenceNumber());
    assertThat(failed.state()).isEmpty();
    assertThat(hd.store.saves()).isEqualTo(1);
    assertThat(detector.calls()).isEqualTo(1);

    hd.sink.failWhen((stream, n) -> -1);
    BatchResult retried = hd.process(batch(W0, failed.state(), recs, true, false));

    assertThat(retried.failedSequenceNumber()).isEmpty();
    assertThat(detector.calls()).isEqualTo(1);
    assertThat(hd.store.saves()).isEqualTo(1);
    assertThat(hd.rows(PAGE_VIEWS)).extracting(r -> r.get("row_id").asText()).hasSize(3);
    assertThat(hd.distinctViews()).isEqualTo(2);
    assertThat(hd.rows(ANOMALIES)).hasSize(1);
    assertThat(hd.rows(ANOMALIES).get(0).get("observed").asDouble()).isEqualTo(2.0);
  }

  @Test
  void anUnavailableStore_stopsAtTheFirstEvent_afterEmittingTheRejectsBeforeIt() {
    List<StreamRecord> recs =
        List.of(records.raw("d0", "nope"), records.event(view("1", "d1", "/p", T, -1)));
    h.store.unavailableWhen(() -> true);

    BatchResult result = h.process(batch(W0, Map.of(), recs, false, false));

    assertThat(result.failedSequenceNumber()).contains(recs.get(1).sequenceNumber());
    var state = WindowStateCodec.decodeBase64(result.state().get(BatchProcessor.STATE_KEY));
    assertThat(state.totals().rejects()).isEqualTo(1);
    assertThat(state.totals().validEvents()).isZero();
    assertThat(h.rows(REJECTS)).hasSize(1);
  }

  @Test
  void aLostRace_reloadsAndDetectsOnTheWinnersState() {
    CountingDetector detector = new CountingDetector();
    Harness hd = new Harness(Map.of(), List.of(detector));
    hd.store.beforeSave(
        () ->
            hd.store.overwrite(
                STREAM,
                SHARD,
                new dev.shardwise.core.window.ShardState(
                    null,
                    Map.of("counting", java.nio.ByteBuffer.allocate(8).putLong(41).array()),
                    List.of(),
                    List.of())));

    hd.process(
        batch(W0, Map.of(), List.of(records.event(view("1", "d1", "/p", T, -1))), true, false));

    assertThat(detector.calls()).isEqualTo(2);
    assertThat(hd.rows(ANOMALIES)).hasSize(1);
    assertThat(hd.rows(ANOMALIES).get(0).get("expected").asDouble()).isEqualTo(41.0);
    assertThat(hd.store.current(STREAM, SHARD).detectorStates().get("counting"))
        .isEqualTo(java.nio.ByteBuffer.allocate(8).putLong(42).array());
  }

  @Test
  void aWindowTerminatedEarlyByLambda_closesTheSegment_andTheRestGetsItsOwnRows() {
    StreamRecord r1 = records.event(view("1", "d1", "/p", T, -1));
    StreamRecord r2 = records.event(view("2", "d1", "/p", T, -1));
    StreamRecord r3 = records.event(view("3", "d1", "/p", T, -1));

    BatchResult s1 = h.process(batch(W0, Map.of(), List.of(r1), false, false));
    h.process(batch(W0, s1.state(), List.of(r2), true, true));
    h.process(batch(W0, Map.of(), List.of(r3), true, false));

    List<JsonNode> rows = h.rows(PAGE_VIEWS);
    assertThat(rows)
        .extracting(r -> r.get("segment").asText())
        .containsExactly(r1.sequenceNumber(), r3.sequenceNumber());
    assertThat(rows).extracting(r -> r.get("views").asLong()).containsExactly(2L, 1L);
    assertThat(rows.get(0).get("row_id").asText()).isNotEqualTo(rows.get(1).get("row_id").asText());
    assertThat(h.metricLines().get(1).get("SegmentsClosedEarly").asLong()).isEqualTo(1);
  }

  @Test
  void theStateBudget_closesSegmentsEarly_withoutLosingOrDoublingAnEvent() {
    Harness small = new Harness(Map.of(ConsumerConfig.STATE_BUDGET_CHARS, "16384"), List.of());
    List<StreamRecord> recs = new java.util.ArrayList<>();
    for (int i = 0; i < 600; i++) {
      String device = Long.toHexString(EventFingerprint.of("d" + i));
      String page = Long.toHexString(EventFingerprint.of("p" + i));
      recs.add(records.event(view("e" + i, "device-" + device, "/page/" + page, T, i)));
    }

    BatchResult open = small.process(batch(W0, Map.of(), recs.subList(0, 300), false, false));
    small.process(batch(W0, open.state(), recs.subList(300, 600), true, false));

    assertThat(open.state().get(BatchProcessor.STATE_KEY).length()).isLessThanOrEqualTo(16384);
    List<JsonNode> rows = small.rows(PAGE_VIEWS);
    assertThat(rows).hasSize(600);
    assertThat(small.distinctViews()).isEqualTo(600);
    assertThat(rows.stream().map(r -> r.get("segment").asText()).distinct().count())
        .isGreaterThan(1);
    assertThat(small.logLines("WARN")).isNotEmpty();
  }

  @Test
  void anUnreadableState_failsLoudly_andSaysWhy() {
    assertThatThrownBy(
            () ->
                h.process(
                    batch(
                        W0,
                        Map.of("w", "AAAA"),
                        List.of(records.event(view("1", "d", "/p", T, -1))),
                        false,
                        false)))
        .isInstanceOf(StateFormatException.class)
        .hasMessageContaining("window state");
    assertThatThrownBy(() -> h.process(batch(W0, Map.of("1", "282"), List.of(), false, false)))
        .isInstanceOf(StateFormatException.class)
        .hasMessageContaining("expected only \"w\"");
    assertThat(h.metricLines()).hasSize(2);
    assertThat(h.metricLines().get(0).get("BatchFailures").asLong()).isEqualTo(1);
    assertThat(h.logLines("ERROR")).hasSize(2);
  }

  @Test
  void aStateOfAnotherWindow_failsLoudly() {
    BatchResult s =
        h.process(
            batch(W0, Map.of(), List.of(records.event(view("1", "d", "/p", T, -1))), false, false));

    assertThatThrownBy(
            () -> h.process(batch(W0.plusSeconds(60), s.state(), List.of(), true, false)))
        .isInstanceOf(StateFormatException.class)
        .hasMessageContaining("belongs to window");
  }

  @Test
  void anEmptyFinalInvocation_withoutState_emitsNothing() {
    BatchResult r = h.process(batch(W0, Map.of(), List.of(), true, false));

    assertThat(r.state()).isEmpty();
    assertThat(h.sink.calls()).isZero();
  }

  @Test
  void anEmptyFinalInvocationWhoseCloseFails_throwsForLambdaToRetryIt() {
    BatchResult s =
        h.process(
            batch(W0, Map.of(), List.of(records.event(view("1", "d", "/p", T, -1))), false, false));
    h.sink.failWhen((stream, n) -> 0);

    assertThatThrownBy(() -> h.process(batch(W0, s.state(), List.of(), true, false)))
        .isInstanceOf(TransientFailureException.class);

    h.sink.failWhen((stream, n) -> -1);
    h.process(batch(W0, s.state(), List.of(), true, false));
    assertThat(h.distinctViews()).isEqualTo(1);
  }

  @Test
  void aWindow_readsTheShardStateOnce_andWritesItOnce() {
    BatchResult s1 =
        h.process(
            batch(W0, Map.of(), List.of(records.event(view("1", "d", "/p", T, -1))), false, false));
    BatchResult s2 =
        h.process(
            batch(
                W0, s1.state(), List.of(records.event(view("2", "d", "/p", T, -1))), false, false));
    h.process(
        batch(W0, s2.state(), List.of(records.event(view("3", "d", "/p", T, -1))), true, false));

    assertThat(h.store.loads()).isEqualTo(1);
    assertThat(h.store.saves()).isEqualTo(1);
    assertThat(h.store.current(STREAM, SHARD).lastApplied().firstSequence())
        .isEqualTo(h.rows(PAGE_VIEWS).get(0).get("segment").asText());
  }
}
