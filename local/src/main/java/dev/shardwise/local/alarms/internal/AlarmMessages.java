package dev.shardwise.local.alarms.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.consumer.definitions.AlarmSpecification;
import dev.shardwise.consumer.definitions.CompositeAlarmSpec;
import dev.shardwise.consumer.definitions.MetricAlarmSpec;
import dev.shardwise.consumer.definitions.MetricQuery;
import dev.shardwise.consumer.definitions.MetricStat;
import dev.shardwise.local.alarms.StateChange;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The CloudWatch alarm message SNS carries, and its subject line. */
public final class AlarmMessages {
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  static final String REGION = "US East (N. Virginia)";

  private AlarmMessages() {}

  /** {@code ALARM: "shardwise-silence" in US East (N. Virginia)}, cut to SNS's 100 characters. */
  public static String subject(StateChange c) {
    String s = c.newState() + ": \"" + c.alarmName() + "\" in " + REGION;
    return s.length() <= 100 ? s : s.substring(0, 99) + "…";
  }

  /** The JSON CloudWatch publishes for a state change of a metric or composite alarm. */
  public static ObjectNode message(StateChange c, AlarmSpecification spec) {
    ObjectNode m = JSON.createObjectNode();
    m.put("AlarmName", c.alarmName());
    Optional<MetricAlarmSpec> metric = spec.metricAlarm(c.alarmName());
    Optional<CompositeAlarmSpec> composite = spec.compositeAlarm(c.alarmName());
    m.put(
        "AlarmDescription",
        metric
            .map(MetricAlarmSpec::description)
            .or(() -> composite.map(CompositeAlarmSpec::description))
            .orElse(null));
    m.put("AWSAccountId", "000000000000");
    m.put("NewStateValue", c.newState().name());
    m.put("NewStateReason", c.reason());
    m.put("StateChangeTime", RangeReader.REASON_DATA_TIME.format(c.timestamp()));
    m.put("Region", REGION);
    m.put("AlarmArn", CompositeReasons.ARN_PREFIX + c.alarmName());
    m.put("OldStateValue", c.oldState().name());
    m.putArray("OKActions");
    m.putArray("AlarmActions").add("arn:aws:sns:us-east-1:000000000000:shardwise-alarms");
    m.putArray("InsufficientDataActions");
    metric.ifPresent(a -> m.set("Trigger", trigger(a)));
    composite.ifPresent(a -> m.put("AlarmRule", a.ruleText()));
    return m;
  }

  private static ObjectNode trigger(MetricAlarmSpec a) {
    ObjectNode t = JSON.createObjectNode();
    if (a.isMetricMath()) {
      ArrayNode metrics = t.putArray("Metrics");
      for (MetricQuery q : a.metrics()) {
        ObjectNode line = metrics.addObject();
        line.put("Id", q.id());
        if (q.metricStat() != null) {
          ObjectNode ms = line.putObject("MetricStat");
          ObjectNode metric = ms.putObject("Metric");
          dimensions(metric, q.metricStat());
          metric.put("MetricName", q.metricStat().metricName());
          metric.put("Namespace", q.metricStat().namespace());
          ms.put("Period", q.metricStat().periodSeconds());
          ms.put("Stat", q.metricStat().stat().apiName());
        } else {
          line.put("Expression", q.expressionText());
          line.put("Label", q.label());
        }
        line.put("ReturnData", q.returnData());
      }
      t.put("Period", a.periodSeconds());
    } else {
      MetricStat s = a.metric();
      t.put("MetricName", s.metricName());
      t.put("Namespace", s.namespace());
      t.put("StatisticType", s.stat().isPercentile() ? "ExtendedStatistic" : "Statistic");
      t.put(
          s.stat().isPercentile() ? "ExtendedStatistic" : "Statistic",
          s.stat().isPercentile()
              ? s.stat().apiName()
              : s.stat().apiName().toUpperCase(Locale.ROOT));
      t.putNull("Unit");
      dimensions(t, s);
      t.put("Period", s.periodSeconds());
    }
    t.put("EvaluationPeriods", a.evaluationPeriods());
    t.put("DatapointsToAlarm", a.datapointsToAlarm());
    t.put("ComparisonOperator", a.comparison().apiName());
    t.put("Threshold", a.threshold());
    t.put("TreatMissingData", a.treatMissingData().apiName());
    t.put("EvaluateLowSampleCountPercentile", "");
    return t;
  }

  private static void dimensions(ObjectNode into, MetricStat s) {
    ArrayNode dims = into.putArray("Dimensions");
    for (Map.Entry<String, String> d : s.dimensions().entrySet()) {
      dims.addObject().put("value", d.getValue()).put("name", d.getKey());
    }
  }
}
