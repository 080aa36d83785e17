package dev.shardwise.local.athena;

import java.io.IOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs executions on a bounded executor (at most {@code maxConcurrentQueries} at once, the rest
 * QUEUED) and remembers the last {@code retainedExecutions} of them. A query past its timeout fails
 * and its DuckDB statement is interrupted. Thread-safe.
 */
final class QueryExecutions implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(QueryExecutions.class);

  private final AthenaConfig config;
  private final QueryEngine engine;
  private final ResultFiles results;
  private final InstantSource clock;
  private final ExecutorService executor;
  private final ScheduledExecutorService watchdog;
  private final Map<String, Execution> executions = new LinkedHashMap<>();

  QueryExecutions(
      AthenaConfig config,
      QueryEngine engine,
      ResultFiles results,
      InstantSource clock,
      ExecutorService executor,
      ScheduledExecutorService watchdog) {
    this.config = config;
    this.engine = engine;
    this.results = results;
    this.clock = clock;
    this.executor = executor;
    this.watchdog = watchdog;
  }

  /**
   * Queues an execution.
   *
   * @throws RejectedExecutionException when the queue is full
   */
  void submit(Execution e) {
    synchronized (executions) {
      executions.put(e.id, e);
      evictFinished();
    }
    try {
      executor.execute(() -> run(e));
    } catch (RejectedExecutionException r) {
      synchronized (executions) {
        executions.remove(e.id);
      }
      throw r;
    }
  }

  Optional<Execution> get(String id) {
    synchronized (executions) {
      return Optional.ofNullable(executions.get(id));
    }
  }

  /** Execution ids of a work group, newest first. */
  List<String> ids(String workGroup) {
    List<String> out = new ArrayList<>();
    synchronized (executions) {
      for (Execution e : executions.values()) {
        if (e.workGroup.equals(workGroup)) {
          out.add(0, e.id);
        }
      }
    }
    return out;
  }

  /** Runs an execution on the calling thread (setup statements, tests). */
  void runNow(Execution e) {
    synchronized (executions) {
      executions.put(e.id, e);
      evictFinished();
    }
    run(e);
  }

  private void run(Execution e) {
    if (!e.start(clock.instant())) {
      return; // stopped while queued
    }
    ScheduledFuture<?> timeout =
        watchdog.schedule(
            () -> {
              e.fail(
                  clock.instant(),
                  new QueryFailure(
                      "EXCEEDED_TIME_LIMIT",
                      1,
                      206,
                      "Query exceeded the maximum execution time of " + config.queryTimeout()));
              e.cancel.cancel();
            },
            config.queryTimeout().toMillis(),
            TimeUnit.MILLISECONDS);
    try (ResultFiles.ResultWriter writer =
        results.writer(e.resultLocation, e.statement.statementType())) {
      QueryEngine.Outcome outcome =
          engine.run(
              new QueryEngine.Request(
                  e.statement, e.parameters, e.catalog, e.database, e.submitted, e.id),
              writer,
              e.cancel);
      writer.store();
      e.succeed(
          clock.instant(),
          outcome.dataScannedBytes(),
          outcome.filesRead(),
          writer.columnsWritten(),
          outcome.rows());
    } catch (QueryFailure f) {
      e.fail(clock.instant(), f);
    } catch (QueryEngine.CancelledException c) {
      e.cancel(clock.instant(), "Query cancelled by user");
    } catch (IOException io) {
      e.fail(
          clock.instant(),
          new QueryFailure(
              "GENERIC_INTERNAL_ERROR",
              1,
              401,
              "Unable to write query results: " + io.getMessage()));
    } catch (RuntimeException r) {
      log.error("query {} failed unexpectedly", e.id, r);
      e.fail(clock.instant(), QueryFailure.internal(String.valueOf(r.getMessage())));
    } finally {
      timeout.cancel(false);
    }
  }

  private void evictFinished() {
    int excess = executions.size() - config.retainedExecutions();
    Iterator<Execution> it = executions.values().iterator();
    while (excess > 0 && it.hasNext()) {
      if (it.next().snapshot().state().finished()) {
        it.remove();
        excess--;
      }
    }
  }

  @Override
  public void close() {
    synchronized (executions) {
      executions.values().forEach(e -> e.cancel(clock.instant(), "The local Athena stopped"));
    }
    executor.shutdownNow();
    watchdog.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
  }
}
