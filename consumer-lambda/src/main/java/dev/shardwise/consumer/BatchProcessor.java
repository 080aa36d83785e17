package dev.shardwise.consumer;

import dev.shardwise.consumer.internal.ContainerCache;
import dev.shardwise.consumer.internal.EarlierIds;
import dev.shardwise.consumer.internal.Plan;
import dev.shardwise.consumer.internal.RecordReader;
import dev.shardwise.consumer.internal.SegmentCloser;
import dev.shardwise.consumer.internal.Step;
import dev.shardwise.consumer.internal.WindowPlanner;
import dev.shardwise.consumer.metrics.EmfWriter;
import dev.shardwise.consumer.metrics.InvocationMetrics;
import dev.shardwise.consumer.metrics.LineLogger;
import dev.shardwise.consumer.metrics.StructuredLog;
import dev.shardwise.consumer.sink.EmitFailedException;
import dev.shardwise.consumer.sink.RowSink;
import dev.shardwise.consumer.state.ShardStateStore;
import dev.shardwise.core.detect.DetectorRegistry;
import dev.shardwise.core.rows.RowJson;
import dev.shardwise.core.window.CloseReason;
import dev.shardwise.core.window.StateBudget;
import dev.shardwise.core.window.StateFormatException;
import dev.shardwise.core.window.WindowState;
import dev.shardwise.core.window.WindowStateCodec;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Processes one invocation of the consumer: the whole per-shard pipeline, Lambda-agnostic (the
 * handler converts the Lambda event; the local runtime and tests call this directly).
 *
 * <p>Per batch: plan the records ({@link WindowPlanner}: deaggregate, decode, validate, dedupe,
 * aggregate, close segments at the state budget), then perform the plan's effects in record order:
 * reject rows to Firehose (batched, before anything that follows them), segment closes ({@link
 * SegmentCloser}), and at the final invocation of the window the close of the open segment. The
 * window state is returned to Lambda as base64 under {@link #STATE_KEY}.
 *
 * <p>Failures: a poison record becomes a reject row and never stops the shard. A transient failure
 * (Firehose, the state store, a detector) stops at the first affected record {@code k}: the result
 * is the state after records {@code [0, k)} (re-planned from the input state, without effects) and
 * {@code k}'s sequence number as the batch item failure, so Lambda resumes exactly there. A failed
 * close at the end of a final invocation returns the input state and the first record (all effects
 * are idempotent); with no record to name, it throws. A window state that cannot be decoded throws
 * {@link StateFormatException}: never silently reset.
 *
 * <p>Thread-safe for different shards; one shard is processed by one caller at a time.
 */
public final class BatchProcessor {
  /** The key of the window state in Lambda's state map. */
  public static final String STATE_KEY = "w";

  private final ConsumerConfig config;
  private final WindowPlanner planner;
  private final SegmentCloser closer;
  private final ContainerCache cache;
  private final RowSink sink;
  private final InstantSource clock;
  private final LongSupplier nanoTime;

  public BatchProcessor(
      ConsumerConfig config,
      RecordReader reader,
      RowSink sink,
      ShardStateStore store,
      DetectorRegistry detectors,
      InstantSource clock,
      LongSupplier nanoTime) {
    this.config = Objects.requireNonNull(config, "config");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.planner =
        new WindowPlanner(reader, new StateBudget(config.stateBudgetChars()), config.lateGrace());
    this.cache = new ContainerCache(store, 16);
    this.closer =
        new SegmentCloser(
            cache, store, sink, detectors, config.pageViewsStream(), config.anomaliesStream());
  }

  /**
   * Processes one batch; writes its EMF metrics line and any error through {@code logger}.
   *
   * @throws StateFormatException when Lambda's state map does not hold a readable window state
   * @throws TransientFailureException when a final close failed and there is no record to retry
   */
  public BatchResult process(ShardBatch batch, LineLogger logger) {
    long t0 = nanoTime.getAsLong();
    InvocationMetrics metrics = new InvocationMetrics();
    metrics.recordsIn(batch.records().size());
    StructuredLog log = new StructuredLog(logger);
    try {
      return run(batch, metrics, log);
    } catch (RuntimeException e) {
      metrics.batchFailed();
      log.error("batch failed as a whole", context(batch), e);
      throw e;
    } finally {
      metrics.batchDurationMs((nanoTime.getAsLong() - t0) / 1_000_000);
      new EmfWriter(config.metricsNamespace(), logger)
          .write(batch.shardId(), clock.instant(), metrics);
    }
  }

  private BatchResult run(ShardBatch batch, InvocationMetrics metrics, StructuredLog log) {
    int n = batch.records().size();
    Duration horizon =
        Duration.between(batch.windowStart(), batch.windowEnd())
            .multipliedBy(config.dedupWindows());
    EarlierIds earlier =
        segment -> cache.earlierIds(batch.stream(), batch.shardId(), segment, horizon);
    CloseReason closeAtEnd =
        batch.terminatedEarly()
            ? CloseReason.TERMINATED_BY_LAMBDA
            : batch.finalInvoke() ? CloseReason.WINDOW_END : null;

    Plan plan = planner.plan(batch, inputState(batch, true), earlier, n, closeAtEnd);
    int limit = plan.stoppedAt() >= 0 ? plan.stoppedAt() : Integer.MAX_VALUE;
    RuntimeException cause = plan.stopCause();
    int failAt = -1;
    List<Step.Reject> pending = new ArrayList<>();
    for (Step step : plan.steps()) {
      if (step.recordIndex() >= limit) {
        break;
      }
      if (step instanceof Step.Reject r) {
        pending.add(r);
        continue;
      }
      try {
        flush(pending, metrics);
      } catch (EmitFailedException e) {
        failAt = pending.get(e.firstFailedIndex()).recordIndex();
        cause = e;
        break;
      }
      try {
        closer.close(batch.stream(), (Step.Close) step, horizon, metrics, log);
      } catch (TransientFailureException e) {
        failAt = step.recordIndex();
        cause = e;
        break;
      }
    }
    if (failAt < 0) {
      try {
        flush(pending, metrics);
      } catch (EmitFailedException e) {
        failAt = pending.get(e.firstFailedIndex()).recordIndex();
        cause = e;
      }
    }
    if (failAt < 0 && plan.stoppedAt() >= 0) {
      failAt = plan.stoppedAt();
    }
    if (failAt < 0) {
      metrics.addRecordCounts(plan.counts());
      return result(batch, plan.end(), Optional.empty(), metrics);
    }
    return failed(batch, failAt, cause, earlier, metrics, log);
  }

  /** Sends the pending reject rows; on failure the exception's index is into {@code pending}. */
  private void flush(List<Step.Reject> pending, InvocationMetrics metrics) {
    if (pending.isEmpty()) {
      return;
    }
    List<byte[]> rows = new ArrayList<>(pending.size());
    for (Step.Reject r : pending) {
      rows.add(RowJson.reject(r.row()));
    }
    metrics.emitRetries(sink.put(config.rejectsStream(), rows));
    pending.clear();
  }

  private BatchResult failed(
      ShardBatch batch,
      int failAt,
      RuntimeException cause,
      EarlierIds earlier,
      InvocationMetrics metrics,
      StructuredLog log) {
    metrics.batchFailed();
    int n = batch.records().size();
    Map<String, Object> fields = context(batch);
    if (failAt >= n) {
      if (n == 0) {
        log.error("closing the window failed; Lambda retries the invocation", fields, cause);
        throw cause;
      }
      fields.put("failedSequenceNumber", batch.records().get(0).sequenceNumber());
      log.error("closing the window failed; Lambda retries the batch", fields, cause);
      return new BatchResult(batch.state(), Optional.of(batch.records().get(0).sequenceNumber()));
    }
    Plan replay = planner.plan(batch, inputState(batch, false), earlier, failAt, null);
    if (replay.stoppedAt() >= 0) {
      throw replay.stopCause(); // the ids it needs were loaded for the first pass: not expected
    }
    metrics.addRecordCounts(replay.counts());
    String failed = batch.records().get(failAt).sequenceNumber();
    fields.put("failedRecordIndex", failAt);
    fields.put("failedSequenceNumber", failed);
    log.error(
        "batch stopped at a transient failure; Lambda resumes from the failed record",
        fields,
        cause);
    return result(batch, replay.end(), Optional.of(failed), metrics);
  }

  private BatchResult result(
      ShardBatch batch, WindowState end, Optional<String> failed, InvocationMetrics metrics) {
    if (end == null) {
      return new BatchResult(Map.of(), failed);
    }
    String encoded = WindowStateCodec.encodeBase64(end);
    metrics.stateChars(encoded.length());
    cache.keepWindow(batch.stream(), batch.shardId(), encoded, end);
    return new BatchResult(Map.of(STATE_KEY, encoded), failed);
  }

  /** The window state Lambda passed, or null at the window's start. */
  private WindowState inputState(ShardBatch batch, boolean useCache) {
    Map<String, String> state = batch.state();
    if (state.isEmpty()) {
      return null;
    }
    String encoded = state.get(STATE_KEY);
    if (encoded == null || state.size() != 1) {
      throw new StateFormatException(
          "Lambda state map has keys " + state.keySet() + ", expected only \"" + STATE_KEY + "\"");
    }
    WindowState cached =
        useCache ? cache.takeWindow(batch.stream(), batch.shardId(), encoded) : null;
    WindowState s = cached != null ? cached : WindowStateCodec.decodeBase64(encoded);
    if (!s.windowStart().equals(batch.windowStart()) || !s.windowEnd().equals(batch.windowEnd())) {
      throw new StateFormatException(
          "window state belongs to window ["
              + s.windowStart()
              + ", "
              + s.windowEnd()
              + ") but Lambda invoked window ["
              + batch.windowStart()
              + ", "
              + batch.windowEnd()
              + ")");
    }
    return s;
  }

  private static Map<String, Object> context(ShardBatch batch) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("stream", batch.stream());
    fields.put("shardId", batch.shardId());
    fields.put("windowStart", batch.windowStart().toString());
    fields.put("records", batch.records().size());
    fields.put("finalInvoke", String.valueOf(batch.finalInvoke()));
    return fields;
  }
}
