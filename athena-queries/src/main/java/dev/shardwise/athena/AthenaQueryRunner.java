package dev.shardwise.athena;

import dev.shardwise.athena.QueryResult.ResultColumn;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.AthenaException;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryResultsRequest;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.Row;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;

/**
 * Runs SQL through the Athena API: StartQueryExecution with execution parameters (never string
 * concatenation), GetQueryExecution polled with exponential backoff until the query ends, then
 * every page of GetQueryResults. A failed, cancelled or timed-out query is a {@link
 * QueryFailedException} carrying Athena's message. Thread-safe; the client is shared.
 */
public final class AthenaQueryRunner {

  /** Waits between polls; tests pass one that records instead of sleeping. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final AthenaClient athena;
  private final Settings settings;
  private final Sleeper sleeper;
  private final InstantSource clock;

  public AthenaQueryRunner(AthenaClient athena, Settings settings) {
    this(athena, settings, d -> Thread.sleep(d.toMillis()), InstantSource.system());
  }

  public AthenaQueryRunner(
      AthenaClient athena, Settings settings, Sleeper sleeper, InstantSource clock) {
    this.athena = Objects.requireNonNull(athena, "athena");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Runs a named query with parameter values by name ({@link NamedQuery#executionParameters}). */
  public QueryResult run(NamedQuery query, Map<String, String> parameters)
      throws QueryFailedException, InterruptedException {
    return run(query.sql(), query.executionParameters(parameters));
  }

  /** Runs SQL with positional execution parameters (SQL literals, e.g. {@code '2026-11-21'}). */
  public QueryResult run(String sql, List<String> executionParameters)
      throws QueryFailedException, InterruptedException {
    String id = start(sql, executionParameters);
    QueryExecution execution = await(id);
    return results(execution);
  }

  /** Starts a query; returns its execution id. */
  public String start(String sql, List<String> executionParameters) throws QueryFailedException {
    StartQueryExecutionRequest.Builder request =
        StartQueryExecutionRequest.builder()
            .queryString(sql)
            .workGroup(settings.workGroup())
            .queryExecutionContext(c -> c.database(settings.database()));
    if (!executionParameters.isEmpty()) {
      request.executionParameters(executionParameters);
    }
    if (settings.outputLocation() != null) {
      request.resultConfiguration(r -> r.outputLocation(settings.outputLocation()));
    }
    try {
      return athena.startQueryExecution(request.build()).queryExecutionId();
    } catch (AthenaException e) {
      throw new QueryFailedException(null, "REJECTED", message(e));
    }
  }

  /**
   * Polls until the query ends: first after {@link Settings#firstPoll}, doubling up to {@link
   * Settings#maxPoll}. Past {@link Settings#timeout} the query is stopped.
   *
   * @return the execution, in state SUCCEEDED
   */
  public QueryExecution await(String queryExecutionId)
      throws QueryFailedException, InterruptedException {
    Instant deadline = clock.instant().plus(settings.timeout());
    Duration wait = settings.firstPoll();
    while (true) {
      QueryExecution execution;
      try {
        execution =
            athena.getQueryExecution(r -> r.queryExecutionId(queryExecutionId)).queryExecution();
      } catch (AthenaException e) {
        throw new QueryFailedException(queryExecutionId, "UNKNOWN", message(e));
      }
      QueryExecutionState state = execution.status().state();
      if (state == QueryExecutionState.SUCCEEDED) {
        return execution;
      }
      if (state == QueryExecutionState.FAILED || state == QueryExecutionState.CANCELLED) {
        String reason = execution.status().stateChangeReason();
        throw new QueryFailedException(
            queryExecutionId,
            state.toString(),
            reason == null ? "Query " + state.toString().toLowerCase() : reason);
      }
      if (!clock.instant().plus(wait).isBefore(deadline)) {
        stopQuietly(queryExecutionId);
        throw new QueryFailedException(
            queryExecutionId,
            "TIMED_OUT",
            "Query did not finish within " + settings.timeout() + " and was stopped");
      }
      sleeper.sleep(wait);
      wait = min(wait.multipliedBy(2), settings.maxPoll());
    }
  }

