package dev.shardwise.local.athena;

import java.sql.SQLException;
import java.util.Locale;

/** DuckDB's errors as Athena's error names, categories and types. */
final class DuckDbErrors {
  private DuckDbErrors() {}

  static QueryFailure map(SQLException e) {
    String full = e.getMessage() == null ? e.toString() : e.getMessage();
    String message = firstLines(full);
    String lower = message.toLowerCase(Locale.ROOT);
    if (lower.startsWith("binder error")) {
      String text = strip(message);
      java.util.regex.Matcher alias =
          java.util.regex.Pattern.compile(
                  "Column \"([^\"]+)\" referenced that exists in the SELECT clause")
              .matcher(text);
      if (alias.find()) {
        // our SELECT aliases every column; Trino never resolves a name against them
        return QueryFailure.user(
            "COLUMN_NOT_FOUND", "Column '" + alias.group(1) + "' cannot be resolved");
      }
      if (lower.contains("referenced column")
          || lower.contains("column") && lower.contains("not found")) {
        return QueryFailure.user("COLUMN_NOT_FOUND", text);
      }
      if (lower.contains("group by")) {
        return QueryFailure.user("EXPRESSION_NOT_AGGREGATE", text);
      }
      if (lower.contains("no function matches") || lower.contains("function with name")) {
        return QueryFailure.user("FUNCTION_NOT_FOUND", text);
      }
      if (lower.contains("cannot compare")
          || lower.contains("cannot mix")
          || lower.contains("type")) {
        return QueryFailure.user("TYPE_MISMATCH", text);
      }
      return QueryFailure.user("GENERIC_USER_ERROR", text);
    }
    if (lower.startsWith("catalog error")) {
      return QueryFailure.user("FUNCTION_NOT_FOUND", strip(message));
    }
    if (lower.startsWith("conversion error")) {
      return new QueryFailure("INVALID_CAST_ARGUMENT", 2, QueryFailure.DATA_ERROR, strip(message));
    }
    if (lower.startsWith("out of range error")) {
      return new QueryFailure(
          "NUMERIC_VALUE_OUT_OF_RANGE", 2, QueryFailure.DATA_ERROR, strip(message));
    }
    if (lower.startsWith("invalid input error")) {
      return new QueryFailure(
          "INVALID_FUNCTION_ARGUMENT", 2, QueryFailure.DATA_ERROR, strip(message));
    }
    if (lower.startsWith("out of memory error")) {
      return new QueryFailure("EXCEEDED_LOCAL_MEMORY_LIMIT", 1, 1, strip(message));
    }
    if (lower.startsWith("io error")) {
      return new QueryFailure("HIVE_BAD_DATA", 2, QueryFailure.DATA_ERROR, strip(message));
    }
    if (lower.startsWith("parser error")) {
      return QueryFailure.internal(
          "the local Athena wrote SQL DuckDB cannot parse (a bug): " + strip(message));
    }
    return QueryFailure.internal(message);
  }

  static boolean isSchemaMismatch(SQLException e) {
    String m = e.getMessage();
    return m != null && m.contains("schema mismatch");
  }

  static boolean isInterrupt(SQLException e) {
    String m = e.getMessage();
    return m != null && m.toLowerCase(Locale.ROOT).contains("interrupt");
  }

  /** "Binder Error: x" -> "x"; DuckDB's LINE context refers to translated SQL, so it goes. */
  private static String strip(String message) {
    int colon = message.indexOf(": ");
    return colon < 0 ? message : message.substring(colon + 2);
  }

  private static String firstLines(String full) {
    StringBuilder sb = new StringBuilder();
    for (String line : full.split("\n")) {
      if (line.startsWith("LINE ") || line.isBlank()) {
        break;
      }
      sb.append(sb.isEmpty() ? "" : " ").append(line.strip());
    }
    return sb.toString();
  }
}
