package dev.shardwise.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shardwise.consumer.ConsumerConfig;
import dev.shardwise.consumer.definitions.AlarmSpecification;
import dev.shardwise.consumer.definitions.CompositeAlarmSpec;
import dev.shardwise.consumer.definitions.MetricAlarmSpec;
import dev.shardwise.consumer.definitions.MetricQuery;
import dev.shardwise.consumer.definitions.MetricStat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The alarms are the alarm specification's, one to one; their actions reach the right topic; the
 * dashboard shows them; and every metric an alarm reads is one the deployed resources emit, with
 * the exact dimension set (an alarm on a metric nobody emits never fires).
 */
class AlarmsIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The specification as the stack loads it (variables set to the deployed names). */
  private static AlarmSpecification spec(Synthesized s) {
    return s.stack.alarms().spec();
  }

  @Test
  void variables_areTheDeployedNames() {
    Synthesized s = Synthesized.get();
    ConsumerSpec consumer = Pipeline.consumerSpec(StackSettings.defaults());
    assertThat(spec(s).variables())
        .containsEntry("StreamName", Pipeline.streamSpec(StackSettings.defaults()).name())
        .containsEntry("FunctionName", consumer.functionName())
        .containsEntry("FailureQueueName", consumer.failureQueueName())
        .containsEntry("Namespace", consumer.environment().get(ConsumerConfig.METRICS_NAMESPACE));
  }

  @Test
  void everyMetricAlarm_carriesTheSpecification() {
    Synthesized s = Synthesized.get();
    Map<String, JsonNode> alarms = byName(s, "AWS::CloudWatch::Alarm");
    assertThat(alarms.keySet())
        .containsExactlyInAnyOrderElementsOf(
            spec(s).metricAlarms().stream().map(MetricAlarmSpec::name).toList());

    for (MetricAlarmSpec a : spec(s).metricAlarms()) {
      JsonNode p = alarms.get(a.name());
      assertThat(p.get("Threshold").asDouble()).as(a.name()).isEqualTo(a.threshold());
      assertThat(p.get("ComparisonOperator").asText()).isEqualTo(a.comparison().apiName());
      assertThat(p.get("EvaluationPeriods").asInt()).isEqualTo(a.evaluationPeriods());
      assertThat(p.get("DatapointsToAlarm").asInt()).isEqualTo(a.datapointsToAlarm());
      assertThat(p.get("TreatMissingData").asText()).isEqualTo(a.treatMissingData().apiName());
      assertThat(p.get("AlarmDescription").asText()).startsWith(a.description());
      assertThat(p.get("AlarmDescription").asText().length())
          .isLessThanOrEqualTo(Alarms.MAX_DESCRIPTION);
      if (a.isMetricMath()) {
        assertThat(p.get("Metrics")).as(a.name()).isEqualTo(lines(a.metrics()));
      } else {
        MetricStat m = a.metric();
        assertThat(p.get("Namespace").asText()).isEqualTo(m.namespace());
        assertThat(p.get("MetricName").asText()).isEqualTo(m.metricName());
        assertThat(p.path("Dimensions")).isEqualTo(dimensions(m));
        assertThat(p.get("Period").asInt()).isEqualTo(m.periodSeconds());
        assertThat(p.get(m.stat().isPercentile() ? "ExtendedStatistic" : "Statistic").asText())
            .isEqualTo(m.stat().apiName());
      }
    }
  }

  @Test
  void compositeAlarms_carryTheirRule_andThePagingOnePagesOnCall() {
    Synthesized s = Synthesized.get();
    Map<String, JsonNode> composites = byName(s, "AWS::CloudWatch::CompositeAlarm");
    Object paging = s.stack.resolve(s.stack.alerting().topic().getTopicArn());
    Object notifications = s.stack.resolve(s.stack.alerting().notifications().getTopicArn());
    assertThat(composites).hasSameSizeAs(spec(s).compositeAlarms());

    for (CompositeAlarmSpec c : spec(s).compositeAlarms()) {
      JsonNode p = composites.get(c.name());
      assertThat(p.get("AlarmRule").asText()).isEqualTo(c.ruleText());
      Object expected = c.pages() ? paging : notifications;
      assertThat(p.get("AlarmActions")).isEqualTo(JSON.valueToTree(List.of(expected)));
      assertThat(p.get("OKActions")).isEqualTo(JSON.valueToTree(List.of(expected)));
    }
    assertThat(spec(s).compositeAlarms()).anyMatch(CompositeAlarmSpec::pages);
  }

  @Test
  void metricAlarms_notifyTheNotificationTopic() {
    Synthesized s = Synthesized.get();
    JsonNode notifications =
        JSON.valueToTree(
            List.of(s.stack.resolve(s.stack.alerting().notifications().getTopicArn())));
    byName(s, "AWS::CloudWatch::Alarm")
        .forEach((name, p) -> assertThat(p.get("AlarmActions")).as(name).isEqualTo(notifications));
  }

  @Test
  void everyAlarmMetric_isOneTheDeployedResourcesEmit_withItsExactDimensions() {
    Synthesized s = Synthesized.get();
    JsonNode template = JSON.valueToTree(s.template.toJSON());
    Set<EmittedMetrics.Key> emitted =
        EmittedMetrics.of(template, ConsumerConfig.METRICS_NAMESPACE, anomalyKindsAlarmed(s));

    List<String> gaps = new ArrayList<>();
    EmittedMetrics.watchedByAlarms(template)
        .forEach(
            (alarm, keys) ->
                keys.stream()
                    .filter(k -> !emitted.contains(k))
                    .forEach(k -> gaps.add(alarm + " watches " + k + ", which nothing emits")));

    assertThat(EmittedMetrics.watchedByAlarms(template)).hasSize(spec(s).metricAlarms().size());
    assertThat(gaps).isEmpty();
  }

  @Test
  void coverageCheck_findsAnAlarmWhoseDimensionsNothingEmits() {
    Synthesized s = Synthesized.get();
    JsonNode template = JSON.valueToTree(s.template.toJSON());
    Set<EmittedMetrics.Key> emitted =
        EmittedMetrics.of(template, ConsumerConfig.METRICS_NAMESPACE, anomalyKindsAlarmed(s));
    String namespace = spec(s).variables().get("Namespace");

    // The consumer writes BatchFailures per shard and overall, never per function name.
    assertThat(emitted).contains(new EmittedMetrics.Key(namespace, "BatchFailures", Map.of()));
    assertThat(emitted)
        .doesNotContain(
            new EmittedMetrics.Key(
                namespace, "BatchFailures", Map.of("FunctionName", "shardwise-consumer")),
            new EmittedMetrics.Key("AWS/Lambda", "Errors", Map.of()));
  }

  @Test
  void dashboard_showsEveryAlarm() throws Exception {
    Synthesized s = Synthesized.get();
    String body =
        JSON.writeValueAsString(s.template.findResources("AWS::CloudWatch::Dashboard").values());
    s.stack
        .alarms()
        .metricAlarms()
        .values()
        .forEach(a -> assertThat(body).contains((String) s.stack.resolve(s.stack.getLogicalId(a))));
    s.stack
        .alarms()
        .compositeAlarms()
        .values()
        .forEach(a -> assertThat(body).contains((String) s.stack.resolve(s.stack.getLogicalId(a))));
  }

  /**
   * The anomaly kinds the alarms watch. The detectors name kinds freely and the consumer writes
   * {@code Anomalies.<kind>} for each, so the kind itself cannot be checked here; the namespace and
   * dimension set are.
   */
  private static List<String> anomalyKindsAlarmed(Synthesized s) {
    return spec(s).metricAlarms().stream()
        .flatMap(a -> a.metricStats().stream())
        .map(MetricStat::metricName)
        .filter(n -> n.startsWith("Anomalies."))
        .map(n -> n.substring("Anomalies.".length()))
        .toList();
  }

  private static JsonNode lines(List<MetricQuery> queries) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (MetricQuery q : queries) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("Id", q.id());
      line.put("Label", q.label());
      line.put("ReturnData", q.returnData());
      if (q.isExpression()) {
        line.put("Expression", q.expressionText());
      } else {
        MetricStat m = q.metricStat();
        Map<String, Object> metric = new LinkedHashMap<>();
        metric.put("Namespace", m.namespace());
        metric.put("MetricName", m.metricName());
        if (!m.dimensions().isEmpty()) {
          metric.put("Dimensions", dimensions(m));
        }
        line.put(
            "MetricStat",
            Map.of("Metric", metric, "Period", m.periodSeconds(), "Stat", m.stat().apiName()));
      }
      out.add(line);
    }
    return JSON.valueToTree(out);
  }

  private static JsonNode dimensions(MetricStat m) {
    if (m.dimensions().isEmpty()) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
    List<Map<String, String>> out = new ArrayList<>();
    m.dimensions().forEach((k, v) -> out.add(Map.of("Name", k, "Value", v)));
    return JSON.valueToTree(out);
  }

  private static Map<String, JsonNode> byName(Synthesized s, String type) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (JsonNode r : JSON.valueToTree(s.template.toJSON()).get("Resources")) {
      if (r.get("Type").asText().equals(type)) {
        out.put(r.at("/Properties/AlarmName").asText(), r.get("Properties"));
      }
    }
    return out;
  }
}
