package dev.shardwise.local.athena.sql;

import dev.shardwise.local.athena.QueryFailure;
import io.trino.sql.tree.Node;
import java.util.Map;

/**
 * Date format strings of Trino's {@code date_format} (MySQL specifiers) and {@code format_datetime}
 * (Joda patterns) as DuckDB {@code strftime} formats. Specifiers without an exact counterpart fail
 * the query.
 */
final class DateTimeFormats {
  private static final Map<Character, String> MYSQL =
      Map.ofEntries(
          Map.entry('Y', "%Y"),
          Map.entry('y', "%y"),
          Map.entry('m', "%m"),
          Map.entry('c', "%-m"),
          Map.entry('d', "%d"),
          Map.entry('e', "%-d"),
          Map.entry('H', "%H"),
          Map.entry('k', "%-H"),
          Map.entry('h', "%I"),
          Map.entry('I', "%I"),
          Map.entry('i', "%M"),
          Map.entry('s', "%S"),
          Map.entry('S', "%S"),
          Map.entry('f', "%f"),
          Map.entry('p', "%p"),
          Map.entry('T', "%H:%M:%S"),
          Map.entry('j', "%j"),
          Map.entry('a', "%a"),
          Map.entry('W', "%A"),
          Map.entry('b', "%b"),
          Map.entry('M', "%B"),
          Map.entry('%', "%%"));

  private static final Map<String, String> JODA =
      Map.ofEntries(
          Map.entry("yyyy", "%Y"),
          Map.entry("yy", "%y"),
          Map.entry("MM", "%m"),
          Map.entry("dd", "%d"),
          Map.entry("HH", "%H"),
          Map.entry("mm", "%M"),
          Map.entry("ss", "%S"),
          Map.entry("SSS", "%g"),
          Map.entry("EEE", "%a"),
          Map.entry("EEEE", "%A"),
          Map.entry("MMM", "%b"),
          Map.entry("MMMM", "%B"));

  private DateTimeFormats() {}

  static String mysql(Node at, String format) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      if (i + 1 >= format.length() || !MYSQL.containsKey(format.charAt(i + 1))) {
        throw unsupported(at, format);
      }
      out.append(MYSQL.get(format.charAt(++i)));
    }
    return out.toString();
  }

  static String joda(Node at, String pattern) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c == '\'') {
        int end = pattern.indexOf('\'', i + 1);
        if (end < 0) {
          throw unsupported(at, pattern);
        }
        out.append(end == i + 1 ? "'" : pattern.substring(i + 1, end).replace("%", "%%"));
        i = end + 1;
      } else if (Character.isLetter(c)) {
        int j = i;
        while (j < pattern.length() && pattern.charAt(j) == c) {
          j++;
        }
        String run = pattern.substring(i, j);
        String mapped = JODA.get(run);
        if (mapped == null) {
          throw unsupported(at, pattern);
        }
        out.append(mapped);
        i = j;
      } else {
        out.append(c == '%' ? "%%" : String.valueOf(c));
        i++;
      }
    }
    return out.toString();
  }

  private static RuntimeException unsupported(Node at, String format) {
    return SqlTranslator.fail(QueryFailure.notSupported(at, "The date format '" + format + "'"));
  }
}
