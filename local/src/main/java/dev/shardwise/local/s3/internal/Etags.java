package dev.shardwise.local.s3.internal;

/** ETag comparisons as HTTP conditional headers make them. */
public final class Etags {
  private Etags() {}

  /**
   * Whether a condition value matches an ETag: a comma-separated list of ETags (quotes and a {@code
   * W/} prefix optional) or {@code *}, which matches any.
   */
  public static boolean matches(String condition, String etag) {
    String bare = unquote(etag);
    for (String part : condition.split(",")) {
      String p = part.trim();
      if (p.startsWith("W/")) {
        p = p.substring(2);
      }
      if (p.equals("*") || unquote(p).equals(bare)) {
        return true;
      }
    }
    return false;
  }

  public static String unquote(String s) {
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")
        ? s.substring(1, s.length() - 1)
        : s;
  }
}
