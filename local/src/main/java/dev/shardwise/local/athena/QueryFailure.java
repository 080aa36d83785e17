package dev.shardwise.local.athena;

import io.trino.sql.tree.Node;
import io.trino.sql.tree.NodeLocation;

/**
 * Why a query failed, in Athena's terms: an error name as Trino and Athena print it ({@code
 * COLUMN_NOT_FOUND}, {@code NOT_SUPPORTED}, ...), the {@code AthenaError} category (1 system, 2
 * user) and type (1000 user error, 1001 data error, 1003 DDL failure, 100 internal), and the
 * message. {@link #reason()} is the {@code StateChangeReason} a client shows.
 */
public final class QueryFailure extends Exception {
  private static final long serialVersionUID = 1L;

  /** Athena's {@code ErrorType}s this service reports. */
  public static final int USER_ERROR = 1000;

  public static final int DATA_ERROR = 1001;
  public static final int DDL_FAILED = 1003;
  public static final int INTERNAL_ERROR = 100;

  private final String errorName;
  private final int category;
  private final int type;

  public QueryFailure(String errorName, int category, int type, String message) {
    super(message);
    this.errorName = errorName;
    this.category = category;
    this.type = type;
  }

  /** A user error ({@code ErrorCategory} 2, {@code ErrorType} 1000). */
  public static QueryFailure user(String errorName, String message) {
    return new QueryFailure(errorName, 2, USER_ERROR, message);
  }

  /** A user error located at a node of the statement: {@code line 1:8: ...}. */
  public static QueryFailure user(String errorName, Node at, String message) {
    return user(errorName, location(at) + message);
  }

  /** SQL the local Athena does not implement: the query fails rather than answer differently. */
  public static QueryFailure notSupported(Node at, String what) {
    return user(
        "NOT_SUPPORTED",
        at,
        what + " is not supported by the local Athena (DuckDB); see docs/local-athena.md");
  }

  public static QueryFailure internal(String message) {
    return new QueryFailure("GENERIC_INTERNAL_ERROR", 1, INTERNAL_ERROR, message);
  }

  public String errorName() {
    return errorName;
  }

  public int category() {
    return category;
  }

  public int type() {
    return type;
  }

  /** The {@code StateChangeReason}: {@code COLUMN_NOT_FOUND: line 1:8: ...}. */
  public String reason() {
    return errorName + ": " + getMessage();
  }

  static String location(Node node) {
    if (node == null) {
      return "";
    }
    return node.getLocation().map(QueryFailure::location).orElse("");
  }

  static String location(NodeLocation l) {
    return "line " + l.getLineNumber() + ":" + l.getColumnNumber() + ": ";
  }
}
