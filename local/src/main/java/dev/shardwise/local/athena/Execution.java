package dev.shardwise.local.athena;

import dev.shardwise.local.athena.ResultSink.ColumnMeta;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One query execution and its lifecycle: QUEUED, then RUNNING, then SUCCEEDED, FAILED or CANCELLED.
 * Transitions are atomic; a finished execution never changes. Thread-safe.
 */
final class Execution {
  enum State {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    boolean finished() {
      return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
  }

  final String id;
  final String query;
  final ParsedStatement statement;
  final List<String> parameters;
  final String catalog;
  final String database;
  final String workGroup;
  final String outputLocation;
  final ResultFiles.Location resultLocation;
  final Instant submitted;
  final QueryEngine.CancelHandle cancel = new QueryEngine.CancelHandle();

  private State state = State.QUEUED;
  private Instant started;
  private Instant completed;
  private QueryFailure failure;
  private String cancelReason;
  private long dataScannedBytes;
  private Set<Path> filesRead = Set.of();
  private List<ColumnMeta> columns = List.of();
  private long rows;

  Execution(
      String id,
      String query,
      ParsedStatement statement,
      List<String> parameters,
      String catalog,
      String database,
      String workGroup,
      String outputLocation,
      Instant submitted) {
    this.id = id;
    this.query = query;
    this.statement = statement;
    this.parameters = List.copyOf(parameters);
    this.catalog = catalog;
    this.database = database;
    this.workGroup = workGroup;
    this.outputLocation = outputLocation;
    this.resultLocation = ResultFiles.locate(outputLocation, id, statement.statementType());
    this.submitted = submitted;
  }

  /** QUEUED -> RUNNING; false when it was cancelled while queued. */
  synchronized boolean start(Instant now) {
    if (state != State.QUEUED) {
      return false;
    }
    state = State.RUNNING;
    started = now;
    return true;
  }

  synchronized void succeed(
      Instant now, long scanned, Set<Path> files, List<ColumnMeta> cols, long rowCount) {
    if (state.finished()) {
      return;
    }
    state = State.SUCCEEDED;
    completed = now;
    dataScannedBytes = scanned;
    filesRead = Set.copyOf(files);
    columns = List.copyOf(cols);
    rows = rowCount;
  }

  synchronized void fail(Instant now, QueryFailure f) {
    if (state.finished()) {
      return;
    }
    state = State.FAILED;
    completed = now;
    failure = f;
  }

  /** Cancels unless finished; returns whether it was still going. */
  synchronized boolean cancel(Instant now, String reason) {
    if (state.finished()) {
      return false;
    }
    state = State.CANCELLED;
    completed = now;
    cancelReason = reason;
    cancel.cancel();
    return true;
  }

  synchronized Snapshot snapshot() {
    return new Snapshot(
        state,
        started,
        completed,
        failure,
        cancelReason,
        dataScannedBytes,
        filesRead,
        columns,
        rows);
  }

  /** A consistent view of the mutable part. */
  record Snapshot(
      State state,
      Instant started,
      Instant completed,
      QueryFailure failure,
      String cancelReason,
      long dataScannedBytes,
      Set<Path> filesRead,
      List<ColumnMeta> columns,
      long rows) {}
}
