package dev.shardwise.consumer.definitions;

import java.util.List;
import java.util.Objects;

/**
 * One metric alarm, in the terms of CloudWatch's {@code PutMetricAlarm}: either one metric ({@link
 * #metric}) or metric math ({@link #metrics}, one line of which returns the value).
 *
 * @param name the alarm name, unique in the specification
 * @param description one line for notifications ({@code AlarmDescription})
 * @param severity how urgent
 * @param metric the single metric, or {@code null} for a metric-math alarm
 * @param metrics the metric-math lines, empty for a single-metric alarm
 * @param evaluationPeriods N: how many recent periods are evaluated
 * @param datapointsToAlarm M: how many of them must breach for ALARM
 * @param threshold the value compared with each datapoint
 * @param comparison how a datapoint is compared with the threshold
 * @param treatMissingData what a period without a datapoint counts as
 * @param runbook what on-call does
 */
public record MetricAlarmSpec(
    String name,
    String description,
    Severity severity,
    MetricStat metric,
    List<MetricQuery> metrics,
    int evaluationPeriods,
    int datapointsToAlarm,
    double threshold,
    ComparisonOperator comparison,
    TreatMissingData treatMissingData,
    Runbook runbook) {

  public MetricAlarmSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(severity, "severity");
    metrics = List.copyOf(metrics);
    if ((metric == null) == metrics.isEmpty()) {
      throw new IllegalArgumentException(name + ": exactly one of metric and metrics");
    }
    Objects.requireNonNull(comparison, "comparison");
    Objects.requireNonNull(treatMissingData, "treatMissingData");
    Objects.requireNonNull(runbook, "runbook");
  }

  public boolean isMetricMath() {
    return metric == null;
  }

  /** The period of the alarm's datapoints, in seconds (every metric-math line has the same). */
  public int periodSeconds() {
    if (metric != null) {
      return metric.periodSeconds();
    }
    return metrics.stream()
        .filter(q -> q.metricStat() != null)
        .findFirst()
        .orElseThrow()
        .metricStat()
        .periodSeconds();
  }

  /** Every metric the alarm reads: the one metric, or each metric-math line's metric. */
  public List<MetricStat> metricStats() {
    if (metric != null) {
      return List.of(metric);
    }
    return metrics.stream()
        .filter(q -> q.metricStat() != null)
        .map(MetricQuery::metricStat)
        .toList();
  }

  /** The metric-math line whose value the alarm compares ({@code ReturnData: true}). */
  public MetricQuery returnedQuery() {
    return metrics.stream().filter(MetricQuery::returnData).findFirst().orElseThrow();
  }
}
