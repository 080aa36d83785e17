package dev.shardwise.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shardwise.core.rows.AnomalyRow;
import dev.shardwise.core.window.CloseReason;
import dev.shardwise.core.window.SegmentKey;
import dev.shardwise.core.window.WindowSummary;
import dev.shardwise.core.window.WindowTotals;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectorRegistryTest {
  private static final Instant START = Instant.parse("2026-11-21T10:15:00Z");

  private static WindowSummary window(long views) {
    return new WindowSummary(
        "shardId-000000000003",
        new SegmentKey(START, "77", -1),
        START.plusSeconds(60),
        CloseReason.WINDOW_END,
        List.of(),
        List.of(),
        new WindowTotals(views, 0, views, 0, views, 0, views));
  }

  /** Counts the windows it saw in its state; reports when views exceed the previous window's. */
  private static final class GrowthDetector implements WindowDetector {
    @Override
    public String name() {
      return "growth";
    }

    @Override
    public Detection detect(WindowSummary w, byte[] state) {
      long views = w.totals().views();
      List<Anomaly> found =
          state != null && views > state[0]
              ? List.of(
                  new Anomaly(
                      "views_up",
                      KeyType.SHARD,
                      w.shardId(),
                      "views",
                      views,
                      state[0],
                      0,
                      state[0],
                      1,
                      0.5,
                      Severity.INFO))
              : List.of();
      return new Detection(found, new byte[] {(byte) views});
    }
  }

  @Test
  void run_passesEachDetectorItsOwnState_andTurnsFindingsIntoRows() {
    DetectorRegistry registry = DetectorRegistry.of(List.of(new GrowthDetector()));

    DetectorRegistry.Outcome first = registry.run(window(5), Map.of("retired", new byte[] {9}));
    DetectorRegistry.Outcome second = registry.run(window(8), first.states());

    assertThat(first.anomalies()).isEmpty();
    assertThat(first.states()).containsOnlyKeys("growth", "retired");
    assertThat(second.anomalies()).hasSize(1);
    AnomalyRow row = second.anomalies().get(0);
    assertThat(row.kind()).isEqualTo("views_up");
    assertThat(row.observed()).isEqualTo(8.0);
    assertThat(row.expected()).isEqualTo(5.0);
    assertThat(row.segment()).isEqualTo("77");
    assertThat(second.states().get("growth")).containsExactly(8);
    assertThat(registry.run(window(8), first.states()).anomalies().get(0).rowId())
        .isEqualTo(row.rowId());
  }

  @Test
  void names_mustBeValidAndUnique() {
    WindowDetector bad =
        new WindowDetector() {
          @Override
          public String name() {
            return "Bad Name";
          }

          @Override
          public Detection detect(WindowSummary w, byte[] s) {
            return new Detection(List.of(), null);
          }
        };

    assertThatThrownBy(() -> DetectorRegistry.of(List.of(bad)))
        .hasMessageContaining("[a-z0-9_-]{1,64}");
    assertThatThrownBy(
            () -> DetectorRegistry.of(List.of(new GrowthDetector(), new GrowthDetector())))
        .hasMessageContaining("two detectors are named growth");
    assertThat(DetectorRegistry.none().names()).isEmpty();
  }

  @Test
  void anomalyKinds_areRestrictedToMetricSafeNames() {
    assertThatThrownBy(
            () -> new Anomaly("Spike!", KeyType.PAGE, "/", "m", 0, 0, 0, 0, 0, 0, Severity.INFO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kind");
  }
}
