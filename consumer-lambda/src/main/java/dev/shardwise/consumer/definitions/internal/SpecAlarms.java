package dev.shardwise.consumer.definitions.internal;

import dev.shardwise.consumer.definitions.MathExpression;
import dev.shardwise.consumer.definitions.MetricAlarmSpec;
import dev.shardwise.consumer.definitions.MetricQuery;
import dev.shardwise.consumer.definitions.MetricStat;
import dev.shardwise.consumer.definitions.Statistic;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Reads one metric alarm: a single metric or metric math. */
final class SpecAlarms {
  private static final Pattern QUERY_ID = Pattern.compile("[a-z][A-Za-z0-9_]{0,254}");
  private static final int MAX_METRICS = 10;
  private static final Set<String> KEYS =
      Set.of(
          "AlarmName",
          "AlarmDescription",
          "Severity",
          "Namespace",
          "MetricName",
          "Dimensions",
          "Statistic",
          "ExtendedStatistic",
          "Period",
          "Metrics",
          "EvaluationPeriods",
          "DatapointsToAlarm",
          "Threshold",
          "ComparisonOperator",
          "TreatMissingData",
          "Runbook");

  private SpecAlarms() {}

  static MetricAlarmSpec metricAlarm(Node n) {
    n.onlyKeys(KEYS);
    String name = AlarmSpecReader.alarmName(n);
    MetricStat metric = null;
    List<MetricQuery> metrics = List.of();
    int period;
    if (n.has("Metrics")) {
      for (String single :
          List.of(
              "Namespace",
              "MetricName",
              "Dimensions",
              "Statistic",
              "ExtendedStatistic",
              "Period")) {
        if (n.has(single)) {
          throw n.field(single).error("a metric-math alarm (Metrics) takes no " + single);
        }
      }
      metrics = math(n.field("Metrics"));
      period =
          metrics.stream()
              .filter(q -> q.metricStat() != null)
              .findFirst()
              .orElseThrow()
              .metricStat()
              .periodSeconds();
    } else {
      metric = stat(n, statistic(n), AlarmSpecReader.period(n.field("Period")));
      period = metric.periodSeconds();
    }
    int evaluationPeriods = n.field("EvaluationPeriods").integer();
    int datapointsToAlarm =
        n.has("DatapointsToAlarm") ? n.field("DatapointsToAlarm").integer() : evaluationPeriods;
    AlarmSpecReader.checkWindow(n, period, evaluationPeriods, datapointsToAlarm);
    return new MetricAlarmSpec(
        name,
        n.field("AlarmDescription").nonBlank(),
        AlarmSpecReader.severity(n.field("Severity")),
        metric,
        metrics,
        evaluationPeriods,
        datapointsToAlarm,
        n.field("Threshold").number(),
        AlarmSpecReader.comparison(n.field("ComparisonOperator")),
        AlarmSpecReader.treatMissing(n.field("TreatMissingData")),
        AlarmSpecReader.runbook(n.field("Runbook")));
  }

  /** {@code Statistic} or {@code ExtendedStatistic} (a percentile), exactly one. */
  private static Statistic statistic(Node n) {
    boolean simple = n.has("Statistic");
    boolean extended = n.has("ExtendedStatistic");
    if (simple == extended) {
      throw n.error("give exactly one of Statistic and ExtendedStatistic");
    }
    Node f = n.field(simple ? "Statistic" : "ExtendedStatistic");
    Statistic s;
    try {
      s = Statistic.parse(f.text());
    } catch (IllegalArgumentException e) {
      throw f.error(e.getMessage());
    }
    if (s.isPercentile() == simple) {
      throw f.error(simple ? "percentiles go in ExtendedStatistic" : "must be a percentile pNN.NN");
    }
    return s;
  }

  /** Namespace, MetricName and Dimensions of {@code n}, with {@code stat} and {@code period}. */
  private static MetricStat stat(Node n, Statistic stat, int period) {
    Map<String, String> dims = new TreeMap<>();
    for (Node d : n.field("Dimensions").arrayOrEmpty()) {
      d.onlyKeys(Set.of("Name", "Value"));
      String key = d.field("Name").nonBlank();
      if (dims.put(key, d.field("Value").nonBlank()) != null) {
        throw d.field("Name").error("duplicate dimension " + key);
      }
    }
    if (dims.size() > 30) {
      throw n.field("Dimensions").error("at most 30 dimensions");
    }
    return new MetricStat(
        n.field("Namespace").nonBlank(), n.field("MetricName").nonBlank(), dims, period, stat);
  }

