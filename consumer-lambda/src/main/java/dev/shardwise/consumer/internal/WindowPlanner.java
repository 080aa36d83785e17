package dev.shardwise.consumer.internal;

import dev.shardwise.consumer.ShardBatch;
import dev.shardwise.consumer.StreamRecord;
import dev.shardwise.consumer.TransientFailureException;
import dev.shardwise.consumer.metrics.InvocationMetrics;
import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.RejectReason;
import dev.shardwise.core.rows.RejectRow;
import dev.shardwise.core.window.CloseReason;
import dev.shardwise.core.window.FingerprintSet;
import dev.shardwise.core.window.SegmentKey;
import dev.shardwise.core.window.StateBudget;
import dev.shardwise.core.window.WindowState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs a batch's records through the window state without side effects: deaggregate, decode and
 * validate, deduplicate, aggregate, close segments that reach the state budget. The result is a
 * {@link Plan} of effects. Deterministic: the same start state and records give the same plan, so
 * "the state before record k" is simply the plan of records {@code [0, k)}.
 */
public final class WindowPlanner {
  private final RecordReader reader;
  private final StateBudget budget;
  private final Duration lateGrace;

  public WindowPlanner(RecordReader reader, StateBudget budget, Duration lateGrace) {
    this.reader = Objects.requireNonNull(reader, "reader");
    this.budget = Objects.requireNonNull(budget, "budget");
    this.lateGrace = Objects.requireNonNull(lateGrace, "lateGrace");
  }

  /**
   * Plans records {@code [0, limit)} of a batch.
   *
   * @param start the state at the batch start, or null (the window's first records); it is modified
   * @param earlier the ids earlier segments counted
   * @param closeAtEnd close the open segment after the records for this reason, or null
   */
  public Plan plan(
      ShardBatch batch, WindowState start, EarlierIds earlier, int limit, CloseReason closeAtEnd) {
    Run run = new Run(batch, start, earlier);
    for (int i = 0; i < limit; i++) {
      run.index = i;
      try {
        reader.read(batch.stream(), batch.shardId(), batch.records().get(i), run);
      } catch (TransientFailureException e) {
        return new Plan(run.steps, null, i, e, run.counts);
      }
    }
    if (closeAtEnd != null && run.state != null) {
      run.close(limit, closeAtEnd);
      run.state = null;
    }
    return new Plan(run.steps, run.state, -1, null, run.counts);
  }

  /** The mutable part of one planning pass; also the handler of user records. */
  private final class Run implements UserRecordHandler {
    final ShardBatch batch;
    final EarlierIds earlier;
    final List<Step> steps = new ArrayList<>();
    final InvocationMetrics counts = new InvocationMetrics();
    WindowState state;
    FingerprintSet earlierIds;

    /**
     * The pass's decoded events, kept from its first duplicate on: a batch without duplicates pays
     * nothing for the copy shortcut (a scan of each record for its id, and keeping its event).
     */
    DecodedCopies copies;

    int index;

    Run(ShardBatch batch, WindowState start, EarlierIds earlier) {
      this.batch = batch;
      this.state = start;
      this.earlier = earlier;
    }

    private StreamRecord record() {
      return batch.records().get(index);
    }

    private void ensureOpen(int sub) {
      if (state == null) {
        state = open(sub);
        earlierIds = null;
      }
    }

    private WindowState open(int sub) {
      SegmentKey key = new SegmentKey(batch.windowStart(), record().sequenceNumber(), sub);
      return WindowState.open(key, batch.windowEnd(), lateGrace, batch.records().size());
    }

    @Override
    public DecodedCopies copies() {
      return copies; // none until the pass met its first duplicate
    }

    @Override
    public void event(int sub, Event event, long fp) {
      counts.userRecord();
      ensureOpen(sub);
      if (earlierIds == null) {
        earlierIds = earlier.before(state.segment());
      }
      if (!state.contains(fp) && !earlierIds.contains(fp) && !budget.admits(state, event)) {
        FingerprintSet closed = state.fingerprints();
        close(index, CloseReason.STATE_BUDGET);
        FingerprintSet union = new FingerprintSet(earlierIds.size() + closed.size());
        union.addAll(earlierIds);
        union.addAll(closed);
        earlierIds = union;
        state = open(sub);
      }
      WindowState.Outcome outcome = state.accept(event, fp, earlierIds);
      if (outcome == WindowState.Outcome.DUPLICATE && copies == null) {
        copies = new DecodedCopies();
      }
      long ageMs = record().arrival().toEpochMilli() - event.time().toEpochMilli();
      counts.event(
          outcome != WindowState.Outcome.DUPLICATE,
          outcome == WindowState.Outcome.COUNTED_LATE,
          ageMs);
    }

    @Override
    public void reject(
        int sub,
        String partitionKey,
        RejectReason reason,
        String message,
        byte[] data,
        int offset,
        int length) {
      counts.userRecord();
      ensureOpen(sub);
      state.reject();
      counts.rejected(reason);
      StreamRecord r = record();
      steps.add(
          new Step.Reject(
              index,
              RejectRow.of(
                  batch.shardId(),
                  r.sequenceNumber(),
                  sub,
                  partitionKey,
                  r.arrival(),
                  reason,
                  message,
                  data,
                  offset,
                  length)));
    }

    @Override
    public void otherShard(int sub) {
      counts.userRecordOfOtherShard();
    }

    void close(int at, CloseReason reason) {
      steps.add(new Step.Close(at, state.summarize(batch.shardId(), reason), state.fingerprints()));
    }
  }
}
