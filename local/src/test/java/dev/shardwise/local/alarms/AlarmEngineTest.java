package dev.shardwise.local.alarms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.consumer.definitions.AlarmSpecification;
import dev.shardwise.local.metrics.MetricDatum;
import dev.shardwise.local.metrics.MetricKey;
import dev.shardwise.local.metrics.MetricStore;
import dev.shardwise.local.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlarmEngineTest {
  static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  static final MetricKey ERRORS = MetricKey.of("App", "Errors", Map.of("Fn", "f"));
  static final MetricKey REJECTED = MetricKey.of("App", "Rejected");
  static final MetricKey RECORDS = MetricKey.of("App", "Records");

  private final MutableClock clock = new MutableClock(T0);
  private final MetricStore store = MetricStore.inMemory(clock, MetricStore.Config.defaults());

  private AlarmSpecification spec(String metricAlarms, String composites) {
    return AlarmSpecification.parse(
        "{\"MetricAlarms\": [" + metricAlarms + "], \"CompositeAlarms\": [" + composites + "]}",
        Map.of());
  }

  private static String alarm(String name, String metric, String extra) {
    return "{\"AlarmName\": \""
        + name
        + "\", \"AlarmDescription\": \"d\", \"Severity\": \"critical\", "
        + metric
        + ", "
        + extra
        + ", \"Runbook\": "
        + RUNBOOK
        + "}";
  }

  static final String RUNBOOK =
      "{\"Meaning\": \"m\", \"Threshold\": \"t\", \"FirstChecks\": [\"1\", \"2\", \"3\"], \"NamedQuery\": \"q\"}";
  static final String ERRORS_METRIC =
      "\"Namespace\": \"App\", \"MetricName\": \"Errors\", \"Dimensions\": [{\"Name\": \"Fn\", \"Value\": \"f\"}],"
          + " \"Statistic\": \"Sum\", \"Period\": 60";

  private void put(MetricKey k, Instant t, double v) {
    store.put(MetricDatum.of(k, t, "Count", v));
  }

  @Test
  void metricAlarm_goesToAlarmAndBack_withCloudWatchReasons() {
    AlarmEngine engine =
        new AlarmEngine(
            spec(
                alarm(
                    "errors",
                    ERRORS_METRIC,
                    "\"EvaluationPeriods\": 1, \"Threshold\": 0,"
                        + " \"ComparisonOperator\": \"GreaterThanThreshold\", \"TreatMissingData\": \"notBreaching\""),
                ""),
            store,
            T0.plusSeconds(10));
    List<StateChange> seen = new ArrayList<>();
    engine.addListener(seen::add);
    put(ERRORS, T0.plusSeconds(70), 3); // in the minute 10:01

    clock.set(T0.plus(Duration.ofMinutes(3)));
    List<StateChange> changes = engine.advanceTo(clock.instant());

    // 10:01 (range 09:58-10:01, all missing): notBreaching -> OK; 10:02: the 10:01 minute breaches;
    // 10:03: the newest minute is missing, but 10:01 is still in the range of 3 and breaches.
    assertThat(changes)
        .extracting(StateChange::newState)
        .containsExactly(AlarmState.OK, AlarmState.ALARM);
    assertThat(changes.get(1).timestamp()).isEqualTo(T0.plus(Duration.ofMinutes(2)));
    assertThat(changes.get(1).reason())
        .isEqualTo(
            "Threshold Crossed: 1 out of the last 1 datapoints [3.0 (22/11/26 10:01:00)] was greater than the"
                + " threshold (0.0) (minimum 1 datapoint for OK -> ALARM transition).");
    assertThat(changes.get(1).reasonData())
        .contains("\"recentDatapoints\":[3.0]")
        .contains("\"statistic\":\"Sum\"");
    assertThat(seen).isEqualTo(changes);

    put(ERRORS, T0.plus(Duration.ofMinutes(3)), 0);
    clock.set(T0.plus(Duration.ofMinutes(4)));
    assertThat(engine.advanceTo(clock.instant()))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.newState()).isEqualTo(AlarmState.OK);
              assertThat(c.reason())
                  .startsWith(
                      "Threshold Crossed: 1 out of the last 1 datapoints [0.0 (22/11/26 10:03:00)] was not greater");
            });
    assertThat(engine.status("errors").orElseThrow().since())
        .isEqualTo(T0.plus(Duration.ofMinutes(4)));
  }

  @Test
  void periods_endAtTheEvaluationMinute_notAtEpochMultiples() {
    String fiveMinutes = ERRORS_METRIC.replace("\"Period\": 60", "\"Period\": 300");
    AlarmEngine engine =
        new AlarmEngine(
            spec(
                alarm(
                    "errors",
                    fiveMinutes,
                    "\"EvaluationPeriods\": 1, \"Threshold\": 5,"
                        + " \"ComparisonOperator\": \"GreaterThanOrEqualToThreshold\""),
                ""),
            store,
            T0);
    // 3 + 3 errors at 10:01 and 10:04: one period 10:02-10:07 holds only the second, the period
    // 10:00-10:05 (epoch-aligned) would hold both.
    put(ERRORS, T0.plus(Duration.ofMinutes(1)), 3);
    put(ERRORS, T0.plus(Duration.ofMinutes(4)), 3);

    engine.evaluateAt(T0.plus(Duration.ofMinutes(7)));
    assertThat(engine.status("errors").orElseThrow().state()).isEqualTo(AlarmState.OK);
    engine.evaluateAt(T0.plus(Duration.ofMinutes(6)));
    assertThat(engine.status("errors").orElseThrow().state()).isEqualTo(AlarmState.ALARM);
    assertThat(engine.status("errors").orElseThrow().reason())
        .contains("[6.0 (22/11/26 10:01:00)]");
  }

  @Test
  void rejectRate_metricMath_dropsDivisionByZeroAndCountsMissingAsZero() {
    String math =
        "\"Metrics\": ["
            + "{\"Id\": \"rejected\", \"MetricStat\": {\"Metric\": {\"Namespace\": \"App\", \"MetricName\": \"Rejected\"}, \"Period\": 60, \"Stat\": \"Sum\"}, \"ReturnData\": false},"
            + "{\"Id\": \"records\", \"MetricStat\": {\"Metric\": {\"Namespace\": \"App\", \"MetricName\": \"Records\"}, \"Period\": 60, \"Stat\": \"Sum\"}, \"ReturnData\": false},"
            + "{\"Id\": \"rate\", \"Expression\": \"100 * rejected / records\", \"ReturnData\": true}]";
    AlarmEngine engine =
        new AlarmEngine(
            spec(
                alarm(
                    "rate",
                    math,
                    "\"EvaluationPeriods\": 1, \"Threshold\": 1,"
                        + " \"ComparisonOperator\": \"GreaterThanThreshold\", \"TreatMissingData\": \"missing\""),
                ""),
            store,
            T0);
    put(RECORDS, T0, 1000);
    put(REJECTED, T0, 5); // 0.5 %
    engine.evaluateAt(T0.plus(Duration.ofMinutes(1)));
    assertThat(engine.status("rate").orElseThrow().state()).isEqualTo(AlarmState.OK);
    assertThat(engine.status("rate").orElseThrow().reason()).contains("[0.5 (22/11/26 10:00:00)]");

    put(REJECTED, T0.plus(Duration.ofMinutes(1)), 3); // no records that minute: 300 / 0 is dropped
    engine.evaluateAt(T0.plus(Duration.ofMinutes(2)));
    assertThat(engine.status("rate").orElseThrow().reason()).contains("[0.5 (22/11/26 10:00:00)]");

    put(RECORDS, T0.plus(Duration.ofMinutes(2)), 100);
    put(REJECTED, T0.plus(Duration.ofMinutes(2)), 2); // 2 %
    engine.evaluateAt(T0.plus(Duration.ofMinutes(3)));
    assertThat(engine.status("rate").orElseThrow().state()).isEqualTo(AlarmState.ALARM);
    assertThat(engine.status("rate").orElseThrow().reason()).contains("[2.0 (22/11/26 10:02:00)]");
  }

  @Test
  void percentileAlarm_usesTheDistributionOfThePeriod() {
    String p99 = ERRORS_METRIC.replace("\"Statistic\": \"Sum\"", "\"ExtendedStatistic\": \"p99\"");
    AlarmEngine engine =
        new AlarmEngine(
            spec(
                alarm(
                    "p99",
                    p99,
                    "\"EvaluationPeriods\": 1, \"Threshold\": 95,"
                        + " \"ComparisonOperator\": \"GreaterThanThreshold\""),
                ""),
            store,
            T0);
    for (int i = 1; i <= 100; i++) {
      put(ERRORS, T0.plusSeconds(i % 60), i);
    }
    engine.evaluateAt(T0.plus(Duration.ofMinutes(1)));
    assertThat(engine.status("p99").orElseThrow().reason())
        .contains("[99.0 (22/11/26 10:00:00)] was greater");
  }

  @Test
  void composite_followsItsRule_andNamesTheChildThatMovedIt() {
    String a =
        alarm(
            "a",
            ERRORS_METRIC,
            "\"EvaluationPeriods\": 1, \"Threshold\": 0, \"ComparisonOperator\": \"GreaterThanThreshold\", \"TreatMissingData\": \"notBreaching\"");
    String b =
        alarm(
            "b",
            ERRORS_METRIC.replace("\"Errors\"", "\"Other\""),
            "\"EvaluationPeriods\": 1, \"Threshold\": 0, \"ComparisonOperator\": \"GreaterThanThreshold\", \"TreatMissingData\": \"notBreaching\"");
    String c =
        "{\"AlarmName\": \"any\", \"AlarmDescription\": \"d\", \"Severity\": \"critical\", \"Pages\": true,"
            + " \"AlarmRule\": \"ALARM(a) OR ALARM(\\\"b\\\")\", \"Runbook\": "
            + RUNBOOK
            + "}";
    AlarmEngine engine = new AlarmEngine(spec(a + "," + b, c), store, T0);
    assertThat(engine.status("any").orElseThrow().state()).isEqualTo(AlarmState.INSUFFICIENT_DATA);

    engine.evaluateAt(T0.plus(Duration.ofMinutes(1)));
    assertThat(engine.status("any").orElseThrow().state()).isEqualTo(AlarmState.OK);

    put(ERRORS, T0.plus(Duration.ofMinutes(1)), 1);
    List<StateChange> changes = engine.evaluateAt(T0.plus(Duration.ofMinutes(2)));
    assertThat(changes).extracting(StateChange::alarmName).containsExactly("a", "any");
    assertThat(changes.get(1).reason())
        .isEqualTo(
            "arn:aws:cloudwatch:us-east-1:000000000000:alarm:a transitioned to ALARM at Sunday 22 November, 2026 10:02:00 UTC");
    assertThat(changes.get(1).reasonData())
        .contains(
            "\"triggeringAlarms\":[{\"arn\":\"arn:aws:cloudwatch:us-east-1:000000000000:alarm:a\"");

    engine.evaluateAt(T0.plus(Duration.ofMinutes(5)));
    assertThat(engine.status("any").orElseThrow().state()).isEqualTo(AlarmState.OK);
    assertThat(engine.status("any").orElseThrow().reason())
        .contains(":alarm:a transitioned to OK at");
  }

  @Test
  void failingListener_doesNotStopTheOthers() {
    AlarmEngine engine =
        new AlarmEngine(
            spec(
                alarm(
                    "errors",
                    ERRORS_METRIC,
                    "\"EvaluationPeriods\": 1, \"Threshold\": 0,"
                        + " \"ComparisonOperator\": \"GreaterThanThreshold\", \"TreatMissingData\": \"breaching\""),
                ""),
            store,
            T0);
    List<StateChange> seen = new ArrayList<>();
    engine.addListener(
        c -> {
          throw new IllegalStateException("boom");
        });
    engine.addListener(seen::add);
    engine.advanceTo(T0.plus(Duration.ofMinutes(1)));
    assertThat(seen).extracting(StateChange::newState).containsExactly(AlarmState.ALARM);
  }
}
