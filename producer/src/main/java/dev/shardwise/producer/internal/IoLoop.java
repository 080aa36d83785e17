package dev.shardwise.producer.internal;

import dev.shardwise.producer.DrainReport;
import dev.shardwise.producer.PublishException;
import dev.shardwise.producer.PublishFailure;
import dev.shardwise.producer.PublishResult;
import dev.shardwise.producer.PublisherConfig;
import dev.shardwise.producer.Ticker;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;

/**
 * The publisher's one I/O thread: moves published records into the {@link Engine}, sends its
 * batches with the async client, feeds answers back, refreshes the shard map, and completes the
 * records' futures. Everything the engine sees happens on this thread; other threads only enqueue.
 */
public final class IoLoop implements Engine.Outcomes {
  private static final Logger log = LoggerFactory.getLogger(IoLoop.class);
  private static final int MAX_INBOUND_PER_TURN = 4096;

  private final KinesisAsyncClient client;
  private final PublisherConfig config;
  private final Ticker ticker;
  private final BufferGate gate;
  private final MetricsRecorder metrics;
  private final Engine engine;
  private final Thread thread;
  private final Queue<PendingRecord> inbound = new ConcurrentLinkedQueue<>();
  private final Queue<Runnable> answers = new ConcurrentLinkedQueue<>();
  private final AtomicInteger flushRequests = new AtomicInteger();
  private final List<DrainReport.Undelivered> abandoned = new ArrayList<>();
  private volatile boolean parked;
  private volatile boolean abandon;
  private volatile boolean dead;
  private boolean refreshing;
  private long nextRefreshNanos;
  // completions of this turn, given back to the gate and the metrics together (I/O thread only)
  private long turnNanos;
  private long doneRecords;
  private long doneBytes;
  private long succeededRecords;
  private long succeededBytes;

  public IoLoop(
      KinesisAsyncClient client,
      PublisherConfig config,
      ShardMap initialMap,
      Ticker ticker,
      RandomGenerator random,
      BufferGate gate,
      MetricsRecorder metrics,
      ThreadFactory threads) {
    this.client = client;
    this.config = config;
    this.ticker = ticker;
    this.gate = gate;
    this.metrics = metrics;
    long now = ticker.nanos();
    this.engine = new Engine(config, initialMap, random, this, now);
    this.nextRefreshNanos = now + config.shardMapRefreshInterval().toNanos();
    this.thread = threads.newThread(this::run);
  }

  public void start() {
    thread.start();
  }

  /** Hands a record to the I/O thread. Thread-safe. */
  public void submit(PendingRecord r) {
    inbound.add(r);
    if (dead) {
      failInbound(); // the thread is gone: nobody else will complete it
      return;
    }
    wake();
  }

  /** Whether the I/O thread has stopped (closed, or failed). */
  public boolean stopped() {
    return dead;
  }

  /** Starts ({@code true}) or ends one flush: while any is on, nothing lingers. */
  public void flushing(boolean on) {
    if (on) {
      flushRequests.incrementAndGet();
    } else {
      flushRequests.decrementAndGet();
    }
    wake();
  }

