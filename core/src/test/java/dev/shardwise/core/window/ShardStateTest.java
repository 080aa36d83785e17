package dev.shardwise.core.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardStateTest {
  private static final Instant W1 = Instant.parse("2026-11-21T10:00:00Z");
  private static final Instant W2 = W1.plusSeconds(60);
  private static final Instant W3 = W2.plusSeconds(60);
  private static final Duration ONE_WINDOW = Duration.ofSeconds(60);

  private static FingerprintSet ids(String... eventIds) {
    FingerprintSet s = new FingerprintSet();
    for (String id : eventIds) {
      s.add(EventFingerprint.of(id));
    }
    return s;
  }

  @Test
  void afterClose_recordsTheSegment_andKeepsOnlyTheHorizon() {
    SegmentKey s1 = new SegmentKey(W1, "100", -1);
    SegmentKey s2 = new SegmentKey(W2, "200", -1);
    SegmentKey s3 = new SegmentKey(W3, "300", 4);

    ShardState after1 =
        ShardState.empty().afterClose(s1, ids("a"), Map.of(), List.of(), ONE_WINDOW);
    ShardState after2 = after1.afterClose(s2, ids("b"), Map.of(), List.of(), ONE_WINDOW);
    ShardState after3 =
        after2.afterClose(s3, ids("c"), Map.of("d", new byte[] {1}), List.of(), ONE_WINDOW);

    assertThat(after3.lastApplied()).isEqualTo(s3);
    assertThat(after3.recent())
        .extracting(ShardState.ClosedSegment::segment)
        .containsExactly(s2, s3);
    assertThat(after3.detectorStates()).containsOnlyKeys("d");
  }

  @Test
  void earlierFingerprints_areThoseOfEarlierSegmentsWithinTheHorizon() {
    SegmentKey s1 = new SegmentKey(W1, "100", -1);
    SegmentKey s2a = new SegmentKey(W2, "200", -1);
    SegmentKey s2b = new SegmentKey(W2, "250", -1);
    ShardState state =
        ShardState.empty()
            .afterClose(s1, ids("a"), Map.of(), List.of(), ONE_WINDOW)
            .afterClose(s2a, ids("b"), Map.of(), List.of(), ONE_WINDOW)
            .afterClose(s2b, ids("c"), Map.of(), List.of(), ONE_WINDOW);

    FingerprintSet forW3 = state.earlierFingerprints(new SegmentKey(W3, "300", -1), ONE_WINDOW);
    FingerprintSet forRetriedS2b = state.earlierFingerprints(s2b, ONE_WINDOW);
    FingerprintSet noHorizon =
        state.earlierFingerprints(new SegmentKey(W2, "260", -1), Duration.ZERO);

    assertThat(forW3).isEqualTo(ids("b", "c"));
    assertThat(forRetriedS2b).isEqualTo(ids("a", "b")); // never its own ids
    assertThat(noHorizon).isEqualTo(ids("b", "c"));
  }

  @Test
  void hasApplied_comparesSegmentsInShardOrder() {
    SegmentKey applied = new SegmentKey(W2, "99999999999999999999", 3);
    ShardState state =
        ShardState.empty().afterClose(applied, ids(), Map.of(), List.of(), ONE_WINDOW);

    assertThat(state.hasApplied(applied)).isTrue();
    assertThat(state.hasApplied(new SegmentKey(W2, "99999999999999999999", 2))).isTrue();
    assertThat(state.hasApplied(new SegmentKey(W2, "100000000000000000000", -1))).isFalse();
    assertThat(state.hasApplied(new SegmentKey(W1, "999999999999999999999", -1))).isTrue();
    assertThat(ShardState.empty().hasApplied(applied)).isFalse();
  }

  @Test
  void codec_roundTripsEveryPart() {
    ShardState state =
        ShardState.empty()
            .afterClose(new SegmentKey(W1, "1", -1), ids("a", "b"), Map.of(), List.of(), ONE_WINDOW)
            .afterClose(
                new SegmentKey(W2, "2", 0),
                ids("c"),
                Map.of("rate", new byte[] {1, 2, 3}, "empty", new byte[0]),
                List.of("{\"a\":1}\n".getBytes(StandardCharsets.UTF_8)),
                ONE_WINDOW);

    ShardState back = ShardStateCodec.decode(ShardStateCodec.encode(state));

    assertThat(back.lastApplied()).isEqualTo(state.lastApplied());
    assertThat(back.recent()).isEqualTo(state.recent());
    assertThat(back.detectorStates()).containsOnlyKeys("rate", "empty");
    assertThat(back.detectorStates().get("rate")).containsExactly(1, 2, 3);
    assertThat(back.lastAnomalyRows()).hasSize(1);
    assertThat(new String(back.lastAnomalyRows().get(0), StandardCharsets.UTF_8))
        .isEqualTo("{\"a\":1}\n");
    assertThat(ShardStateCodec.decode(ShardStateCodec.encode(ShardState.empty())))
        .isEqualTo(ShardState.empty());
  }

  @Test
  void codec_failsLoudlyOnOtherVersionsAndCorruption() {
    byte[] bytes = ShardStateCodec.encode(ShardState.empty());
    byte[] newer = bytes.clone();
    newer[3] = 2;
    byte[] flipped = bytes.clone();
    flipped[5] ^= 1;

    assertThatThrownBy(() -> ShardStateCodec.decode(newer))
        .isInstanceOf(StateFormatException.class)
        .hasMessageContaining("format version 2");
    assertThatThrownBy(() -> ShardStateCodec.decode(flipped))
        .isInstanceOf(StateFormatException.class)
        .hasMessageContaining("shard state is corrupt");
    assertThatThrownBy(() -> ShardStateCodec.decode(WindowStateCodec.encode(emptyWindow())))
        .isInstanceOf(StateFormatException.class)
        .hasMessageContaining("not a shardwise shard state");
  }

  @Test
  void recent_mustBeInSegmentOrder() {
    var a = new ShardState.ClosedSegment(new SegmentKey(W2, "1", -1), ids());
    var b = new ShardState.ClosedSegment(new SegmentKey(W1, "1", -1), ids());

    assertThatThrownBy(() -> new ShardState(null, Map.of(), List.of(a, b), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static WindowState emptyWindow() {
    return WindowState.open(new SegmentKey(W1, "1", -1), W2, Duration.ZERO);
  }
}
