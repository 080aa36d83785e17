package dev.shardwise.cli.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.core.event.RejectReason;
import dev.shardwise.producer.sim.GroundTruth;
import dev.shardwise.producer.sim.GroundTruth.PageCount;
import dev.shardwise.producer.sim.GroundTruth.PageMinute;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerdictTest {
  static final Instant M0 = Instant.parse("2026-12-06T05:00:00Z");
  static final Instant M1 = Instant.parse("2026-12-06T05:01:00Z");

  static GroundTruth truth() {
    return new GroundTruth(
        new GroundTruth.Run(1, M0, M1.plusSeconds(60), 10, 120, 10, 5, 600),
        Map.of(
            new PageMinute(M0, "/a"), new PageCount(5, 3),
            new PageMinute(M1, "/a"), new PageCount(2, 2),
            new PageMinute(M1, "/b"), new PageCount(1, 1)),
        Map.of(RejectReason.BAD_VALUE, 2L, RejectReason.MALFORMED_JSON, 1L),
        new GroundTruth.Events(20, 17, 16, 19, 8, 4, 4),
        new GroundTruth.Faults(1, 0, 1, Map.of(RejectReason.BAD_VALUE, 2L)),
        List.of());
  }

  @Test
  void exactResults_pass() {
    Verdict v =
        Verdict.compare(
            truth(),
            Map.of(
                new PageMinute(M0, "/a"),
                5L,
                new PageMinute(M1, "/a"),
                2L,
                new PageMinute(M1, "/b"),
                1L),
            18,
            Map.of("bad_value", 2L, "malformed_json", 1L));

    assertThat(v.passed()).isTrue();
    assertThat(v.differences()).isEmpty();
    assertThat(v.actualViews()).isEqualTo(8).isEqualTo(v.expectedViews());
    assertThat(v.lines().get(0)).startsWith("PASS");
  }

  @Test
  void lostDoubledMissingAndExtra_eachNamedWithItsKey() {
    Verdict v =
        Verdict.compare(
            truth(),
            Map.of(
                new PageMinute(M0, "/a"),
                4L,
                new PageMinute(M1, "/a"),
                3L,
                new PageMinute(M1, "/c"),
                1L),
            17,
            Map.of("bad_value", 1L, "nonsense", 1L));

    assertThat(v.passed()).isFalse();
    assertThat(v.lostViews()).isEqualTo(2); // 1 of M0 /a, 1 of M1 /b
    assertThat(v.doubleCountedViews()).isEqualTo(2); // 1 of M1 /a, 1 of M1 /c
    assertThat(v.differences())
        .contains(
            "page_views_minutely 2026-12-06T05:00:00Z /a: expected 5, got 4 (lost 1)",
            "page_views_minutely 2026-12-06T05:01:00Z /a: expected 2, got 3 (double-counted 1)",
            "page_views_minutely 2026-12-06T05:01:00Z /b: expected 1, got 0 (lost 1)",
            "page_views_minutely 2026-12-06T05:01:00Z /c: expected 0, got 1 (double-counted 1)",
            "events_unique: expected 18 distinct events, got 17 (lost 1)",
            "rejects: unknown reason 'nonsense' (1 rows)",
            "rejects bad_value: expected 2, got 1 (missing 1)",
            "rejects malformed_json: expected 1, got 0 (missing 1)");
    assertThat(v.lines().get(0)).startsWith("FAIL");
  }

  @Test
  void archivedEvents_excludeTheFutureDatedOnes() {
    assertThat(Verdict.expectedArchivedEvents(truth())).isEqualTo(19 - 1);
  }
}
