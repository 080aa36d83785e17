package dev.shardwise.local.alarms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.consumer.definitions.AlarmSpecification;
import dev.shardwise.local.metrics.MetricStore;
import dev.shardwise.local.testing.MutableClock;
import dev.shardwise.local.testing.PipelineMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped specification over metrics shaped like a healthy pipeline's (what the services and
 * the consumer's EMF lines publish each minute), with faults switched on minute by minute: a clean
 * run fires nothing; a page spike fires its anomaly alarm for a few minutes; a consumer stopped for
 * five minutes fires the stall, then the lag, pages through the composite, and everything returns
 * to OK. The demo repeats this with the real services (issue: demo).
 */
class ShippedAlarmsScenarioTest {
  static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  private final MutableClock clock = new MutableClock(T0);
  private final MetricStore store = MetricStore.inMemory(clock, MetricStore.Config.defaults());
  private final AlarmEngine engine = new AlarmEngine(AlarmSpecification.load(), store, T0);
  private final List<StateChange> history = new ArrayList<>();

  ShippedAlarmsScenarioTest() {
    engine.addListener(history::add);
  }

  private final PipelineMetrics pipeline = new PipelineMetrics(store);

  private void healthyMinute(Instant t, boolean consumerRunning, double iteratorAgeMs) {
    pipeline.minute(t, 6000, consumerRunning, iteratorAgeMs, 0);
  }

  private void runMinutes(int from, int to, java.util.function.IntConsumer minute) {
    for (int m = from; m < to; m++) {
      Instant t = T0.plus(Duration.ofMinutes(m));
      clock.set(t.plusSeconds(30));
      minute.accept(m);
      clock.set(t.plusSeconds(60));
      engine.advanceTo(clock.instant());
    }
  }

  @Test
  void cleanRun_firesNothing() {
    runMinutes(0, 40, m -> healthyMinute(T0.plus(Duration.ofMinutes(m)), true, 2500));

    assertThat(new AlarmTimeline(history).fired()).isEmpty();
    assertThat(engine.status("shardwise-pipeline-unhealthy").orElseThrow().state())
        .isEqualTo(AlarmState.OK);
  }

  @Test
  void pageSpike_firesItsAnomalyAlarm_untilTheSpikeLeavesTheRange() {
    runMinutes(
        0,
        20,
        m -> {
          Instant t = T0.plus(Duration.ofMinutes(m));
          healthyMinute(t, true, 2500);
          if (m == 10) {
            pipeline.anomaly(t, "page_spike");
          }
        });

    AlarmTimeline timeline = new AlarmTimeline(history);
    assertThat(timeline.fired()).containsExactly("shardwise-anomaly-page-spike");
    assertThat(timeline.episodes("shardwise-anomaly-page-spike"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.from()).isEqualTo(T0.plus(Duration.ofMinutes(11)));
              // the metric is written only when non-zero: CloudWatch keeps deciding on the spike
              // minute
              // while it is in the 3-period range, then all missing is notBreaching: OK
              assertThat(e.to()).isEqualTo(T0.plus(Duration.ofMinutes(14)));
            });
  }

  @Test
  void stoppedConsumer_stallsThenLags_pages_andRecovers() {
    // minutes 10-15: the consumer is stopped; from 16 it works off the backlog.
    double[] ageAfterRestart = {330_000, 250_000, 170_000, 90_000, 20_000};
    runMinutes(
        0,
        40,
        m -> {
          Instant t = T0.plus(Duration.ofMinutes(m));
          boolean stopped = m >= 10 && m < 16;
          double age = m >= 16 && m < 21 ? ageAfterRestart[m - 16] : 2500;
          healthyMinute(t, !stopped, age);
        });

    AlarmTimeline timeline = new AlarmTimeline(history);
    assertThat(timeline.fired())
        .containsExactlyInAnyOrder(
            "shardwise-consumer-stalled",
            "shardwise-consumer-iterator-age-high",
            "shardwise-pipeline-unhealthy");
    assertThat(timeline.episodes("shardwise-consumer-stalled"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.from())
                  .isEqualTo(T0.plus(Duration.ofMinutes(13))); // stalled minutes 10, 11, 12
              assertThat(e.to())
                  .isEqualTo(T0.plus(Duration.ofMinutes(19))); // 3 good of 5: 16, 17, 18
            });
    assertThat(timeline.episodes("shardwise-consumer-iterator-age-high"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.from())
                  .isEqualTo(T0.plus(Duration.ofMinutes(19))); // 3 of 5 above 2 min: 16, 17, 18
              assertThat(e.open()).isFalse();
            });
    Instant ageRecovered = timeline.episodes("shardwise-consumer-iterator-age-high").get(0).to();
    assertThat(timeline.episodes("shardwise-pipeline-unhealthy"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.from()).isEqualTo(T0.plus(Duration.ofMinutes(13)));
              assertThat(e.to()).isEqualTo(ageRecovered);
            });
    assertThat(engine.statuses())
        .allSatisfy(s -> assertThat(s.state()).as(s.name()).isEqualTo(AlarmState.OK));
  }
}
