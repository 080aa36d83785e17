package dev.shardwise.athena.internal;

/** Lexical helpers for Trino SQL text: what is code, as opposed to strings, names and comments. */
public final class SqlScanner {
  private SqlScanner() {}

  /** The number of {@code ?} parameter markers outside strings, quoted names and comments. */
  public static int countParameters(String sql) {
    int count = 0;
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        i = skipQuoted(sql, i, c);
      } else if (sql.startsWith("--", i)) {
        int nl = sql.indexOf('\n', i);
        i = nl < 0 ? n : nl + 1;
      } else if (sql.startsWith("/*", i)) {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else {
        if (c == '?') {
          count++;
        }
        i++;
      }
    }
    return count;
  }

  /** The text with one trailing {@code ;} (and whitespace) removed, as Athena's console does. */
  public static String withoutTrailingSemicolon(String sql) {
    String s = sql.strip();
    return s.endsWith(";") ? s.substring(0, s.length() - 1).strip() : s;
  }

  private static int skipQuoted(String sql, int start, char quote) {
    int i = start + 1;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2; // doubled quote
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return i;
  }
}
