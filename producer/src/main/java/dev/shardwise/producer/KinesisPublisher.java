package dev.shardwise.producer;

import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.EventEncoder;
import dev.shardwise.producer.internal.BufferGate;
import dev.shardwise.producer.internal.IoLoop;
import dev.shardwise.producer.internal.MetricsRecorder;
import dev.shardwise.producer.internal.PendingRecord;
import dev.shardwise.producer.internal.SdkKinesis;
import dev.shardwise.producer.internal.ShardMap;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * Publishes events to one Kinesis data stream: batches them into PutRecords calls, optionally packs
 * them into KPL aggregates, rate-limits each shard, retries what failed, and tells each caller what
 * became of each record.
 *
 * <h2>Completion</h2>
 *
 * Every {@code publish} returns a future that completes exactly once: with a {@link PublishResult}
 * (shard, sequence number, sub-sequence number for aggregated events) when Kinesis accepted the
 * record, or exceptionally with a {@link PublishException} naming the {@link PublishFailure}. No
 * record is dropped without its future failing. Futures complete on the publisher's I/O thread:
 * dependent actions must not block (use the {@code *Async} variants for slow work).
 *
 * <h2>Delivery</h2>
 *
 * At least once. A record is re-sent only after Kinesis reported it failed, or after a call failed
 * as a whole (5xx, throttled, connection error, no answer within {@code requestTimeout}); in the
 * last two cases Kinesis may already hold it, so a timed-out call can yield a duplicate, as with
 * every Kinesis producer. Consumers deduplicate by {@code event_id}.
 *
 * <h2>Ordering</h2>
 *
 * Kinesis orders records per shard by sequence number, and PutRecords does not promise order within
 * a request when some entries fail. This publisher promises, for two records A and B with the same
 * partition key where A was published before B (from one thread, or otherwise ordered):
 *
 * <ul>
 *   <li>A is sent in the same or an earlier PutRecords call than B; at most one call per shard is
 *       in flight, and a failed entry goes back to the head of its shard's queue;
 *   <li>so B is stored before A (has a smaller sequence number) only if A failed in a call that
 *       carried B too, and B succeeded in it: a reorder happens only within one failed PutRecords
 *       call, and only past records that were in that call (Kinesis' own limit);
 *   <li>with aggregation, A and B in the same aggregate keep their order (sub-sequence numbers);
 *   <li>across a reshard, order holds per shard as Kinesis defines it (parent before children).
 * </ul>
 *
 * <h2>Aggregation</h2>
 *
 * With {@link PublisherConfig#aggregation()}, records bound for the same shard (by the shard map
 * from ListShards) are packed into KPL aggregates of at most {@link
 * PublisherConfig#aggregationMaxBytes()}; the aggregate carries its first record's hash key as
 * explicit hash key, so it is stored in that shard. When a response shows a record stored in a
 * shard other than the one predicted (the stream was resharded), the map is refreshed at once; it
 * is also refreshed every {@link PublisherConfig#shardMapRefreshInterval()}. Until a refresh, an
 * aggregate may hold records whose hash keys belong to a new child shard: no record is lost, but a
 * consumer that filters sub-records by the shard's hash range (the KCL) would skip them.
 *
 * <h2>Threads</h2>
 *
 * {@code publish}, {@code flush}, {@code metrics} and {@code close} are thread-safe. One I/O thread
 * (from the injected {@link ThreadFactory}) does all the sending. The SDK client is injected and
 * not closed by the publisher.
 */
public final class KinesisPublisher implements AutoCloseable {
  private final PublisherConfig config;
  private final PartitionKeyStrategy partitionKeys;
  private final Function<Event, byte[]> encoder;
  private final Ticker ticker;
  private final BufferGate gate;
  private final MetricsRecorder metrics = new MetricsRecorder();
  private final IoLoop loop;
  private final AtomicLong seq = new AtomicLong();
  private volatile boolean closed;
  private DrainReport closeReport;

  private KinesisPublisher(Builder b, ShardMap initialMap) {
    this.config = b.config;
    this.partitionKeys = b.partitionKeys;
    this.encoder = b.encoder;
    this.ticker = b.ticker;
    this.gate = new BufferGate(config.maxBufferedRecords(), config.maxBufferedBytes());
    this.loop =
        new IoLoop(b.client, config, initialMap, ticker, b.random, gate, metrics, b.threadFactory);
    loop.start();
  }

  /** A builder for a publisher writing with {@code client} under {@code config}. */
  public static Builder builder(KinesisAsyncClient client, PublisherConfig config) {
    return new Builder(client, config);
  }

  /** Publishes an event: its canonical JSON, under the strategy's partition key. */
  public CompletableFuture<PublishResult> publish(Event event) {
    Objects.requireNonNull(event, "event");
    String pk;
    byte[] data;
    try {
      pk = partitionKeys.partitionKey(event);
      data = encoder.apply(event);
    } catch (RuntimeException e) {
      metrics.published();
      return failed(
          PublishFailure.INVALID_RECORD,
          event.deviceId(),
          "cannot encode event " + event.eventId() + ": " + e.getMessage());
    }
    return enqueue(pk, data, event.eventId());
  }

  /**
   * Publishes raw bytes under a partition key: for records that are not (valid) events, such as the
   * simulator's injected malformed records.
   */
  public CompletableFuture<PublishResult> publish(String partitionKey, byte[] data) {
    Objects.requireNonNull(data, "data");
    return enqueue(partitionKey, data, null);
  }

  private CompletableFuture<PublishResult> enqueue(String pk, byte[] data, String eventId) {
    metrics.published();
    if (closed || loop.stopped()) {
      return failed(PublishFailure.CLOSED, pk, "the publisher is closed");
    }
    if (pk == null || pk.isEmpty() || pk.length() > 256) {
      return failed(PublishFailure.INVALID_RECORD, pk, "partition key must be 1-256 characters");
    }
    long now = ticker.nanos();
    PendingRecord r =
        new PendingRecord(
            pk, data, eventId, seq.getAndIncrement(), now, now + config.recordTtl().toNanos());
    if (r.sizeBytes() > PublisherConfig.KINESIS_MAX_RECORD_BYTES) {
      return failed(
          PublishFailure.INVALID_RECORD,
          pk,
          "data plus partition key is " + r.sizeBytes() + " bytes; Kinesis accepts 1 MiB");
    }
    if (!admit(r.sizeBytes())) {
      return failed(
          PublishFailure.BUFFER_FULL,
          pk,
          "buffer full ("
              + config.maxBufferedRecords()
              + " records / "
              + config.maxBufferedBytes()
              + " bytes, "
              + config.backpressure()
              + ")");
    }
    loop.submit(r);
    return r;
  }

  private boolean admit(int bytes) {
    if (config.backpressure() == Backpressure.FAIL_FAST) {
      return gate.tryAcquire(bytes);
    }
    try {
      return gate.acquire(bytes, config.blockTimeout().toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private CompletableFuture<PublishResult> failed(PublishFailure why, String pk, String message) {
    metrics.failed(why);
    return CompletableFuture.failedFuture(new PublishException(why, pk, 0, null, message));
  }

  /**
   * Sends everything buffered without waiting for the linger time, and waits up to {@code timeout}
   * until every record published so far (and during the wait) has completed. Records still
   * outstanding at the deadline keep going.
   */
  public DrainReport flush(Duration timeout) throws InterruptedException {
    loop.flushing(true);
    try {
      boolean drained = gate.awaitEmpty(timeout.toNanos());
      return new DrainReport(drained, gate.records(), List.of());
    } finally {
      loop.flushing(false);
    }
  }

  /**
   * Stops accepting records, flushes for up to {@code timeout}, then fails whatever is left ({@link
   * PublishFailure#CLOSED}, or {@link PublishFailure#CLOSED_IN_FLIGHT} for records in a call
   * without an answer) and stops the I/O thread. Later calls return the first call's report.
   */
  public synchronized DrainReport close(Duration timeout) throws InterruptedException {
    if (closeReport != null) {
      return closeReport;
    }
    closed = true;
    loop.flushing(true);
    boolean drained = gate.awaitEmpty(timeout.toNanos());
    List<DrainReport.Undelivered> undelivered = loop.abandonAndStop(TimeUnit.SECONDS.toNanos(10));
    closeReport = new DrainReport(drained && undelivered.isEmpty(), gate.records(), undelivered);
    return closeReport;
  }

  /** {@link #close(Duration)} with the record time-to-live as the timeout. */
  @Override
  public void close() {
    try {
      close(config.recordTtl());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public PublisherMetrics metrics() {
    return metrics.snapshot(gate.records());
  }

  public PublisherConfig config() {
    return config;
  }

  /** Builds a {@link KinesisPublisher}: reads the shard map (ListShards) before it returns. */
  public static final class Builder {
    private final KinesisAsyncClient client;
    private final PublisherConfig config;
    private PartitionKeyStrategy partitionKeys = PartitionKeyStrategy.DEVICE_ID;
    private Function<Event, byte[]> encoder = EventEncoder::encode;
    private Ticker ticker = Ticker.system();
    private RandomGenerator random = new SplittableRandom();
    private ThreadFactory threadFactory =
        r -> {
          Thread t = new Thread(r, "shardwise-publisher");
          t.setDaemon(true);
          return t;
        };

    private Builder(KinesisAsyncClient client, PublisherConfig config) {
      this.client = Objects.requireNonNull(client, "client");
      this.config = Objects.requireNonNull(config, "config");
    }

    public Builder partitionKeys(PartitionKeyStrategy v) {
      partitionKeys = Objects.requireNonNull(v, "partitionKeys");
      return this;
    }

    /** How an event becomes bytes; the contract's canonical JSON by default. */
    public Builder encoder(Function<Event, byte[]> v) {
      encoder = Objects.requireNonNull(v, "encoder");
      return this;
    }

    public Builder ticker(Ticker v) {
      ticker = Objects.requireNonNull(v, "ticker");
      return this;
    }

    /** The source of backoff jitter. */
    public Builder random(RandomGenerator v) {
      random = Objects.requireNonNull(v, "random");
      return this;
    }

    /** Makes the one I/O thread. */
    public Builder threadFactory(ThreadFactory v) {
      threadFactory = Objects.requireNonNull(v, "threadFactory");
      return this;
    }

    /**
     * Reads the stream's shards and starts the I/O thread.
     *
     * @throws PublisherStartException when ListShards fails (no such stream, no access, no
     *     endpoint), with the reason
     */
    public KinesisPublisher build() {
      ShardMap map;
      try {
        map =
            SdkKinesis.listOpenShards(client, config.streamName())
                .get(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        SdkKinesis.CallError err = SdkKinesis.classify(e);
        throw new PublisherStartException(
            "cannot read the shards of stream '"
                + config.streamName()
                + "': "
                + err.code()
                + (err.message() == null ? "" : ": " + err.message()),
            e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PublisherStartException("interrupted while reading the shard map", e);
      }
      return new KinesisPublisher(this, map);
    }
  }
}
