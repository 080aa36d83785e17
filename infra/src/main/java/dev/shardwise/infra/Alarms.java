package dev.shardwise.infra;

import dev.shardwise.consumer.definitions.AlarmSpecification;
import dev.shardwise.consumer.definitions.CompositeAlarmSpec;
import dev.shardwise.consumer.definitions.MetricAlarmSpec;
import dev.shardwise.consumer.definitions.MetricQuery;
import dev.shardwise.consumer.definitions.MetricStat;
import dev.shardwise.consumer.definitions.Runbook;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.cloudwatch.CfnAlarm;
import software.amazon.awscdk.services.cloudwatch.CfnCompositeAlarm;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * The CloudWatch alarms of the alarm specification ({@code alarms.json}), one to one: each metric
 * alarm a {@code CfnAlarm} with the specification's metric (or metric-math lines), statistic,
 * period, threshold, comparison, evaluation periods, datapoints to alarm and missing-data
 * treatment; each composite a {@code CfnCompositeAlarm} with its rule. A composite that pages sends
 * ALARM and OK to the paging topic; every other alarm notifies the notification topic. The alarm
 * description carries the runbook (meaning, first checks, named query), cut to CloudWatch's 1,024
 * characters; {@code shardwise alarms --runbook NAME} prints it whole.
 */
public final class Alarms extends Construct {
  /** CloudWatch's limit on {@code AlarmDescription}. */
  static final int MAX_DESCRIPTION = 1024;

  private final AlarmSpecification spec;
  private final Map<String, CfnAlarm> metricAlarms = new LinkedHashMap<>();
  private final Map<String, CfnCompositeAlarm> compositeAlarms = new LinkedHashMap<>();

  public Alarms(
      Construct scope,
      String id,
      AlarmSpecification spec,
      ITopic pagingTopic,
      ITopic notificationTopic) {
    super(scope, id);
    this.spec = spec;
    List<String> notify = List.of(notificationTopic.getTopicArn());
    for (MetricAlarmSpec a : spec.metricAlarms()) {
      metricAlarms.put(a.name(), metricAlarm(a, notify));
    }
    for (CompositeAlarmSpec c : spec.compositeAlarms()) {
      List<String> actions = c.pages() ? List.of(pagingTopic.getTopicArn()) : notify;
      CfnCompositeAlarm composite =
          CfnCompositeAlarm.Builder.create(this, Names.pascal(c.name()))
              .alarmName(c.name())
              .alarmDescription(description(c.name(), c.description(), c.runbook()))
              .alarmRule(c.ruleText())
              .actionsEnabled(true)
              .alarmActions(actions)
              .okActions(actions)
              .build();
      // The rule names its children: they must exist first.
      for (String child : c.rule().alarmNames()) {
        CfnAlarm m = metricAlarms.get(child);
        if (m != null) {
          composite.addDependency(m);
        } else if (compositeAlarms.containsKey(child)) {
          composite.addDependency(compositeAlarms.get(child));
        } else {
          throw new IllegalArgumentException(
              c.name() + ": a composite must follow the composite " + child + " its rule names");
        }
      }
      compositeAlarms.put(c.name(), composite);
    }
  }

  private CfnAlarm metricAlarm(MetricAlarmSpec a, List<String> actions) {
    CfnAlarm.Builder b =
        CfnAlarm.Builder.create(this, Names.pascal(a.name()))
            .alarmName(a.name())
            .alarmDescription(description(a.name(), a.description(), a.runbook()))
            .evaluationPeriods(a.evaluationPeriods())
            .datapointsToAlarm(a.datapointsToAlarm())
            .threshold(a.threshold())
            .comparisonOperator(a.comparison().apiName())
            .treatMissingData(a.treatMissingData().apiName())
            .actionsEnabled(true)
            .alarmActions(actions)
            .okActions(actions);
    if (a.isMetricMath()) {
      List<Object> lines = new ArrayList<>();
      for (MetricQuery q : a.metrics()) {
        CfnAlarm.MetricDataQueryProperty.Builder line =
            CfnAlarm.MetricDataQueryProperty.builder()
                .id(q.id())
                .label(q.label())
                .returnData(q.returnData());
        if (q.isExpression()) {
          line.expression(q.expressionText());
        } else {
          MetricStat s = q.metricStat();
          line.metricStat(
              CfnAlarm.MetricStatProperty.builder()
                  .metric(
                      CfnAlarm.MetricProperty.builder()
                          .namespace(s.namespace())
                          .metricName(s.metricName())
                          .dimensions(dimensions(s))
                          .build())
                  .period(s.periodSeconds())
                  .stat(s.stat().apiName())
                  .build());
        }
        lines.add(line.build());
      }
      b.metrics(lines);
    } else {
      MetricStat s = a.metric();
      b.namespace(s.namespace())
          .metricName(s.metricName())
          .dimensions(dimensions(s))
          .period(s.periodSeconds());
      if (s.stat().isPercentile()) {
        b.extendedStatistic(s.stat().apiName());
      } else {
        b.statistic(s.stat().apiName());
      }
    }
    return b.build();
  }

  /** The metric's dimensions, or {@code null} (no property) when it has none. */
  private static List<Object> dimensions(MetricStat s) {
    if (s.dimensions().isEmpty()) {
      return null;
    }
    List<Object> out = new ArrayList<>();
    s.dimensions()
        .forEach(
            (name, value) ->
                out.add(CfnAlarm.DimensionProperty.builder().name(name).value(value).build()));
    return out;
  }

  /**
   * The notification text: the one-line description, then the runbook's meaning, first checks and
   * named query; cut to {@value #MAX_DESCRIPTION} characters with a pointer to the whole runbook.
   */
  static String description(String name, String oneLine, Runbook runbook) {
    StringBuilder sb = new StringBuilder(oneLine).append(' ').append(runbook.meaning());
    sb.append(" First checks:");
    for (int i = 0; i < runbook.firstChecks().size(); i++) {
      sb.append(' ').append(i + 1).append(") ").append(runbook.firstChecks().get(i));
    }
    sb.append(" Query: shardwise query ").append(runbook.namedQuery()).append('.');
    String more = " [cut; shardwise alarms --runbook " + name + "]";
    if (sb.length() <= MAX_DESCRIPTION) {
      return sb.toString();
    }
    return sb.substring(0, MAX_DESCRIPTION - more.length()) + more;
  }

  public AlarmSpecification spec() {
    return spec;
  }

  /** The metric alarms by name, in the specification's order. */
  public Map<String, CfnAlarm> metricAlarms() {
    return java.util.Collections.unmodifiableMap(metricAlarms);
  }

  /** The composite alarms by name, in the specification's order. */
  public Map<String, CfnCompositeAlarm> compositeAlarms() {
    return java.util.Collections.unmodifiableMap(compositeAlarms);
  }
}
