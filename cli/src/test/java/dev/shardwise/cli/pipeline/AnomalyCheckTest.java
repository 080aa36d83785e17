package dev.shardwise.cli.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.producer.sim.AnomalyKind;
import dev.shardwise.producer.sim.AnomalyLabel;
import dev.shardwise.producer.sim.SimConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnomalyCheckTest {
  // Not on a window boundary: the pipeline's windows are aligned to the epoch, not to the run.
  private static final Instant T0 = Instant.parse("2026-12-06T06:00:03Z");
  private static final SimConfig CONFIG = SimConfig.of(1, T0, 10, Duration.ofMinutes(2), 10);
  private static final Duration WINDOW = Duration.ofSeconds(10);
  private static final AnomalyLabel SPIKE =
      new AnomalyLabel(
          "a1",
          AnomalyKind.PAGE_SPIKE,
          "page",
          "/docs",
          "views",
          T0.plusSeconds(90),
          T0.plusSeconds(120),
          4.5);
  private static final AnomalyLabel OUTLIER =
      new AnomalyLabel(
          "a2",
          AnomalyKind.DEVICE_OUTLIER,
          "device",
          "iot-000007",
          "temperature_c",
          T0.plusSeconds(95),
          T0.plusSeconds(96),
          9.1);

  private static AnomalyCheck.Found found(String windowStart, String kind, String key, String m) {
    return new AnomalyCheck.Found(Instant.parse(windowStart), kind, key, m, "shard-0");
  }

  @Test
  void detectionsInTheLabelsWindows_match_othersAreUnmatched_missedLabelsAreNamed() {
    AnomalyCheck c =
        AnomalyCheck.of(
            CONFIG,
            List.of(SPIKE, OUTLIER),
            WINDOW,
            List.of(
                // the spike starts at 06:01:33, in the window 06:01:30-06:01:40
                found("2026-12-06T06:01:30Z", "page_spike", "/docs", "views"),
                found("2026-12-06T06:01:50Z", "page_spike", "/docs", "views"),
                found("2026-12-06T06:01:20Z", "device_burst", "web-000001", "events")));

    assertThat(c.injected()).isEqualTo(2);
    assertThat(c.detected()).isEqualTo(3);
    assertThat(c.matched()).isEqualTo(1);
    assertThat(c.unmatched()).isEqualTo(1);
    assertThat(c.line()).isEqualTo("anomalies: 2 injected, 3 detected, 1 matched, 1 unmatched");
    assertThat(c.notes())
        .anySatisfy(n -> assertThat(n).startsWith("unmatched: device_burst web-000001 events"))
        .anySatisfy(n -> assertThat(n).startsWith("missed: a2 device_outlier iot-000007"));
  }

  @Test
  void aDetectionBeforeTheLabelsWindow_isUnmatched() {
    AnomalyCheck c =
        AnomalyCheck.of(
            CONFIG,
            List.of(SPIKE),
            WINDOW,
            List.of(found("2026-12-06T06:01:20Z", "page_spike", "/docs", "views")));

    assertThat(c.matched()).isZero();
    assertThat(c.unmatched()).isEqualTo(1);
  }
}
