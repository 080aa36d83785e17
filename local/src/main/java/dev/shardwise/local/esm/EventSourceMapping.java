package dev.shardwise.local.esm;

import dev.shardwise.local.esm.internal.CheckpointStore;
import dev.shardwise.local.esm.internal.EventBuffer;
import dev.shardwise.local.esm.internal.EventJson;
import dev.shardwise.local.esm.internal.FilterCriteria;
import dev.shardwise.local.esm.internal.FunctionRunner;
import dev.shardwise.local.esm.internal.KinesisShardSource;
import dev.shardwise.local.esm.internal.LaneSplitter;
import dev.shardwise.local.esm.internal.ShardSource;
import dev.shardwise.local.esm.internal.ShardStats;
import dev.shardwise.local.esm.internal.ShardWorker;
import dev.shardwise.local.esm.internal.WorkerContext;
import dev.shardwise.local.metrics.MetricSink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * One Lambda event source mapping for a Kinesis stream, run in this JVM: one poller thread per
 * shard reads through the SDK {@code KinesisClient} and invokes a {@link LocalFunction} in-process
 * with Lambda's event JSON, following Lambda's documented rules (batching, tumbling windows,
 * partial batch responses, bisect, retries, record age, on-failure destination; see {@code
 * docs/esm.md}).
 *
 * <p>Shards: listed at start and every second; a shard born from a reshard is polled only once its
 * parents are finished (read to SHARD_END and done). Shards present at start without a checkpoint
 * begin at the mapping's {@code StartingPosition}; shards born later begin at TRIM_HORIZON.
 *
 * <p>Persistence: after every completed step (a successful invocation, a discarded batch, a closed
 * window) the shard's checkpoint and open window state are written to {@code
 * <stateDir>/<shardId>.json}; a mapping started on the same directory resumes there.
 *
 * <p>Metrics ({@code AWS/Lambda}, dimension {@code FunctionName}): Invocations, Errors, Duration,
 * IteratorAge, ConcurrentExecutions, Throttles (always 0 locally). The handler's log lines go to
 * the configured log sink (EMF lines are metrics).
 *
 * <p>Enabled while it runs; {@link #enabled(boolean) enabled(false)} pauses it as {@code
 * UpdateEventSourceMapping Enabled=false} does: nothing is read or invoked (an invocation in flight
 * finishes) and the checkpoints stay, so {@code enabled(true)} resumes where it stopped, with the
 * records that arrived meanwhile (their iterator age shows how far behind it is).
 *
 * <p>Thread-safe. {@link #close} stops the pollers (an invocation in flight finishes or times out)
 * and is idempotent.
 */
public final class EventSourceMapping implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventSourceMapping.class);

  private final EventSourceMappingConfig config;
  private final WorkerContext ctx;
  private final Map<String, ShardEntry> shards = new LinkedHashMap<>();
  private final AtomicInteger busy = new AtomicInteger();
  private final Thread discovery;
  private volatile boolean closed;
  private volatile boolean enabled = true;
  private boolean firstDiscovery = true;

  /** One shard: its workers (one per lane), their threads and environments. */
  private static final class ShardEntry {
    final Shard shard;
    final ShardStats stats = new ShardStats();
    final List<ShardWorker> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<FunctionRunner> runners = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile LaneSplitter splitter;
    volatile boolean started;

    ShardEntry(Shard shard) {
      this.shard = shard;
    }

    boolean finished() {
      if (!started) {
        return false;
      }
      for (ShardWorker w : workers) {
        if (!w.finished()) {
          return false;
        }
      }
      return true;
    }

    /** A mark to compare with {@link #idleSince} later. */
    long mark() {
      if (!started) {
        return -1;
      }
      if (splitter != null) {
        return splitter.quietReads();
      }
      return workers.get(0).quietReads();
    }

    /** Settled, and caught up with a read of the shard made after {@code mark}. */
    boolean idleSince(long mark) {
      if (finished()) {
        return true;
      }
      for (ShardWorker w : workers) {
        if (!w.finished() && !w.settled()) {
          return false;
        }
      }
      if (splitter != null) {
        return splitter.lanesAtTipSince(mark);
      }
      return workers.get(0).quietReads() > mark;
    }
  }

  EventSourceMapping(EventSourceMappingConfig config) {
    this.config = config;
    String fn = config.function().functionName();
    this.ctx =
        new WorkerContext(
            config.settings(),
            config.clock(),
            config.sleeper(),
            new EventJson(config.streamArn(), config.region(), config.roleArn()),
            new CheckpointStore(config.stateDir()),
            config.faults(),
            config.onFailure(),
            () -> UUID.randomUUID().toString(),
            config.functionArn(),
            config.streamArn(),
            config.pollInterval(),
            config.retryDelay(),
            WorkerContext.Telemetry.NONE,
            line -> log.warn("{}: invocation failed: {}", fn, line),
            FilterCriteria.parse(config.settings().filterPatterns()));
    this.discovery = new Thread(this::discoverLoop, "esm-" + fn + "-shards");
    this.discovery.setDaemon(true);
  }

  /** A builder for a mapping of {@code function} to {@code stream} read with {@code kinesis}. */
  public static EventSourceMappingConfig.Builder builder(
      LocalFunction function, MappingSettings settings, KinesisClient kinesis, String streamName) {
    return new EventSourceMappingConfig.Builder(function, settings, kinesis, streamName);
  }

  /** Lists the shards and starts polling. */
  EventSourceMapping start() {
    discover();
    discovery.start();
    return this;
  }

  /**
   * Pauses ({@code false}) or resumes ({@code true}) polling, as {@code UpdateEventSourceMapping
   * Enabled=...}: a paused mapping reads and invokes nothing (an invocation in flight finishes),
   * keeps its checkpoints and open windows, and publishes no Lambda metrics; resumed, it continues
   * from its checkpoints. A paused mapping with records waiting never becomes idle ({@link
   * #awaitIdle} times out).
   */
  public void enabled(boolean on) {
    this.enabled = on;
  }

  /** Whether the mapping polls ({@link #enabled(boolean)}); a new mapping does. */
  public boolean enabled() {
    return enabled;
  }

  /** The mapping's settings. */
  public MappingSettings settings() {
    return config.settings();
  }

  /** The function's ARN as the events and on-failure records name it. */
  public String functionArn() {
    return config.functionArn();
  }

  /** A snapshot of the work so far. */
  public synchronized Progress progress() {
    List<Progress.ShardProgress> out = new ArrayList<>();
    for (ShardEntry e : shards.values()) {
      Progress.ShardState state =
          !e.started
              ? Progress.ShardState.WAITING_FOR_PARENTS
              : e.finished() ? Progress.ShardState.FINISHED : Progress.ShardState.RUNNING;
      ShardStats s = e.stats;
      out.add(
          new Progress.ShardProgress(
              e.shard.shardId(),
              state,
              s.recordsRead.get(),
              s.recordsDelivered.get(),
              s.recordsFiltered.get(),
              s.recordsDiscarded.get(),
              s.iteratorAgeMs.get(),
              s.invocations.get(),
              s.errors.get(),
              s.windowsClosed.get(),
              s.onFailureMessages.get()));
    }
    return new Progress(out);
  }

  /**
   * Waits until every shard is caught up with its tip (a read after this call found no new
   * records), nothing read is left undone, and no tumbling window is open. While waiting the
   * pollers drain: buffered records are invoked without waiting for the batching window, and an
   * open window is closed (a final invocation with no records and {@code isFinalInvokeForWindow})
   * as soon as its shard is quiet, without waiting for the window's end. Lambda itself closes a
   * window only at its first invocation after the window's end; draining is the local shortcut for
   * tests and the demo.
   *
   * @return whether the mapping became idle within {@code timeout} (real time)
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Long> quietAtStart = new LinkedHashMap<>();
    setDrain(true);
    try {
      discover();
      synchronized (this) {
        for (ShardEntry e : shards.values()) {
          quietAtStart.put(e.shard.shardId(), e.mark());
        }
      }
      while (System.nanoTime() < deadline) {
        if (idleSince(quietAtStart)) {
          return true;
        }
        Thread.sleep(10);
        discover();
        setDrain(true);
      }
      return idleSince(quietAtStart);
    } finally {
      setDrain(false);
    }
  }

  private synchronized void setDrain(boolean on) {
    for (ShardEntry e : shards.values()) {
      for (ShardWorker w : e.workers) {
        w.drain(on);
      }
    }
  }

  private synchronized boolean idleSince(Map<String, Long> quietAtStart) {
    for (ShardEntry e : shards.values()) {
      if (!e.started) {
        if (!parentsFinished(e.shard)) {
          continue; // its parents are not idle either
        }
        return false;
      }
      Long before = quietAtStart.get(e.shard.shardId());
      if (!e.idleSince(before == null ? -1 : before)) {
        return false;
      }
    }
    return true;
  }

  // ---- shards ----------------------------------------------------------------------------------

  private void discoverLoop() {
    while (!closed) {
      try {
        config.sleeper().sleep(config.discoveryInterval());
        discover();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.warn("listing the shards of {} failed: {}", config.streamArn(), e.toString());
      }
    }
  }

  private synchronized void discover() {
    if (closed) {
      return;
    }
    String token = null;
    do {
      ListShardsResponse resp =
          config
              .kinesis()
              .listShards(
                  token == null
                      ? ListShardsRequest.builder().streamARN(config.streamArn()).build()
                      : ListShardsRequest.builder().nextToken(token).build());
      for (Shard s : resp.shards()) {
        shards.computeIfAbsent(s.shardId(), id -> new ShardEntry(s));
      }
      token = resp.nextToken();
    } while (token != null);
    boolean atStart = firstDiscovery;
    firstDiscovery = false;
    for (ShardEntry e : shards.values()) {
      if (!e.started && parentsFinished(e.shard)) {
        boolean root =
            !shards.containsKey(nullToEmpty(e.shard.parentShardId()))
                && !shards.containsKey(nullToEmpty(e.shard.adjacentParentShardId()));
        startWorker(e, atStart && root);
      }
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private boolean parentsFinished(Shard s) {
    for (String parent : new String[] {s.parentShardId(), s.adjacentParentShardId()}) {
      ShardEntry p = parent == null ? null : shards.get(parent);
      if (p != null && !p.finished()) {
        return false;
      }
    }
    return true;
  }

  private void startWorker(ShardEntry e, boolean useStartingPosition) {
    String shardId = e.shard.shardId();
    int lanes = config.settings().parallelizationFactor();
    ShardSource source = new KinesisShardSource(config.kinesis(), config.streamArn(), shardId);
    if (lanes > 1) {
      e.splitter =
          new LaneSplitter(
              source,
              lanes,
              config.clock(),
              config.pollInterval(),
              Math.max(2 * config.settings().batchSize(), 1000));
    }
    for (int lane = 0; lane < lanes; lane++) {
      String key = lanes == 1 ? shardId : shardId + "-lane" + lane + "of" + lanes;
      ShardSource laneSource = lanes == 1 ? source : e.splitter.lane(lane);
      e.workers.add(newWorker(e, shardId, key, useStartingPosition, laneSource));
    }
    e.started = true;
    for (int lane = 0; lane < lanes; lane++) {
      ShardWorker w = e.workers.get(lane);
      startThread(
          e, "esm-" + config.function().functionName() + "-" + shardId + "-" + lane, () -> run(w));
    }
    if (e.splitter != null) {
      LaneSplitter splitter = e.splitter;
      startThread(
          e,
          "esm-" + config.function().functionName() + "-" + shardId + "-reader",
          () -> pump(splitter));
    }
  }

  private void startThread(ShardEntry e, String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    e.threads.add(t);
    t.start();
  }

  private ShardWorker newWorker(
      ShardEntry e, String shardId, String key, boolean useStartingPosition, ShardSource source) {
    String fn = config.function().functionName();
    FunctionRunner runner =
        new FunctionRunner(
            config.function(),
            config.functionArn(),
            config.settings().windowed(),
            config.logLines(),
            "lambda-" + fn + "-" + key);
    e.runners.add(runner);
    MetricsInvoker invoker = new MetricsInvoker(runner, busy, config.metrics(), fn, config.clock());
    WorkerContext shardCtx =
        new WorkerContext(
            ctx.settings(),
            ctx.clock(),
            ctx.sleeper(),
            ctx.events(),
            ctx.checkpoints(),
            ctx.faults(),
            ctx.onFailure(),
            ctx.requestIds(),
            ctx.functionArn(),
            ctx.streamArn(),
            ctx.pollInterval(),
            ctx.retryDelay(),
            invoker::record,
            ctx.errorLog(),
            ctx.filter());
    return new ShardWorker(shardCtx, shardId, key, useStartingPosition, source, invoker, e.stats);
  }

  private void pump(LaneSplitter splitter) {
    Duration tick = tick();
    while (!closed) {
      try {
        if (!enabled || !splitter.pump()) {
          config.sleeper().sleep(tick);
        }
      } catch (InterruptedException ex) {
        return;
      } catch (ShardSource.ThrottledException | RuntimeException ex) {
        log.warn("reading a shard failed; retrying: {}", ex.toString());
        try {
          config.sleeper().sleep(Duration.ofMillis(200));
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  private Duration tick() {
    return config.pollInterval().compareTo(Duration.ofMillis(50)) < 0
        ? config.pollInterval()
        : Duration.ofMillis(50);
  }

  private void run(ShardWorker w) {
    Duration tick = tick();
    while (!closed) {
      try {
        if (!enabled) {
          config.sleeper().sleep(tick);
          continue;
        }
        switch (w.step()) {
          case FINISHED -> {
            return;
          }
          case IDLE, WAITING -> config.sleeper().sleep(tick);
          default -> {}
        }
      } catch (InterruptedException ex) {
        return;
      } catch (RuntimeException ex) {
        log.error("the poller of {} failed; retrying in 1 s", w.shardId(), ex);
        try {
          config.sleeper().sleep(Duration.ofSeconds(1));
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  /** Stops the pollers and waits for them (an invocation in flight finishes or times out). */
  @Override
  public void close() {
    List<ShardEntry> entries;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      entries = List.copyOf(shards.values());
    }
    discovery.interrupt();
    long waitMs = config.function().timeout().toMillis() + 1000;
    for (ShardEntry e : entries) {
      for (Thread t : e.threads) {
        try {
          t.join(waitMs);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
        if (t.isAlive()) {
          t.interrupt();
        }
      }
      for (FunctionRunner r : e.runners) {
        r.close();
      }
    }
  }

  /** Counts concurrent invocations and publishes Lambda's metrics for each. */
  private static final class MetricsInvoker implements dev.shardwise.local.esm.internal.Invoker {
    private final FunctionRunner runner;
    private final AtomicInteger busy;
    private final MetricSink metrics;
    private final Map<String, String> dims;
    private final java.time.InstantSource clock;
    private int concurrency;

    MetricsInvoker(
        FunctionRunner runner,
        AtomicInteger busy,
        MetricSink metrics,
        String functionName,
        java.time.InstantSource clock) {
      this.runner = runner;
      this.busy = busy;
      this.metrics = metrics;
      this.dims = Map.of("FunctionName", functionName);
      this.clock = clock;
    }

    @Override
    public FunctionRunner.Outcome invoke(EventBuffer event, String requestId) {
      concurrency = busy.incrementAndGet();
      try {
        return runner.invoke(event, requestId);
      } finally {
        busy.decrementAndGet();
      }
    }

    @Override
    public void discard() {
      runner.discard();
    }

    void record(long nanos, boolean error, long iteratorAgeMs) {
      Instant now = clock.instant();
      metrics.put("AWS/Lambda", "Invocations", dims, 1, "Count", now);
      metrics.put("AWS/Lambda", "Errors", dims, error ? 1 : 0, "Count", now);
      metrics.put("AWS/Lambda", "Throttles", dims, 0, "Count", now);
      metrics.put("AWS/Lambda", "Duration", dims, nanos / 1e6, "Milliseconds", now);
      metrics.put("AWS/Lambda", "IteratorAge", dims, iteratorAgeMs, "Milliseconds", now);
      metrics.put(
          "AWS/Lambda", "ConcurrentExecutions", dims, Math.max(1, concurrency), "Count", now);
    }
  }
}
