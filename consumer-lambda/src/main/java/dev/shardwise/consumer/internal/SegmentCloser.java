package dev.shardwise.consumer.internal;

import dev.shardwise.consumer.TransientFailureException;
import dev.shardwise.consumer.metrics.InvocationMetrics;
import dev.shardwise.consumer.metrics.StructuredLog;
import dev.shardwise.consumer.sink.RowSink;
import dev.shardwise.consumer.state.ShardStateStore;
import dev.shardwise.consumer.state.ShardStateStore.VersionedState;
import dev.shardwise.consumer.state.StateConflictException;
import dev.shardwise.consumer.state.StoreUnavailableException;
import dev.shardwise.core.detect.DetectorRegistry;
import dev.shardwise.core.rows.AnomalyRow;
import dev.shardwise.core.rows.PageViewRow;
import dev.shardwise.core.rows.RowJson;
import dev.shardwise.core.window.CloseReason;
import dev.shardwise.core.window.PageMinute;
import dev.shardwise.core.window.SegmentKey;
import dev.shardwise.core.window.ShardState;
import dev.shardwise.core.window.WindowSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Closes a window segment, exactly once in effect:
 *
 * <ol>
 *   <li>load the shard state (cached, or from the store);
 *   <li>if the segment was applied already and was the last one applied, re-emit its rows (a
 *       previous attempt saved but failed to emit); if a later one was applied, do nothing;
 *   <li>otherwise run the detectors on the state they left last time, and save the new shard state
 *       (detector states, the segment as last applied, its event ids, its anomaly rows) with a
 *       conditional write: a lost race reloads and decides again;
 *   <li>emit the {@code page_views} and {@code anomalies} rows.
 * </ol>
 *
 * Saving before emitting means detectors never run twice for a segment, and a retried emission
 * writes exactly the rows (same ids, same values) of the first attempt.
 */
public final class SegmentCloser {
  private static final int MAX_RACES = 3;

  private final ContainerCache cache;
  private final ShardStateStore store;
  private final RowSink sink;
  private final DetectorRegistry detectors;
  private final String pageViewsStream;
  private final String anomaliesStream;

  public SegmentCloser(
      ContainerCache cache,
      ShardStateStore store,
      RowSink sink,
      DetectorRegistry detectors,
      String pageViewsStream,
      String anomaliesStream) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.store = Objects.requireNonNull(store, "store");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.detectors = Objects.requireNonNull(detectors, "detectors");
    this.pageViewsStream = Objects.requireNonNull(pageViewsStream, "pageViewsStream");
    this.anomaliesStream = Objects.requireNonNull(anomaliesStream, "anomaliesStream");
  }

  /** A detector threw: the close fails like an unavailable dependency. */
  public static final class DetectorFailedException extends TransientFailureException {
    private static final long serialVersionUID = 1L;

    DetectorFailedException(SegmentKey segment, RuntimeException cause) {
      super("a detector failed on segment " + segment.id() + ": " + cause.getMessage(), cause);
    }
  }

  /**
   * Closes one segment.
   *
   * @throws TransientFailureException when the store, a detector or Firehose fails
   */
  public void close(
      String stream,
      Step.Close step,
      Duration horizon,
      InvocationMetrics metrics,
      StructuredLog log) {
    WindowSummary summary = step.summary();
    SegmentKey segment = summary.segment();
    String shardId = summary.shardId();
    for (int attempt = 1; attempt <= MAX_RACES; attempt++) {
      VersionedState loaded = cache.shardState(stream, shardId);
      List<byte[]> anomalyRows;
      if (loaded.state().hasApplied(segment)) {
        if (!segment.equals(loaded.state().lastApplied())) {
          return; // a later segment was applied: this one's close completed before it
        }
        anomalyRows = loaded.state().lastAnomalyRows();
      } else {
        DetectorRegistry.Outcome outcome = detect(summary, loaded.state());
        anomalyRows = new ArrayList<>(outcome.anomalies().size());
        for (AnomalyRow row : outcome.anomalies()) {
          anomalyRows.add(RowJson.anomaly(row));
        }
        ShardState next =
            loaded
                .state()
                .afterClose(segment, step.fingerprints(), outcome.states(), anomalyRows, horizon);
        try {
          String tag = store.save(stream, shardId, next, loaded.tag());
          cache.shardStateWritten(stream, shardId, new VersionedState(next, tag));
        } catch (StateConflictException e) {
          cache.forgetShardState(stream, shardId);
          continue;
        }
        outcome.anomalies().forEach(a -> metrics.anomaly(a.kind()));
      }
      emit(summary, anomalyRows, metrics, log);
      return;
    }
    throw new StoreUnavailableException(
        "shard state of "
            + shardId
            + " changed under "
            + MAX_RACES
            + " attempts to close segment "
            + segment.id(),
        null);
  }

  private DetectorRegistry.Outcome detect(WindowSummary summary, ShardState state) {
    try {
      return detectors.run(summary, state.detectorStates());
    } catch (RuntimeException e) {
      throw new DetectorFailedException(summary.segment(), e);
    }
  }

  private void emit(
      WindowSummary summary,
      List<byte[]> anomalyRows,
      InvocationMetrics metrics,
      StructuredLog log) {
    List<byte[]> pageViews = new ArrayList<>(summary.pageMinutes().size());
    for (PageMinute m : summary.pageMinutes()) {
      pageViews.add(RowJson.pageView(PageViewRow.of(summary, m)));
    }
    metrics.emitRetries(sink.put(pageViewsStream, pageViews));
    metrics.emitRetries(sink.put(anomaliesStream, anomalyRows));
    boolean early = summary.closeReason() != CloseReason.WINDOW_END;
    metrics.segmentClosed(early, pageViews.size());
    metrics.kindsJudged(detectors.kinds());
    if (early) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("shardId", summary.shardId());
      fields.put("windowStart", summary.windowStart().toString());
      fields.put("segment", summary.segment().id());
      fields.put("reason", summary.closeReason().name());
      fields.put("events", summary.totals().countedEvents());
      log.warn("window segment closed early; the window continues in a new segment", fields);
    }
  }
}
