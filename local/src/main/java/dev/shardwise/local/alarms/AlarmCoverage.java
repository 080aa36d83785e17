package dev.shardwise.local.alarms;

import dev.shardwise.consumer.definitions.AlarmSpecification;
import dev.shardwise.consumer.definitions.MetricAlarmSpec;
import dev.shardwise.consumer.definitions.MetricStat;
import dev.shardwise.local.metrics.MetricKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Finds alarms that watch a metric nobody emits: the classic bug where an alarm names the metric
 * but not its exact dimension set (an alarm on {@code Errors} without {@code FunctionName}, or with
 * {@code ShardId} when only the dimensionless set is written) and so never leaves INSUFFICIENT_DATA
 * or OK. CloudWatch treats each dimension set as a separate metric, so the check is exact:
 * namespace, name and every dimension name and value.
 */
public final class AlarmCoverage {
  private AlarmCoverage() {}

  /**
   * One alarm metric with no emitted match.
   *
   * @param alarm the alarm
   * @param watched what it watches
   * @param sameName emitted metrics with the same namespace and name (other dimensions), the usual
   *     cause
   */
  public record Gap(String alarm, MetricKey watched, List<MetricKey> sameName) {
    @Override
    public String toString() {
      return alarm
          + " watches "
          + watched
          + (sameName.isEmpty()
              ? ", which nothing emits"
              : ", but only these are emitted: " + sameName);
    }
  }

  /**
   * The metrics of {@code spec}'s alarms (restricted to {@code inScope}) that are not in {@code
   * emitted}.
   */
  public static List<Gap> gaps(
      AlarmSpecification spec, Collection<MetricKey> emitted, Predicate<MetricStat> inScope) {
    Set<MetricKey> have = Set.copyOf(emitted);
    List<Gap> out = new ArrayList<>();
    for (MetricAlarmSpec a : spec.metricAlarms()) {
      for (MetricStat s : a.metricStats()) {
        if (!inScope.test(s)) {
          continue;
        }
        MetricKey k = MetricKey.of(s.namespace(), s.metricName(), s.dimensions());
        if (!have.contains(k)) {
          List<MetricKey> near =
              have.stream()
                  .filter(e -> e.namespace().equals(k.namespace()) && e.name().equals(k.name()))
                  .sorted((x, y) -> x.toString().compareTo(y.toString()))
                  .toList();
          out.add(new Gap(a.name(), k, near));
        }
      }
    }
    return out;
  }
}
