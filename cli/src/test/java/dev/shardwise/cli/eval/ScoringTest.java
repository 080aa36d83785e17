package dev.shardwise.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.shardwise.producer.sim.AnomalyKind;
import dev.shardwise.producer.sim.AnomalyLabel;
import dev.shardwise.producer.sim.SimConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoringTest {
  private static final Instant T0 = Instant.parse("2026-11-21T00:00:00Z");
  private static final SimConfig CONFIG = SimConfig.of(1, T0, 10, Duration.ofMinutes(60), 10);
  private static final AnomalyLabel BURST =
      new AnomalyLabel(
          "a1",
          AnomalyKind.DEVICE_BURST,
          "device",
          "iot-1",
          "events",
          T0.plusSeconds(20 * 60 + 30),
          T0.plusSeconds(21 * 60 + 10),
          20);

  private static DatasetRun.Result result(List<Detection> detections) {
    return new DatasetRun.Result(CONFIG, List.of(BURST), detections, 60, 1000, 0);
  }

  @Test
  void aDetectionInTheLabelsWindows_isATruePositiveWithItsDelay() {
    Map<AnomalyKind, Scoring.Tally> t = Scoring.tallies();
    Scoring.Tally other = new Scoring.Tally();
    Scoring.tally(
        result(List.of(new Detection(21, 0, "device_burst", "iot-1", "events"))), t, other);
    Scoring.Tally burst = t.get(AnomalyKind.DEVICE_BURST);
    assertThat(burst.recall()).isEqualTo(1.0);
    assertThat(burst.precision()).isEqualTo(1.0);
    assertThat(burst.delays).containsExactly(1);
  }

  @Test
  void aDetectionOnAnotherKeyOrTooLate_isAFalseAlarm_andTheLabelIsMissed() {
    Map<AnomalyKind, Scoring.Tally> t = Scoring.tallies();
    Scoring.Tally other = new Scoring.Tally();
    Scoring.tally(
        result(
            List.of(
                new Detection(20, 0, "device_burst", "iot-2", "events"),
                new Detection(23, 0, "device_burst", "iot-1", "events"),
                new Detection(30, 0, "device_silence", "iot-3", "events"))),
        t,
        other);
    Scoring.Tally burst = t.get(AnomalyKind.DEVICE_BURST);
    assertThat(burst.recall()).isZero();
    assertThat(burst.falsePositives).isEqualTo(2);
    assertThat(other.falsePositives).isEqualTo(1);
  }

  @Test
  void nab_isAbout100ForAPerfectEarlyDetection_0ForNone_andLessWithFalseAlarms() {
    NabScore perfect = new NabScore();
    perfect.add(result(List.of(new Detection(17, 0, "device_burst", "iot-1", "events"))));
    NabScore none = new NabScore();
    none.add(result(List.of()));
    NabScore noisy = new NabScore();
    noisy.add(
        result(
            List.of(
                new Detection(20, 0, "device_burst", "iot-1", "events"),
                new Detection(5, 0, "device_burst", "iot-1", "events"))));
    assertThat(perfect.score()).isCloseTo(100, within(0.01));
    assertThat(none.score()).isCloseTo(0, within(1e-9));
    assertThat(noisy.score()).isLessThan(perfect.score()).isGreaterThan(50);
  }
}
