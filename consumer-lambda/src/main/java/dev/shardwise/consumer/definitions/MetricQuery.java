package dev.shardwise.consumer.definitions;

import java.util.Objects;

/**
 * One line of a metric-math alarm ({@code MetricDataQuery} in the API): either a metric with its
 * statistic or an expression over the other lines' ids. Exactly one line returns data: the one the
 * alarm compares with its threshold.
 *
 * @param id lower-case first letter, letters, digits and underscores; referenced by expressions
 * @param metricStat the metric, or {@code null} for an expression
 * @param expression the math expression, or {@code null} for a metric
 * @param expressionText the expression as written, or {@code null} for a metric
 * @param label what a dashboard calls it
 * @param returnData whether this line is the alarm's value
 */
public record MetricQuery(
    String id,
    MetricStat metricStat,
    MathExpression expression,
    String expressionText,
    String label,
    boolean returnData) {

  public MetricQuery {
    Objects.requireNonNull(id, "id");
    if ((metricStat == null) == (expression == null)) {
      throw new IllegalArgumentException(id + ": exactly one of metricStat and expression");
    }
    label = label == null ? id : label;
  }

  public boolean isExpression() {
    return expression != null;
  }
}
