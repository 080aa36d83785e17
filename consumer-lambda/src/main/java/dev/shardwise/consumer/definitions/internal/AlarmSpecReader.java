package dev.shardwise.consumer.definitions.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shardwise.consumer.definitions.AlarmRule;
import dev.shardwise.consumer.definitions.AlarmSpecification;
import dev.shardwise.consumer.definitions.ComparisonOperator;
import dev.shardwise.consumer.definitions.CompositeAlarmSpec;
import dev.shardwise.consumer.definitions.InvalidAlarmSpecException;
import dev.shardwise.consumer.definitions.MetricAlarmSpec;
import dev.shardwise.consumer.definitions.Runbook;
import dev.shardwise.consumer.definitions.Severity;
import dev.shardwise.consumer.definitions.TreatMissingData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and validates {@code alarms.json}; every error names its key. */
public final class AlarmSpecReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ALARM_NAME = Pattern.compile("[\\x21-\\x7e][\\x20-\\x7e]{0,254}");
  private static final Pattern NAMED_QUERY = Pattern.compile("[a-z][a-z0-9_]{0,127}");
  private static final int MAX_EVALUATION_SECONDS = 86_400;

  private AlarmSpecReader() {}

  public static AlarmSpecification read(String text, Map<String, String> overrides) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidAlarmSpecException("(file)", "not JSON: " + e.getOriginalMessage());
    }
    Node top = new Node(root, "", Map.of());
    top.onlyKeys(Set.of("Variables", "MetricAlarms", "CompositeAlarms"));
    Map<String, String> variables = variables(top.field("Variables"), overrides);
    top = new Node(root, "", variables);

    List<MetricAlarmSpec> metricAlarms = new ArrayList<>();
    for (Node n : top.field("MetricAlarms").array()) {
      metricAlarms.add(SpecAlarms.metricAlarm(n));
    }
    List<Node> compositeNodes = top.field("CompositeAlarms").arrayOrEmpty();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < metricAlarms.size(); i++) {
      unique(names, metricAlarms.get(i).name(), top.field("MetricAlarms").array().get(i));
    }
    for (Node n : compositeNodes) {
      unique(names, n.field("AlarmName").text(), n);
    }
    List<CompositeAlarmSpec> composites = new ArrayList<>();
    for (Node n : compositeNodes) {
      composites.add(composite(n, names));
    }
    return new AlarmSpecification(variables, metricAlarms, composites);
  }

  private static void unique(Set<String> names, String name, Node n) {
    if (!names.add(name)) {
      throw n.field("AlarmName").error("duplicate alarm name " + name);
    }
  }

  private static Map<String, String> variables(Node n, Map<String, String> overrides) {
    Map<String, String> out = new LinkedHashMap<>();
    if (n.json() != null) {
      n.object();
      n.json().fieldNames().forEachRemaining(k -> out.put(k, n.field(k).nonBlank()));
    }
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      if (!out.containsKey(e.getKey())) {
        throw new InvalidAlarmSpecException(
            "Variables." + e.getKey(),
            "no such variable to override (defined: " + out.keySet() + ")");
      }
      if (e.getValue() == null || e.getValue().isBlank()) {
        throw new InvalidAlarmSpecException(
            "Variables." + e.getKey(), "override must not be blank");
      }
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  private static CompositeAlarmSpec composite(Node n, Set<String> names) {
    n.onlyKeys(
        Set.of("AlarmName", "AlarmDescription", "Severity", "Pages", "AlarmRule", "Runbook"));
    String name = alarmName(n);
    Node ruleNode = n.field("AlarmRule");
    AlarmRule rule;
    String ruleText = ruleNode.nonBlank();
    try {
      rule = AlarmRule.parse(ruleText);
    } catch (IllegalArgumentException e) {
      throw ruleNode.error(e.getMessage());
    }
    for (String ref : rule.alarmNames()) {
      if (ref.equals(name)) {
        throw ruleNode.error("the rule refers to its own alarm");
      }
      if (!names.contains(ref)) {
        throw ruleNode.error("refers to unknown alarm " + ref);
      }
    }
    return new CompositeAlarmSpec(
        name,
        n.field("AlarmDescription").nonBlank(),
        severity(n.field("Severity")),
        n.field("Pages").bool(false),
        rule,
        ruleText,
        runbook(n.field("Runbook")));
  }

  static String alarmName(Node n) {
    Node f = n.field("AlarmName");
    String name = f.nonBlank();
    if (!ALARM_NAME.matcher(name).matches()) {
      throw f.error("must be 1-255 printable ASCII characters, not starting with a space");
    }
    return name;
  }

  static Severity severity(Node n) {
    Severity s = Severity.fromCode(n.text());
    if (s == null) {
      throw n.error("must be critical, warning or info");
    }
    return s;
  }

  static ComparisonOperator comparison(Node n) {
    ComparisonOperator op = ComparisonOperator.fromApiName(n.text());
    if (op == null) {
      throw n.error(
          "must be GreaterThanOrEqualToThreshold, GreaterThanThreshold, LessThanThreshold or"
              + " LessThanOrEqualToThreshold");
    }
    return op;
  }

  static TreatMissingData treatMissing(Node n) {
    TreatMissingData t = TreatMissingData.fromApiName(n.textOr("missing"));
    if (t == null) {
      throw n.error("must be missing, ignore, breaching or notBreaching");
    }
    return t;
  }

  static int period(Node n) {
    int p = n.integer();
    if (p < 60 || p % 60 != 0 || p > MAX_EVALUATION_SECONDS) {
      throw n.error(
          "must be a multiple of 60 seconds up to 86400 (sub-minute periods need"
              + " high-resolution metrics, which the local store keeps per minute), was "
              + p);
    }
    return p;
  }

  static void checkWindow(Node n, int period, int evaluationPeriods, int datapointsToAlarm) {
    if (evaluationPeriods < 1) {
      throw n.field("EvaluationPeriods").error("must be at least 1");
    }
    if ((long) evaluationPeriods * period > MAX_EVALUATION_SECONDS) {
      throw n.field("EvaluationPeriods")
          .error("EvaluationPeriods x Period must not exceed one day");
    }
    if (datapointsToAlarm < 1 || datapointsToAlarm > evaluationPeriods) {
      throw n.field("DatapointsToAlarm").error("must be between 1 and EvaluationPeriods");
    }
  }

  static Runbook runbook(Node n) {
    n.onlyKeys(Set.of("Meaning", "Threshold", "FirstChecks", "NamedQuery"));
    List<Node> checks = n.field("FirstChecks").array();
    if (checks.size() != 3) {
      throw n.field("FirstChecks").error("must list exactly three checks, in order");
    }
    Node q = n.field("NamedQuery");
    String query = q.nonBlank();
    if (!NAMED_QUERY.matcher(query).matches()) {
      throw q.error("must name a query of the athena-queries catalogue ([a-z][a-z0-9_]*)");
    }
    return new Runbook(
        n.field("Meaning").nonBlank(),
        n.field("Threshold").nonBlank(),
        checks.stream().map(Node::nonBlank).toList(),
        query);
  }
}