  /**
   * Fails every record not yet completed (on the I/O thread), stops the thread, and returns the
   * records it failed.
   */
  public List<DrainReport.Undelivered> abandonAndStop(long joinTimeoutNanos)
      throws InterruptedException {
    abandon = true;
    LockSupport.unpark(thread);
    thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinTimeoutNanos)));
    synchronized (abandoned) {
      return List.copyOf(abandoned);
    }
  }

  private void wake() {
    if (parked) {
      LockSupport.unpark(thread);
    }
  }

  private void run() {
    try {
      while (true) {
        long now = ticker.nanos();
        turnNanos = now;
        if (abandon) {
          dead = true;
          moveInbound(now, Integer.MAX_VALUE);
          engine.abandonAll();
          releaseDone();
          failInbound();
          return;
        }
        moveInbound(now, MAX_INBOUND_PER_TURN);
        Runnable answer;
        while ((answer = answers.poll()) != null) {
          answer.run();
          releaseDone();
        }
        now = ticker.nanos();
        turnNanos = now;
        maybeRefresh(now);
        engine.flushing(flushRequests.get() > 0);
        Batch batch;
        while ((batch = engine.nextBatch(now)) != null) {
          send(batch);
        }
        releaseDone(); // records that expired while batches were formed
        park(now);
      }
    } catch (RuntimeException | Error e) {
      log.error("publisher I/O thread failed; failing every pending record", e);
      dead = true;
      engine.abandonAll();
      releaseDone();
      failInbound();
      throw e;
    }
  }

  /** Fails what is still inbound; runs on the I/O thread or, once it is gone, a caller's. */
  private void failInbound() {
    PendingRecord r;
    while ((r = inbound.poll()) != null) {
      PublishException failure =
          new PublishException(
              PublishFailure.CLOSED, r.partitionKey, 0, null, "the publisher has stopped");
      noteFailure(r, failure);
      r.fail(failure);
      gate.release(r.sizeBytes);
    }
  }

  private void moveInbound(long now, int max) {
    PendingRecord r;
    for (int i = 0; i < max && (r = inbound.poll()) != null; i++) {
      engine.add(r, now);
    }
  }

  private void park(long now) {
    long wake = Math.min(engine.nextWakeNanos(now), refreshing ? Long.MAX_VALUE : nextRefreshNanos);
    parked = true;
    if (inbound.isEmpty() && answers.isEmpty() && !abandon) {
      long nanos = wake - ticker.nanos();
      if (nanos > 0) {
        LockSupport.parkNanos(this, nanos);
      }
    }
    parked = false;
  }

  private void send(Batch batch) {
    metrics.batchSent();
    CompletableFuture<PutRecordsResponse> call;
    try {
      call = client.putRecords(SdkKinesis.request(config.streamName(), batch));
    } catch (RuntimeException e) {
      call =
          CompletableFuture.failedFuture(e); // a client that throws instead of failing the future
    }
    call.orTimeout(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (response, error) -> {
              answers.add(
                  () -> {
                    long now = ticker.nanos();
                    turnNanos = now;
                    if (error == null) {
                      engine.onResponse(batch, SdkKinesis.outcomes(response), now);
                    } else {
                      SdkKinesis.CallError e = SdkKinesis.classify(error);
                      if (e.kind() == ErrorKind.PERMANENT) {
                        log.error(
                            "PutRecords to {} failed permanently: {} {}",
                            config.streamName(),
                            e.code(),
                            e.message());
                      }
                      engine.onCallFailure(batch, e.kind(), e.code(), e.message(), now);
                    }
                  });
              LockSupport.unpark(thread);
            });
  }

  private void maybeRefresh(long now) {
    if (refreshing || (!engine.shardMapStale() && now < nextRefreshNanos)) {
      return;
    }
    refreshing = true;
    SdkKinesis.listOpenShards(client, config.streamName())
        .orTimeout(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (map, error) -> {
              answers.add(
                  () -> {
                    long at = ticker.nanos();
                    turnNanos = at;
                    refreshing = false;
                    nextRefreshNanos = at + config.shardMapRefreshInterval().toNanos();
                    if (error != null) {
                      log.warn(
                          "ListShards on {} failed; keeping the shard map: {}",
                          config.streamName(),
                          SdkKinesis.classify(error).message());
                    } else {
                      if (engine.replaceShardMap(map, at)) {
                        metrics.shardMapChanged();
                      }
                    }
                  });
              LockSupport.unpark(thread);
            });
  }

  // ---- outcomes (I/O thread) --------------------------------------------------------------------

  /**
   * Completes the record's future; its place in the buffer and the success counters are given back
   * by {@link #releaseDone} after the answer (or the turn) it belongs to, for all of its records at
   * once: one pair of atomic adds (and one signal to waiting publishers) per answer, not per
   * record. The latency is measured to when the answer was taken up.
   */
  @Override
  public void succeeded(PendingRecord r, PublishResult result) {
    metrics.latency(turnNanos - r.publishedNanos);
    int bytes = r.sizeBytes;
    r.succeed(result);
    succeededRecords++;
    succeededBytes += bytes;
    doneRecords++;
    doneBytes += bytes;
  }

  @Override
  public void failed(PendingRecord r, PublishException failure) {
    noteFailure(r, failure);
    r.fail(failure);
    doneRecords++;
    doneBytes += r.sizeBytes;
  }

  private void noteFailure(PendingRecord r, PublishException failure) {
    metrics.failed(failure.failure());
    if (failure.failure() == PublishFailure.CLOSED
        || failure.failure() == PublishFailure.CLOSED_IN_FLIGHT) {
      synchronized (abandoned) {
        abandoned.add(
            new DrainReport.Undelivered(r.partitionKey, r.eventId, r.sizeBytes, failure.failure()));
      }
    }
  }

  /**
   * Gives the places of the records completed since the last call back to the gate (after their
   * futures completed: a flush that returns sees them done), and counts the successes.
   */
  private void releaseDone() {
    if (succeededRecords > 0) {
      metrics.succeeded(succeededRecords, succeededBytes);
      succeededRecords = 0;
      succeededBytes = 0;
    }
    if (doneRecords > 0) {
      gate.release(doneBytes, doneRecords);
      doneRecords = 0;
      doneBytes = 0;
    }
  }

  @Override
  public void retried(int records) {
    metrics.retried(records);
  }

  @Override
  public void throttled(int entries) {
    metrics.throttled(entries);
  }
}
