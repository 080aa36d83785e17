package dev.shardwise.consumer.definitions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AlarmSpecificationTest {

  private final AlarmSpecification spec = AlarmSpecification.load();

  @Test
  void shippedSpecification_loadsWithTheSetOnCallNeeds() {
    assertThat(spec.names())
        .contains(
            "shardwise-anomaly-page-spike",
            "shardwise-consumer-iterator-age-high",
            "shardwise-consumer-errors",
            "shardwise-consumer-throttles",
            "shardwise-reject-rate-high",
            "shardwise-freshness-events",
            "shardwise-stream-write-throttled",
            "shardwise-failure-queue-not-empty",
            "shardwise-silence",
            "shardwise-pipeline-unhealthy");
    assertThat(spec.metricAlarm("shardwise-reject-rate-high").orElseThrow().isMetricMath())
        .isTrue();
  }

  @Test
  void everyAnomalyKindOfTheStandardDetectors_hasItsOwnAlarmOnItsMetric() {
    for (String kind :
        List.of(
            "page_spike",
            "page_drop",
            "device_burst",
            "device_outlier",
            "device_level_shift",
            "device_drift",
            "device_silence",
            "shard_series_anomaly")) {
      String name = "shardwise-anomaly-" + kind.replace('_', '-');
      MetricAlarmSpec alarm = spec.metricAlarm(name).orElseThrow(() -> new AssertionError(name));
      assertThat(alarm.metricStats())
          .extracting(MetricStat::metricName)
          .as(name)
          .containsExactly("Anomalies." + kind);
    }
  }

  @Test
  void everyCriticalMetricAlarm_pagesThroughAPagingComposite() {
    Set<String> paged =
        spec.compositeAlarms().stream()
            .filter(CompositeAlarmSpec::pages)
            .flatMap(c -> c.rule().alarmNames().stream())
            .collect(Collectors.toSet());
    List<String> critical =
        spec.metricAlarms().stream()
            .filter(a -> a.severity() == Severity.CRITICAL)
            .map(MetricAlarmSpec::name)
            .toList();
    assertThat(critical).isNotEmpty();
    assertThat(paged).containsAll(critical);
    assertThat(spec.metricAlarms())
        .filteredOn(a -> a.severity() != Severity.CRITICAL)
        .extracting(MetricAlarmSpec::name)
        .doesNotContainAnyElementsOf(paged);
  }

  @Test
  void everyRunbook_justifiesItsThresholdWithTheNumbersItUses() {
    for (MetricAlarmSpec a : spec.metricAlarms()) {
      assertThat(a.runbook().firstChecks()).as(a.name()).hasSize(3);
      assertThat(a.runbook().threshold()).as(a.name()).hasSizeGreaterThan(80);
      assertThat(a.runbook().threshold())
          .as(a.name() + " says how missing data is treated")
          .containsAnyOf("issing", "fills missing");
    }
  }

  @Test
  void variables_areSubstitutedAndOverridable() {
    MetricAlarmSpec age = spec.metricAlarm("shardwise-consumer-iterator-age-high").orElseThrow();
    assertThat(age.metric().dimensions()).containsEntry("FunctionName", "shardwise-consumer");

    AlarmSpecification prod = AlarmSpecification.load(Map.of("FunctionName", "prod-consumer-x1"));
    assertThat(prod.metricAlarm(age.name()).orElseThrow().metric().dimensions())
        .containsEntry("FunctionName", "prod-consumer-x1");
    assertThatThrownBy(() -> AlarmSpecification.load(Map.of("Functionname", "x")))
        .isInstanceOf(InvalidAlarmSpecException.class)
        .hasMessageContaining("Variables.Functionname")
        .hasMessageContaining("no such variable");
  }

  @Test
  void unknownKey_isRejectedWithItsPath() {
    String json = minimal().replace("\"Dimensions\"", "\"Dimension\"");
    assertThatThrownBy(() -> AlarmSpecification.parse(json, Map.of()))
        .isInstanceOf(InvalidAlarmSpecException.class)
        .hasMessageStartingWith("MetricAlarms[0].Dimension: unknown key");
  }

  @Test
  void badWindow_namesTheKey() {
    assertThatThrownBy(
            () ->
                AlarmSpecification.parse(
                    minimal().replace("\"Period\": 60", "\"Period\": 45"), Map.of()))
        .hasMessageStartingWith("MetricAlarms[0].Period: must be a multiple of 60");
    assertThatThrownBy(
            () ->
                AlarmSpecification.parse(
                    minimal().replace("\"DatapointsToAlarm\": 1", "\"DatapointsToAlarm\": 4"),
                    Map.of()))
        .hasMessageStartingWith(
            "MetricAlarms[0].DatapointsToAlarm: must be between 1 and EvaluationPeriods");
    assertThatThrownBy(
            () ->
                AlarmSpecification.parse(
                    minimal().replace("\"Statistic\": \"Sum\"", "\"Statistic\": \"p99\""),
                    Map.of()))
        .hasMessageStartingWith("MetricAlarms[0].Statistic: percentiles go in ExtendedStatistic");
  }

  @Test
  void composite_mustReferToKnownAlarms() {
    String json = minimal().replace("ALARM(\\\"a\\\")", "ALARM(\\\"b\\\") OR ALARM(a)");
    assertThatThrownBy(() -> AlarmSpecification.parse(json, Map.of()))
        .hasMessageStartingWith("CompositeAlarms[0].AlarmRule: refers to unknown alarm b");
  }

  @Test
  void metricMath_checksIdsAndReturnData() {
    String math =
        minimal()
            .replace(
                "\"Namespace\": \"N\", \"MetricName\": \"M\", \"Dimensions\": [], \"Statistic\": \"Sum\", \"Period\": 60,",
                "\"Metrics\": [{\"Id\": \"m1\", \"MetricStat\": {\"Metric\": {\"Namespace\": \"N\", \"MetricName\": \"M\"},"
                    + " \"Period\": 60, \"Stat\": \"Sum\"}, \"ReturnData\": false},"
                    + " {\"Id\": \"e1\", \"Expression\": \"100 * m1 / m2\"}],");
    assertThatThrownBy(() -> AlarmSpecification.parse(math, Map.of()))
        .hasMessageStartingWith("MetricAlarms[0].Metrics[1].Expression: refers to unknown id m2");
    assertThatThrownBy(
            () -> AlarmSpecification.parse(math.replace("m1 / m2", "SQRT(m1)"), Map.of()))
        .hasMessageContaining("unsupported function SQRT");
    assertThat(
            AlarmSpecification.parse(math.replace("m1 / m2", "m1"), Map.of())
                .metricAlarms()
                .get(0)
                .isMetricMath())
        .isTrue();
  }

  static String minimal() {
    return """
        {
          "MetricAlarms": [
            {
              "AlarmName": "a", "AlarmDescription": "d", "Severity": "critical",
              "Namespace": "N", "MetricName": "M", "Dimensions": [], "Statistic": "Sum", "Period": 60,
              "EvaluationPeriods": 3, "DatapointsToAlarm": 1, "Threshold": 1,
              "ComparisonOperator": "GreaterThanThreshold",
              "Runbook": {"Meaning": "m", "Threshold": "t", "FirstChecks": ["1", "2", "3"], "NamedQuery": "q"}
            }
          ],
          "CompositeAlarms": [
            {
              "AlarmName": "c", "AlarmDescription": "d", "Severity": "critical", "Pages": true,
              "AlarmRule": "ALARM(\\"a\\")",
              "Runbook": {"Meaning": "m", "Threshold": "t", "FirstChecks": ["1", "2", "3"], "NamedQuery": "q"}
            }
          ]
        }
        """;
  }
}
