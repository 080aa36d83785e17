package dev.shardwise.local.esm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shardwise.local.esm.FaultPlan;
import dev.shardwise.local.esm.MappingSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.AbstractList;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The poller of one shard (parallelization factor 1): reads records in order, batches them (batch
 * size, 6 MB payload, batching window, one tumbling window per batch), invokes the function, and
 * applies Lambda's rules to the outcome: success checkpoints the batch; a reported batch item
 * failure checkpoints before the lowest reported record and retries from it; a function error
 * (exception, timeout, missing window state, malformed failure list) retries the batch, bisected
 * when configured (bisecting does not consume retries), until {@code MaximumRetryAttempts} or
 * {@code MaximumRecordAgeInSeconds}, then sends the batch's description to the on-failure
 * destination and moves on. A tumbling window is closed by a final invocation (no records, {@code
 * isFinalInvokeForWindow}) when a record of a later window is next, when the shard is caught up and
 * the clock passed the window's end, or when draining; a final invocation is retried until it
 * succeeds.
 *
 * <p>Driven by one thread through {@link #step}; {@link #settled} and {@link #quietReads} may be
 * read from others.
 */
public final class ShardWorker {
  /** Lambda's synchronous invocation payload limit. */
  public static final int PAYLOAD_LIMIT = 6 * 1024 * 1024;

  /** The state size past which Lambda ends a window early. */
  public static final int STATE_LIMIT = 1024 * 1024;

  /** What a step did. */
  public enum Step {
    /** Something happened; step again at once. */
    WORKED,
    /** Nothing to do until more records come. */
    IDLE,
    /** Records wait for the batching window. */
    WAITING,
    /** An invocation failed and will be retried after a delay. */
    BLOCKED,
    /** The shard is read to its end and done. */
    FINISHED
  }

  /** A batch in the retry queue: records at the head of {@code pending}, attempts so far. */
  private record Batch(List<PolledRecord> records, int attempts) {}

  private final WorkerContext ctx;
  private final String shardId;
  private final String checkpointKey;
  private final MappingSettings settings;
  private final ShardSource source;
  private final Invoker invoker;
  private final ShardStats stats;
  private final InstantSource clock;
  private final int recordOverhead;
  private final int bufferLimit;

  private final ArrayDeque<PolledRecord> pending = new ArrayDeque<>();
  private final ArrayDeque<Batch> batches = new ArrayDeque<>();
  private String lastDone;
  private Checkpoint.OpenWindow window;
  private boolean sourceEnded;
  private boolean finished;

  /** The event JSON of the next invocation, reused while invocations succeed. */
  private EventBuffer event = new EventBuffer();

  private Instant firstPendingAt;
  private Instant lastFetchAt;
  private boolean lastFetchBehind;
  private int finalAttempts;
  private volatile boolean settled;
  private volatile long quietReads;
  private volatile boolean drain;

  public ShardWorker(
      WorkerContext ctx,
      String shardId,
      String checkpointKey,
      boolean useStartingPosition,
      ShardSource source,
      Invoker invoker,
      ShardStats stats) {
    this.ctx = ctx;
    this.shardId = shardId;
    this.checkpointKey = checkpointKey;
    this.settings = ctx.settings();
    this.source = source;
    this.invoker = invoker;
    this.stats = stats;
    this.clock = ctx.clock();
    this.recordOverhead = ctx.events().recordOverhead();
    this.bufferLimit = Math.max(2 * settings.batchSize(), 10_000);
    Checkpoint cp = ctx.checkpoints().load(checkpointKey);
    this.lastDone = cp.sequenceNumber();
    this.window = cp.window();
    this.finished = cp.shardEnd();
    if (!finished) {
      source.start(startPosition(cp, useStartingPosition));
    }
    this.settled = finished;
  }

  private ShardSource.Position startPosition(Checkpoint cp, boolean useStartingPosition) {
    if (cp.sequenceNumber() != null) {
      return new ShardSource.After(cp.sequenceNumber());
    }
    if (!useStartingPosition) {
      return new ShardSource.TrimHorizon();
    }
    return switch (settings.startingPosition()) {
      case TRIM_HORIZON -> new ShardSource.TrimHorizon();
      case LATEST -> new ShardSource.Latest();
      case AT_TIMESTAMP -> new ShardSource.AtTimestamp(settings.startingPositionTimestamp());
    };
  }

  public String shardId() {
    return shardId;
  }

  public boolean finished() {
    return finished;
  }

  /** Nothing read and not done, no retry pending, no window open. */
  public boolean settled() {
    return settled;
  }

  /** The number of reads so far that found the shard's tip (no records, not behind). */
  public long quietReads() {
    return quietReads;
  }

  /**
   * While draining, records are invoked without waiting for the batching window and an open window
   * closes once the shard is quiet.
   */
  public void drain(boolean on) {
    this.drain = on;
  }

  /** Does one unit of work. */
  public Step step() throws InterruptedException {
    try {
      return doStep();
    } finally {
      settled = finished || (pending.isEmpty() && batches.isEmpty() && window == null);
    }
  }

  private Step doStep() throws InterruptedException {
    if (finished) {
      return Step.FINISHED;
    }
    Instant now = clock.instant();
    fetchIfDue(now);
    if (!batches.isEmpty()) {
      return attempt(batches.peekFirst(), now);
    }
    if (discardExpired(now)) {
      return Step.WORKED;
    }
    if (window != null && windowEnds(now)) {
      return finalInvoke();
    }
    if (pending.isEmpty()) {
      if (sourceEnded) {
        finished = true;
        ctx.checkpoints().save(checkpointKey, new Checkpoint(lastDone, true, null));
        return Step.FINISHED;
      }
      return Step.IDLE;
    }
    if (!ready(now)) {
      return Step.WAITING;
    }
    Batch b = new Batch(form(), 0);
    batches.addFirst(b);
    return attempt(b, now);
  }

  // ---- reading ---------------------------------------------------------------------------------

  private void fetchIfDue(Instant now) {
    if (sourceEnded || pending.size() >= bufferLimit) {
      return;
    }
    boolean due =
        lastFetchAt == null
            || lastFetchBehind
            || !now.isBefore(lastFetchAt.plus(ctx.pollInterval()));
    if (!due) {
      return;
    }
    lastFetchAt = now;
    ShardSource.Fetch f;
    try {
      f = source.fetch(Math.min(10_000, bufferLimit - pending.size()));
    } catch (ShardSource.ThrottledException e) {
      lastFetchBehind = false;
      return;
    }
    List<PolledRecord> read = f.records();
    if (!read.isEmpty() && pending.isEmpty()) {
      firstPendingAt = now;
    }
    for (PolledRecord r : read) {
      if (ctx.filter().test(r)) {
        pending.addLast(r);
      } else {
        stats.recordsFiltered.incrementAndGet();
      }
    }
    if (!read.isEmpty() && pending.isEmpty()) {
      // every record was filtered out: they are done
      lastDone = read.get(read.size() - 1).sequenceNumber();
      ctx.checkpoints().save(checkpointKey, new Checkpoint(lastDone, false, window));
    }
    stats.recordsRead.addAndGet(read.size());
    sourceEnded = f.endOfShard();
    lastFetchBehind = !read.isEmpty() && f.millisBehindLatest() > 0;
    if (f.atTip()) {
      quietReads++;
    }
    if (!read.isEmpty()) {
      stats.iteratorAgeMs.set(
          Math.max(0, now.toEpochMilli() - read.get(read.size() - 1).arrival().toEpochMilli()));
    } else if (f.millisBehindLatest() == 0) {
      stats.iteratorAgeMs.set(0);
    }
  }

  // ---- batching --------------------------------------------------------------------------------

  private boolean ready(Instant now) {
    if (drain || sourceEnded || pending.size() >= settings.batchSize()) {
      return true;
    }
    if (settings.maximumBatchingWindow().isZero()
        || !now.isBefore(firstPendingAt.plus(settings.maximumBatchingWindow()))) {
      return true;
    }
    long bytes = 0;
    for (PolledRecord r : pending) {
      bytes += r.payloadBytes(recordOverhead);
      if (bytes >= PAYLOAD_LIMIT) {
        return true;
      }
    }
    return settings.windowed()
        && !windowStart(pending.peekLast()).equals(windowStart(pending.peekFirst()));
  }

  private List<PolledRecord> form() {
    PolledRecord head = pending.peekFirst();
    if (settings.windowed() && window == null) {
      Instant start = windowStart(head);
      window = new Checkpoint.OpenWindow(start, start.plus(settings.tumblingWindow()), null, false);
    }
    List<PolledRecord> out = new ArrayList<>(Math.min(settings.batchSize(), pending.size()));
    long bytes = 1024 + (window == null || window.state() == null ? 0 : stateBytes(window.state()));
    for (PolledRecord r : pending) {
      if (out.size() >= settings.batchSize()) {
        break;
      }
      int rb = r.payloadBytes(recordOverhead);
      if (!out.isEmpty() && bytes + rb > PAYLOAD_LIMIT) {
        break;
      }
      if (window != null && !windowStart(r).equals(window.start())) {
        break;
      }
      out.add(r);
      bytes += rb;
    }
    return out;
  }

  private Instant windowStart(PolledRecord r) {
    long len = settings.tumblingWindow().toMillis();
    if (len == 0) {
      return Instant.EPOCH;
    }
    long t = r.arrival().toEpochMilli();
    return Instant.ofEpochMilli(Math.floorDiv(t, len) * len);
  }

  private boolean windowEnds(Instant now) {
    if (window.terminateEarly()) {
      return true;
    }
    if (!pending.isEmpty()) {
      return !windowStart(pending.peekFirst()).equals(window.start());
    }
    boolean quiet = !lastFetchBehind;
    return quiet && (sourceEnded || drain || !now.isBefore(window.end()));
  }

  // ---- invoking --------------------------------------------------------------------------------

  private Step finalInvoke() throws InterruptedException {
    FaultPlan.Fault fault =
        ctx.faults().decide(new FaultPlan.Invocation(shardId, List.of(), finalAttempts, true));
    ctx.events()
        .build(
            shardId,
            List.of(),
            new EventJson.Window(
                window.start(), window.end(), window.state(), true, window.terminateEarly()),
            event);
    Result r = call(fault, List.of());
    if (r.kind == Result.Kind.CRASHED) {
      return Step.WORKED;
    }
    if (r.kind != Result.Kind.OK) {
      finalAttempts++;
      ctx.sleeper().sleep(ctx.retryDelay());
      return Step.BLOCKED;
    }
    finalAttempts = 0;
    stats.windowsClosed.incrementAndGet();
    window =
        window.terminateEarly()
            ? new Checkpoint.OpenWindow(window.start(), window.end(), null, false)
            : null;
    ctx.checkpoints().save(checkpointKey, new Checkpoint(lastDone, false, window));
    return Step.WORKED;
  }

  private Step attempt(Batch b, Instant now) throws InterruptedException {
    if (b.attempts() > 0 && expired(b.records().get(0), now)) {
      batches.removeFirst();
      discard(b.records(), OnFailureRecord.Condition.RecordAgeExceeded, b.attempts() + 1, null);
      return Step.WORKED;
    }
    FaultPlan.Fault fault =
        ctx.faults()
            .decide(
                new FaultPlan.Invocation(
                    shardId, sequenceNumbers(b.records()), b.attempts(), false));
    EventJson.Window w =
        window == null
            ? null
            : new EventJson.Window(window.start(), window.end(), window.state(), false, false);
    ctx.events().build(shardId, b.records(), w, event);
    Result r = call(fault, b.records());
    switch (r.kind) {
      case CRASHED:
        return Step.WORKED;
      case OK:
        batches.removeFirst();
        commit(b.records().size(), r.state);
        return Step.WORKED;
      case PARTIAL:
        batches.removeFirst();
        commit(r.failedIndex, r.state);
        List<PolledRecord> rest = b.records().subList(r.failedIndex, b.records().size());
        return retryOrDiscard(new Batch(List.copyOf(rest), b.attempts()), r.errorType);
      default:
        batches.removeFirst();
        if (settings.bisectBatchOnFunctionError() && b.records().size() > 1) {
          int half = b.records().size() / 2;
          batches.addFirst(
              new Batch(List.copyOf(b.records().subList(half, b.records().size())), b.attempts()));
          batches.addFirst(new Batch(List.copyOf(b.records().subList(0, half)), b.attempts()));
          return Step.WORKED;
        }
        return retryOrDiscard(b, r.errorType);
    }
  }

  private Step retryOrDiscard(Batch b, String functionError) throws InterruptedException {
    int attempts = b.attempts() + 1;
    if (settings.maximumRetryAttempts() >= 0 && attempts > settings.maximumRetryAttempts()) {
      discard(
          b.records(), OnFailureRecord.Condition.RetryAttemptsExhausted, attempts, functionError);
      return Step.WORKED;
    }
    batches.addFirst(new Batch(b.records(), attempts));
    ctx.sleeper().sleep(ctx.retryDelay());
    return Step.BLOCKED;
  }

  /** The records' sequence numbers: a read-only view, not a copy (the fault plan's argument). */
  private static List<String> sequenceNumbers(List<PolledRecord> records) {
    return new AbstractList<>() {
      @Override
      public String get(int index) {
        return records.get(index).sequenceNumber();
      }

      @Override
      public int size() {
        return records.size();
      }
    };
  }

  private boolean expired(PolledRecord r, Instant now) {
    Duration max = settings.maximumRecordAge();
    return max != null && r.arrival().plus(max).isBefore(now);
  }

  private boolean discardExpired(Instant now) {
    if (settings.maximumRecordAge() == null
        || pending.isEmpty()
        || !expired(pending.peekFirst(), now)) {
      return false;
    }
    List<PolledRecord> old = new ArrayList<>();
    for (PolledRecord r : pending) {
      if (!expired(r, now) || old.size() >= settings.batchSize()) {
        break;
      }
      old.add(r);
    }
    discard(old, OnFailureRecord.Condition.RecordAgeExceeded, 0, null);
    return true;
  }

  /** The first {@code n} pending records are done; the window takes the state returned. */
  private void commit(int n, JsonNode state) {
    String last = lastDone;
    for (int i = 0; i < n; i++) {
      last = pending.removeFirst().sequenceNumber();
    }
    stats.recordsDelivered.addAndGet(n);
    lastDone = last;
    if (window != null && state != null) {
      window =
          new Checkpoint.OpenWindow(
              window.start(), window.end(), state, stateBytes(state) > STATE_LIMIT);
    }
    if (pending.isEmpty()) {
      firstPendingAt = null;
    }
    ctx.checkpoints().save(checkpointKey, new Checkpoint(lastDone, false, window));
  }

  private void discard(
      List<PolledRecord> records,
      OnFailureRecord.Condition condition,
      int invokeCount,
      String functionError) {
    if (ctx.onFailure() != null) {
      ctx.onFailure()
          .accept(
              OnFailureRecord.build(
                  ctx.requestIds().get(),
                  ctx.functionArn(),
                  condition,
                  invokeCount,
                  functionError,
                  clock.instant(),
                  shardId,
                  ctx.streamArn(),
                  records));
      stats.onFailureMessages.incrementAndGet();
    }
    for (int i = 0; i < records.size(); i++) {
      lastDone = pending.removeFirst().sequenceNumber();
    }
    stats.recordsDiscarded.addAndGet(records.size());
    if (pending.isEmpty()) {
      firstPendingAt = null;
    }
    ctx.checkpoints().save(checkpointKey, new Checkpoint(lastDone, false, window));
  }

  private static int stateBytes(JsonNode state) {
    return state.toString().length();
  }

  // ---- outcomes --------------------------------------------------------------------------------

  private static final class Result {
    enum Kind {
      OK,
      PARTIAL,
      ERROR,
      CRASHED
    }

    Kind kind;
    JsonNode state;
    int failedIndex;
    String errorType;
  }

  private Result call(FaultPlan.Fault fault, List<PolledRecord> records) {
    Result r = new Result();
    String requestId = ctx.requestIds().get();
    // Lambda's IteratorAge: the age of the event's last record when the event is sent
    long iteratorAgeMs =
        records.isEmpty()
            ? stats.iteratorAgeMs.get()
            : Math.max(
                0,
                clock.instant().toEpochMilli()
                    - records.get(records.size() - 1).arrival().toEpochMilli());
    FunctionRunner.Outcome o;
    switch (fault) {
      case ERROR ->
          o = new FunctionRunner.Outcome(true, "InjectedFault", "injected error", null, 0);
      case TIMEOUT -> {
        invoker.discard();
        o = new FunctionRunner.Outcome(true, "Sandbox.Timedout", "injected timeout", null, 0);
      }
      default -> o = invoker.invoke(event, requestId);
    }
    if (o.error()) {
      event = new EventBuffer(); // a timed-out handler may still be reading the old one
    }
    stats.invocations.incrementAndGet();
    if (fault == FaultPlan.Fault.CRASH_AFTER_HANDLER) {
      ctx.telemetry().invoked(o.nanos(), o.error(), iteratorAgeMs);
      if (o.error()) {
        stats.errors.incrementAndGet();
      }
      r.kind = Result.Kind.CRASHED;
      return r;
    }
    interpret(o, records, r);
    if (r.kind == Result.Kind.ERROR) {
      stats.errors.incrementAndGet();
      ctx.errorLog()
          .accept(shardId + ": " + r.errorType + ": " + (o.error() ? o.errorMessage() : ""));
    }
    ctx.telemetry().invoked(o.nanos(), r.kind == Result.Kind.ERROR, iteratorAgeMs);
    return r;
  }

  private void interpret(FunctionRunner.Outcome o, List<PolledRecord> records, Result r) {
    if (o.error()) {
      r.kind = Result.Kind.ERROR;
      r.errorType = o.errorType();
      return;
    }
    JsonNode resp = o.response();
    if (settings.windowed()) {
      JsonNode state = resp == null ? null : resp.get("state");
      if (state == null || !state.isObject()) {
        r.kind = Result.Kind.ERROR;
        r.errorType = "MissingState";
        return;
      }
      r.state = state;
    }
    JsonNode failures = resp == null ? null : resp.get("batchItemFailures");
    if (!settings.reportBatchItemFailures()
        || failures == null
        || failures.isNull()
        || (failures.isArray() && failures.isEmpty())) {
      r.kind = Result.Kind.OK;
      return;
    }
    int lowest = Integer.MAX_VALUE;
    if (!failures.isArray()) {
      lowest = -1;
    } else {
      for (JsonNode f : failures) {
        JsonNode id = f == null ? null : f.get("itemIdentifier");
        int index = id == null || !id.isTextual() ? -1 : indexOf(records, id.textValue());
        if (index < 0) {
          lowest = -1;
          break;
        }
        lowest = Math.min(lowest, index);
      }
    }
    if (lowest < 0 || records.isEmpty()) {
      r.kind = Result.Kind.ERROR;
      r.errorType = "InvalidBatchItemFailures";
      return;
    }
    r.kind = Result.Kind.PARTIAL;
    r.failedIndex = lowest;
    r.errorType = "ReportedBatchItemFailure";
  }

  private static int indexOf(List<PolledRecord> records, String seq) {
    if (seq.isEmpty()) {
      return -1;
    }
    Iterator<PolledRecord> it = records.iterator();
    for (int i = 0; it.hasNext(); i++) {
      if (it.next().sequenceNumber().equals(seq)) {
        return i;
      }
    }
    return -1;
  }
}
