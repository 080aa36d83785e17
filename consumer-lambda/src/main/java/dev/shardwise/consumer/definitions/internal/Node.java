package dev.shardwise.consumer.definitions.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shardwise.consumer.definitions.InvalidAlarmSpecException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JSON node with its path in the file, so every complaint names the key ({@code
 * MetricAlarms[3].Period}). Strings pass through variable substitution ({@code ${Name}}).
 */
record Node(JsonNode json, String path, Map<String, String> variables) {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9]*)}");

  InvalidAlarmSpecException error(String problem) {
    return new InvalidAlarmSpecException(path, problem);
  }

  Node field(String name) {
    return new Node(json.get(name), path.isEmpty() ? name : path + "." + name, variables);
  }

  boolean has(String name) {
    return json.has(name) && !json.get(name).isNull();
  }

  /** Fails on keys outside {@code allowed}: a typo ({@code Dimension}) must not pass silently. */
  void onlyKeys(Set<String> allowed) {
    object();
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!allowed.contains(k)) {
        throw field(k).error("unknown key (allowed: " + String.join(", ", sorted(allowed)) + ")");
      }
    }
  }

  Node object() {
    if (json == null || !json.isObject()) {
      throw error("must be an object");
    }
    return this;
  }

  List<Node> array() {
    if (json == null || !json.isArray()) {
      throw error("must be an array");
    }
    List<Node> out = new ArrayList<>();
    for (int i = 0; i < json.size(); i++) {
      out.add(new Node(json.get(i), path + "[" + i + "]", variables));
    }
    return out;
  }

  List<Node> arrayOrEmpty() {
    return json == null || json.isNull() ? List.of() : array();
  }

  String text() {
    if (json == null || !json.isTextual()) {
      throw error("must be a string");
    }
    String raw = json.asText();
    Matcher m = VARIABLE.matcher(raw);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = variables.get(m.group(1));
      if (value == null) {
        throw error(
            "unknown variable ${" + m.group(1) + "} (defined: " + sorted(variables.keySet()) + ")");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  String nonBlank() {
    String s = text();
    if (s.isBlank()) {
      throw error("must not be blank");
    }
    return s;
  }

  String textOr(String fallback) {
    return json == null || json.isNull() ? fallback : text();
  }

  int integer() {
    if (json == null || !json.isIntegralNumber() || !json.canConvertToInt()) {
      throw error("must be an integer");
    }
    return json.asInt();
  }

  double number() {
    if (json == null || !json.isNumber() || !Double.isFinite(json.asDouble())) {
      throw error("must be a finite number");
    }
    return json.asDouble();
  }

  boolean bool(boolean fallback) {
    if (json == null || json.isNull()) {
      return fallback;
    }
    if (!json.isBoolean()) {
      throw error("must be true or false");
    }
    return json.asBoolean();
  }

  private static List<String> sorted(Set<String> s) {
    return s.stream().sorted().toList();
  }
}
