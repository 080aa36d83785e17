package dev.shardwise.local.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads CloudWatch Embedded Metric Format log lines as CloudWatch Logs does: a JSON object with
 * {@code _aws.Timestamp} and {@code _aws.CloudWatchMetrics}, each directive naming a namespace,
 * dimension sets and metric definitions whose values are root members (a number or an array of up
 * to 100 numbers). Every dimension set of a directive makes a separate metric. A prefix before the
 * JSON (Lambda's timestamp and request id) is allowed.
 *
 * <p>A line that is not EMF at all (plain text, JSON without {@code _aws}) is {@link
 * Result.NotEmf}; a line that claims to be EMF but breaks the specification is {@link
 * Result.Malformed} with the reason, and yields no metrics (CloudWatch rejects the whole document).
 * Stateless and thread-safe.
 */
public final class EmfParser {
  static final int MAX_METRICS_PER_DIRECTIVE = 100;
  static final int MAX_VALUES = 100;
  static final int MAX_DIMENSIONS = 30;
  static final int MAX_NAME = 1024;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** What one line was. */
  public sealed interface Result {
    /** An EMF document and the datapoints it holds (one per dimension set and metric). */
    record Metrics(List<MetricDatum> datapoints) implements Result {}

    /** Not an EMF document: an ordinary log line. */
    record NotEmf() implements Result {}

    /** An EMF document that breaks the specification. */
    record Malformed(String reason) implements Result {}
  }

  private static final Result NOT_EMF = new Result.NotEmf();

  public Result parse(String line) {
    if (line == null) {
      return NOT_EMF;
    }
    int start = line.indexOf('{');
    if (start < 0 || !line.contains("\"_aws\"")) {
      return NOT_EMF;
    }
    JsonNode root;
    try {
      root = JSON.readTree(line.substring(start));
    } catch (JsonProcessingException e) {
      return new Result.Malformed("not a single JSON object: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject() || !root.has("_aws")) {
      return NOT_EMF;
    }
    try {
      return new Result.Metrics(read(root));
    } catch (InvalidEmf e) {
      return new Result.Malformed(e.getMessage());
    }
  }

  private static List<MetricDatum> read(JsonNode root) {
    JsonNode aws = root.get("_aws");
    if (!aws.isObject()) {
      throw new InvalidEmf("_aws must be an object");
    }
    JsonNode ts = aws.get("Timestamp");
    if (ts == null || !ts.isIntegralNumber()) {
      throw new InvalidEmf("_aws.Timestamp must be an integer (epoch milliseconds)");
    }
    Instant timestamp = Instant.ofEpochMilli(ts.asLong());
    JsonNode directives = aws.get("CloudWatchMetrics");
    if (directives == null || !directives.isArray()) {
      throw new InvalidEmf("_aws.CloudWatchMetrics must be an array");
    }
    List<MetricDatum> out = new ArrayList<>();
    for (int d = 0; d < directives.size(); d++) {
      directive(root, directives.get(d), "CloudWatchMetrics[" + d + "]", timestamp, out);
    }
    return out;
  }

  private static void directive(
      JsonNode root, JsonNode dir, String at, Instant ts, List<MetricDatum> out) {
    if (!dir.isObject()) {
      throw new InvalidEmf(at + " must be an object");
    }
    String namespace = text(dir.get("Namespace"), at + ".Namespace");
    JsonNode sets = dir.get("Dimensions");
    if (sets == null || !sets.isArray()) {
      throw new InvalidEmf(at + ".Dimensions must be an array of dimension sets");
    }
    List<Map<String, String>> dimensionSets = new ArrayList<>();
    for (int s = 0; s < sets.size(); s++) {
      JsonNode set = sets.get(s);
      String where = at + ".Dimensions[" + s + "]";
      if (!set.isArray()) {
        throw new InvalidEmf(where + " must be an array of dimension names");
      }
      if (set.size() > MAX_DIMENSIONS) {
        throw new InvalidEmf(where + " has more than " + MAX_DIMENSIONS + " dimensions");
      }
      Map<String, String> dims = new TreeMap<>();
      for (JsonNode nameNode : set) {
        String name = text(nameNode, where + " entry");
        JsonNode target = root.get(name);
        if (target == null || !target.isTextual()) {
          throw new InvalidEmf("dimension " + name + " must be a string member of the root");
        }
        dims.put(name, target.asText());
      }
      dimensionSets.add(dims);
    }
    JsonNode metrics = dir.get("Metrics");
    if (metrics == null || !metrics.isArray()) {
      throw new InvalidEmf(at + ".Metrics must be an array");
    }
    if (metrics.size() > MAX_METRICS_PER_DIRECTIVE) {
      throw new InvalidEmf(at + ".Metrics has more than " + MAX_METRICS_PER_DIRECTIVE + " metrics");
    }
    for (int m = 0; m < metrics.size(); m++) {
      JsonNode def = metrics.get(m);
      String where = at + ".Metrics[" + m + "]";
      if (!def.isObject()) {
        throw new InvalidEmf(where + " must be an object");
      }
      String name = text(def.get("Name"), where + ".Name");
      JsonNode unitNode = def.get("Unit");
      String unit =
          unitNode == null || unitNode.isNull() ? "None" : text(unitNode, where + ".Unit");
      double[] values = values(root.get(name), name);
      if (values.length == 0) {
        continue;
      }
      for (Map<String, String> dims : dimensionSets) {
        out.add(new MetricDatum(MetricKey.of(namespace, name, dims), ts, unit, values));
      }
    }
  }

  private static double[] values(JsonNode target, String name) {
    if (target == null) {
      throw new InvalidEmf("metric " + name + " has no member of that name on the root");
    }
    if (target.isNumber()) {
      return new double[] {finite(target, name)};
    }
    if (target.isArray()) {
      if (target.size() > MAX_VALUES) {
        throw new InvalidEmf("metric " + name + " has more than " + MAX_VALUES + " values");
      }
      double[] v = new double[target.size()];
      for (int i = 0; i < v.length; i++) {
        if (!target.get(i).isNumber()) {
          throw new InvalidEmf("metric " + name + " value " + i + " is not a number");
        }
        v[i] = finite(target.get(i), name);
      }
      return v;
    }
    throw new InvalidEmf("metric " + name + " must be a number or an array of numbers");
  }

  private static double finite(JsonNode n, String name) {
    double v = n.asDouble();
    if (!Double.isFinite(v)) {
      throw new InvalidEmf("metric " + name + " is not finite");
    }
    return v;
  }

  private static String text(JsonNode n, String where) {
    if (n == null || !n.isTextual() || n.asText().isEmpty()) {
      throw new InvalidEmf(where + " must be a non-empty string");
    }
    if (n.asText().length() > MAX_NAME) {
      throw new InvalidEmf(where + " is longer than " + MAX_NAME + " characters");
    }
    return n.asText();
  }

  private static final class InvalidEmf extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidEmf(String message) {
      super(message, null, false, false);
    }
  }
}