  /** Every page of the results of a finished query, the header row dropped. */
  public QueryResult results(QueryExecution execution) throws QueryFailedException {
    String id = execution.queryExecutionId();
    List<ResultColumn> columns = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    String token = null;
    boolean first = true;
    try {
      do {
        GetQueryResultsRequest.Builder request =
            GetQueryResultsRequest.builder().queryExecutionId(id).maxResults(1000);
        if (token != null) {
          request.nextToken(token);
        }
        GetQueryResultsResponse page = athena.getQueryResults(request.build());
        if (first) {
          for (ColumnInfo c : page.resultSet().resultSetMetadata().columnInfo()) {
            columns.add(new ResultColumn(c.name(), c.type()));
          }
        }
        List<Row> pageRows = page.resultSet().rows();
        for (int i = 0; i < pageRows.size(); i++) {
          List<String> values = values(pageRows.get(i));
          if (first && i == 0 && isHeader(values, columns)) {
            continue;
          }
          rows.add(values);
        }
        first = false;
        token = page.nextToken();
      } while (token != null);
    } catch (AthenaException e) {
      throw new QueryFailedException(id, "SUCCEEDED", message(e));
    }
    var stats = execution.statistics();
    return new QueryResult(
        id,
        execution.statementTypeAsString(),
        columns,
        rows,
        stats == null || stats.dataScannedInBytes() == null ? 0 : stats.dataScannedInBytes(),
        stats == null || stats.engineExecutionTimeInMillis() == null
            ? 0
            : stats.engineExecutionTimeInMillis(),
        execution.resultConfiguration() == null
            ? null
            : execution.resultConfiguration().outputLocation());
  }

  private static List<String> values(Row row) {
    List<String> out = new ArrayList<>(row.data().size());
    for (Datum d : row.data()) {
      out.add(d.varCharValue()); // null when Athena omits the value: SQL NULL
    }
    return out;
  }

  /** Athena repeats the column names as the first row of the first page of a SELECT. */
  private static boolean isHeader(List<String> values, List<ResultColumn> columns) {
    if (values.size() != columns.size()) {
      return false;
    }
    for (int i = 0; i < values.size(); i++) {
      if (!columns.get(i).name().equals(values.get(i))) {
        return false;
      }
    }
    return true;
  }

  private void stopQuietly(String id) {
    try {
      athena.stopQueryExecution(r -> r.queryExecutionId(id));
    } catch (AthenaException e) {
      // the timeout is what the caller needs to hear about
    }
  }

  private static String message(AthenaException e) {
    if (e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null) {
      return e.awsErrorDetails().errorMessage();
    }
    return e.getMessage();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /**
   * How the runner talks to Athena, checked when built.
   *
   * @param database the query context database ({@link QueryCatalog#DATABASE})
   * @param workGroup the work group ({@code primary})
   * @param outputLocation an {@code s3://} result location, or {@code null} to use the work group's
   * @param firstPoll wait before the first status poll
   * @param maxPoll the longest wait between polls
   * @param timeout give up (and stop the query) after this long
   */
  public record Settings(
      String database,
      String workGroup,
      String outputLocation,
      Duration firstPoll,
      Duration maxPoll,
      Duration timeout) {

    public Settings {
      requireText(database, "database");
      requireText(workGroup, "workGroup");
      if (outputLocation != null && !outputLocation.startsWith("s3://")) {
        throw new IllegalArgumentException(
            "outputLocation must be an s3:// URI, was " + outputLocation);
      }
      requirePositive(firstPoll, "firstPoll");
      requirePositive(maxPoll, "maxPoll");
      requirePositive(timeout, "timeout");
      if (maxPoll.compareTo(firstPoll) < 0) {
        throw new IllegalArgumentException("maxPoll must be >= firstPoll");
      }
    }

    /** Database {@code shardwise}, work group {@code primary}, polls 100 ms..2 s, 30 min. */
    public static Settings defaults() {
      return new Settings(
          QueryCatalog.DATABASE,
          "primary",
          null,
          Duration.ofMillis(100),
          Duration.ofSeconds(2),
          Duration.ofMinutes(30));
    }

    public Settings withOutputLocation(String location) {
      return new Settings(database, workGroup, location, firstPoll, maxPoll, timeout);
    }

    public Settings withDatabase(String db) {
      return new Settings(db, workGroup, outputLocation, firstPoll, maxPoll, timeout);
    }

    public Settings withWorkGroup(String group) {
      return new Settings(database, group, outputLocation, firstPoll, maxPoll, timeout);
    }

    public Settings withTimeout(Duration t) {
      return new Settings(database, workGroup, outputLocation, firstPoll, maxPoll, t);
    }

    private static void requireText(String value, String name) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
    }

    private static void requirePositive(Duration d, String name) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
      }
    }
  }
}