  private static List<MetricQuery> math(Node list) {
    List<Node> nodes = list.array();
    List<MetricQuery> out = new ArrayList<>();
    Map<String, Node> ids = new LinkedHashMap<>();
    int returning = 0;
    Integer period = null;
    for (int i = 0; i < nodes.size(); i++) {
      MetricQuery q = query(nodes.get(i), i);
      if (ids.put(q.id(), nodes.get(i)) != null) {
        throw nodes.get(i).field("Id").error("duplicate id " + q.id());
      }
      if (q.returnData()) {
        returning++;
      }
      if (q.metricStat() != null) {
        if (period != null && period != q.metricStat().periodSeconds()) {
          throw nodes
              .get(i)
              .field("MetricStat")
              .field("Period")
              .error("every metric of a math alarm must use the same period");
        }
        period = q.metricStat().periodSeconds();
      }
      out.add(q);
    }
    if (returning != 1) {
      throw list.error("exactly one line must have ReturnData true, found " + returning);
    }
    if (period == null) {
      throw list.error("needs at least one metric");
    }
    if (out.stream().filter(q -> q.metricStat() != null).count() > MAX_METRICS) {
      throw list.error("at most " + MAX_METRICS + " metrics");
    }
    checkReferences(out, ids);
    return out;
  }

  static MetricQuery query(Node n, int index) {
    n.onlyKeys(Set.of("Id", "MetricStat", "Expression", "Label", "ReturnData"));
    Node idNode = n.field("Id");
    String id = idNode.nonBlank();
    if (!QUERY_ID.matcher(id).matches()) {
      throw idNode.error("must start with a lower-case letter and hold letters, digits, _");
    }
    boolean isMetric = n.has("MetricStat");
    if (isMetric == n.has("Expression")) {
      throw n.error("give exactly one of MetricStat and Expression");
    }
    MetricStat stat = null;
    MathExpression expr = null;
    String exprText = null;
    if (isMetric) {
      Node ms = n.field("MetricStat");
      ms.onlyKeys(Set.of("Metric", "Period", "Stat"));
      Node m = ms.field("Metric");
      m.onlyKeys(Set.of("Namespace", "MetricName", "Dimensions"));
      Node statNode = ms.field("Stat");
      Statistic s;
      try {
        s = Statistic.parse(statNode.text());
      } catch (IllegalArgumentException e) {
        throw statNode.error(e.getMessage());
      }
      stat = stat(m, s, AlarmSpecReader.period(ms.field("Period")));
    } else {
      Node e = n.field("Expression");
      try {
        exprText = e.nonBlank();
        expr = MathExpression.parse(exprText);
      } catch (IllegalArgumentException ex) {
        throw e.error(ex.getMessage());
      }
    }
    return new MetricQuery(
        id, stat, expr, exprText, n.field("Label").textOr(id), n.field("ReturnData").bool(true));
  }

  /** Every id an expression reads exists, and expressions do not refer to themselves in a cycle. */
  private static void checkReferences(List<MetricQuery> queries, Map<String, Node> nodes) {
    Map<String, Set<String>> edges = new HashMap<>();
    for (MetricQuery q : queries) {
      if (q.expression() == null) {
        continue;
      }
      Set<String> refs = q.expression().references();
      if (refs.isEmpty()) {
        throw nodes.get(q.id()).field("Expression").error("must read at least one metric");
      }
      for (String r : refs) {
        if (!nodes.containsKey(r)) {
          throw nodes.get(q.id()).field("Expression").error("refers to unknown id " + r);
        }
      }
      edges.put(q.id(), refs);
    }
    for (String start : edges.keySet()) {
      if (reaches(start, start, edges, new HashSet<>())) {
        throw nodes
            .get(start)
            .field("Expression")
            .error("expressions refer to each other in a cycle");
      }
    }
  }

  private static boolean reaches(
      String from, String target, Map<String, Set<String>> edges, Set<String> seen) {
    for (String next : edges.getOrDefault(from, Set.of())) {
      if (next.equals(target)) {
        return true;
      }
      if (seen.add(next) && reaches(next, target, edges, seen)) {
        return true;
      }
    }
    return false;
  }
}
