package dev.shardwise.firehose;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The partition keys a {@code MetadataExtractionQuery} defines, read from the query text without
 * running it: the keys of the object built by the query's last pipeline stage, as in {@code {dt:
 * .a, hour: .b}} or {@code ... as $x | {dt: $x}}. Keys may be identifiers, quoted strings or {@code
 * $var} shorthands. Firehose's console writes queries of this shape.
 */
final class JqOutputKeys {
  private JqOutputKeys() {}

  /**
   * @throws IllegalArgumentException when the last stage is not an object construction
   */
  static Set<String> of(String query) {
    String last = lastStage(query).trim();
    if (!last.startsWith("{") || !last.endsWith("}") || closing(last, 0) != last.length() - 1) {
      throw new IllegalArgumentException(
          "the query's last stage must build the partition keys as an object, {key: expr, ...}");
    }
    Set<String> keys = new LinkedHashSet<>();
    String body = last.substring(1, last.length() - 1);
    for (String entry : splitTopLevel(body, ',')) {
      String e = entry.trim();
      if (e.isEmpty()) {
        throw new IllegalArgumentException("empty entry in the query's output object");
      }
      int colon = topLevelIndex(e, ':');
      String key = (colon < 0 ? e : e.substring(0, colon)).trim();
      if (key.startsWith("$")) {
        key = key.substring(1);
      } else if (key.startsWith("\"") && key.endsWith("\"") && key.length() >= 2) {
        key = key.substring(1, key.length() - 1);
      }
      if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException("output key '" + key + "' is not a plain name");
      }
      if (!keys.add(key)) {
        throw new IllegalArgumentException("output key '" + key + "' is defined twice");
      }
    }
    return keys;
  }

  private static String lastStage(String query) {
    var stages = splitTopLevel(query, '|');
    return stages.get(stages.size() - 1);
  }

  /** Splits at {@code sep} outside strings and brackets. */
  private static java.util.List<String> splitTopLevel(String s, char sep) {
    java.util.List<String> out = new java.util.ArrayList<>();
    int depth = 0;
    int from = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        i = endOfString(s, i);
      } else if (c == '{' || c == '[' || c == '(') {
        depth++;
      } else if (c == '}' || c == ']' || c == ')') {
        depth--;
      } else if (c == sep && depth == 0) {
        out.add(s.substring(from, i));
        from = i + 1;
      }
    }
    if (depth != 0) {
      throw new IllegalArgumentException("unbalanced brackets in the query");
    }
    out.add(s.substring(from));
    return out;
  }

  private static int topLevelIndex(String s, char c) {
    var parts = splitTopLevel(s, c);
    return parts.size() == 1 ? -1 : parts.get(0).length();
  }

  /** Index of the bracket closing the one at {@code open}. */
  private static int closing(String s, int open) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        i = endOfString(s, i);
      } else if (c == '{' || c == '[' || c == '(') {
        depth++;
      } else if ((c == '}' || c == ']' || c == ')') && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  private static int endOfString(String s, int quote) {
    for (int i = quote + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i;
      }
    }
    throw new IllegalArgumentException("unterminated string in the query");
  }
}
