package dev.shardwise.local.esm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Lambda's FilterCriteria for Kinesis records: up to 5 patterns, a record passes when any matches.
 * Kinesis mappings filter only on the {@code data} key, whose bytes must be JSON (other records
 * never match). Pattern syntax (as for every Lambda filter): an object whose leaves are arrays of
 * alternatives: literal strings, numbers, booleans and null (equality; a JSON array in the record
 * matches when any element does), {@code {"prefix": s}}, {@code {"suffix": s}}, {@code
 * {"equals-ignore-case": s}}, {@code {"anything-but": v or [v...]}}, {@code {"numeric": [op, n, op,
 * n]}} and {@code {"exists": bool}}. Records that do not pass are skipped: not invoked, and
 * checkpointed as done.
 */
public final class FilterCriteria {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FilterCriteria() {}

  /**
   * A predicate over records from the filters' patterns; no patterns: every record.
   *
   * @throws IllegalArgumentException naming the pattern and what is wrong with it
   */
  public static Predicate<PolledRecord> parse(List<String> patterns) {
    if (patterns.isEmpty()) {
      return r -> true;
    }
    List<JsonNode> parsed = new ArrayList<>();
    for (String p : patterns) {
      JsonNode n;
      try {
        n = JSON.readTree(p);
      } catch (IOException e) {
        throw new IllegalArgumentException("FilterCriteria pattern is not JSON: " + p, e);
      }
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException("FilterCriteria pattern must be a JSON object: " + p);
      }
      Iterator<String> keys = n.fieldNames();
      while (keys.hasNext()) {
        String k = keys.next();
        if (!k.equals("data")) {
          throw new IllegalArgumentException(
              "FilterCriteria pattern "
                  + p
                  + ": Kinesis event source mappings only support filtering on the data key (got '"
                  + k
                  + "')");
        }
      }
      check(n, p);
      parsed.add(n);
    }
    return r -> {
      JsonNode data;
      try {
        data = JSON.readTree(r.data());
      } catch (IOException e) {
        return false;
      }
      if (data == null || data.isMissingNode()) {
        return false;
      }
      for (JsonNode p : parsed) {
        if (matchesObject(p.get("data"), data)) {
          return true;
        }
      }
      return false;
    };
  }

  private static void check(JsonNode pattern, String source) {
    for (Iterator<Map.Entry<String, JsonNode>> it = pattern.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (v.isObject()) {
        check(v, source);
      } else if (!v.isArray() || v.isEmpty()) {
        throw new IllegalArgumentException(
            "FilterCriteria pattern "
                + source
                + ": '"
                + e.getKey()
                + "' must be an object or a non-empty array of values");
      }
    }
  }

  private static boolean matchesObject(JsonNode pattern, JsonNode value) {
    if (pattern.isArray()) {
      return matchesAny(pattern, value);
    }
    if (value == null || !value.isObject()) {
      return false;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = pattern.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode p = e.getValue();
      JsonNode v = value.get(e.getKey());
      boolean ok = p.isObject() ? matchesObject(p, v) : matchesAny(p, v);
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean matchesAny(JsonNode alternatives, JsonNode value) {
    for (JsonNode alt : alternatives) {
      if (alt.isObject() && alt.has("exists")) {
        if (alt.get("exists").asBoolean() == (value != null && !value.isNull())) {
          return true;
        }
        continue;
      }
      if (value == null) {
        continue;
      }
      if (value.isArray()) {
        for (JsonNode element : value) {
          if (matchesOne(alt, element)) {
            return true;
          }
        }
      } else if (matchesOne(alt, value)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchesOne(JsonNode alt, JsonNode v) {
    if (!alt.isObject()) {
      return literal(alt, v);
    }
    if (alt.has("prefix")) {
      return v.isTextual() && v.textValue().startsWith(alt.get("prefix").asText());
    }
    if (alt.has("suffix")) {
      return v.isTextual() && v.textValue().endsWith(alt.get("suffix").asText());
    }
    if (alt.has("equals-ignore-case")) {
      return v.isTextual()
          && v.textValue()
              .toLowerCase(Locale.ROOT)
              .equals(alt.get("equals-ignore-case").asText().toLowerCase(Locale.ROOT));
    }
    if (alt.has("anything-but")) {
      JsonNode but = alt.get("anything-but");
      if (but.isArray()) {
        for (JsonNode b : but) {
          if (literal(b, v)) {
            return false;
          }
        }
        return true;
      }
      return !literal(but, v);
    }
    if (alt.has("numeric")) {
      return numeric(alt.get("numeric"), v);
    }
    throw new IllegalArgumentException("FilterCriteria: unsupported matcher " + alt);
  }

  private static boolean literal(JsonNode alt, JsonNode v) {
    if (alt.isNumber() && v.isNumber()) {
      return alt.decimalValue().compareTo(v.decimalValue()) == 0;
    }
    return alt.equals(v);
  }

  private static boolean numeric(JsonNode ops, JsonNode v) {
    if (!v.isNumber() || !ops.isArray() || ops.size() % 2 != 0) {
      return false;
    }
    double x = v.doubleValue();
    for (int i = 0; i < ops.size(); i += 2) {
      double n = ops.get(i + 1).asDouble();
      boolean ok =
          switch (ops.get(i).asText()) {
            case "=" -> x == n;
            case "<" -> x < n;
            case "<=" -> x <= n;
            case ">" -> x > n;
            case ">=" -> x >= n;
            default -> false;
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
