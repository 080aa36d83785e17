package dev.shardwise.athena;

/**
 * A query that Athena refused, that failed, was cancelled or did not finish in time. The message is
 * Athena's own ({@code StateChangeReason} or the API error), so callers show it as is.
 */
public final class QueryFailedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String queryExecutionId;
  private final String state;

  public QueryFailedException(String queryExecutionId, String state, String message) {
    super(message);
    this.queryExecutionId = queryExecutionId;
    this.state = state;
  }

  /** The execution id, or {@code null} when Athena refused to start the query. */
  public String queryExecutionId() {
    return queryExecutionId;
  }

  /** {@code FAILED}, {@code CANCELLED}, {@code TIMED_OUT} (ours) or {@code REJECTED} (ours). */
  public String state() {
    return state;
  }
}
