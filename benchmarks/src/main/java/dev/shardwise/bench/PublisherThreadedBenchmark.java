package dev.shardwise.bench;

import dev.shardwise.core.event.Event;
import dev.shardwise.core.kinesis.HashKeys;
import dev.shardwise.producer.KinesisPublisher;
import dev.shardwise.producer.PublishResult;
import dev.shardwise.producer.PublisherConfig;
import dev.shardwise.producer.internal.ShardMap;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.HashKeyRange;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.SequenceNumberRange;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * {@link PublisherPipelineBenchmark} through the real {@link KinesisPublisher#publish(Event)}, with
 * several producer threads (JMH {@code -t}, 4 by default): encoding on the callers' threads, the
 * buffer gate, the hand-off queue, and the publisher's one I/O thread (engine, SDK request objects,
 * completion, metrics). Kinesis is a stub client that answers every PutRecords at once with success
 * in the shard that owns each entry's hash key (4 shards). The buffer is bounded (100,000 records,
 * {@code BLOCK}), so in steady state the callers publish at the rate the I/O thread completes.
 * Score: events/s over all threads. No rate limits, 50 KiB aggregates, linger 100 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Threads(4)
@Fork(1)
public class PublisherThreadedBenchmark {
  private static final int EVENTS = 1 << 14;
  private static final int MASK = EVENTS - 1;
  private static final int SHARDS = 4;

  /** Aggregated or not. */
  public enum Mode {
    AGGREGATED,
    PLAIN
  }

  @Param public Mode mode;

  private Event[] events;
  private KinesisPublisher publisher;
  private StubKinesis kinesis;

  /** Each producer thread's place in the inputs. */
  @State(Scope.Thread)
  public static class Cursor {
    int index;

    @Setup
    public void setUp() {
      index = (int) (Thread.currentThread().getId() * 4099);
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    events = PublisherPipelineBenchmark.inputs();
    kinesis = new StubKinesis(ShardMap.uniform(SHARDS));
    publisher =
        KinesisPublisher.builder(
                kinesis,
                PublisherConfig.builder("bench")
                    .aggregation(mode == Mode.AGGREGATED)
                    .shardRecordsPerSecond(0)
                    .shardBytesPerSecond(0)
                    .recordTtl(Duration.ofMinutes(10))
                    .build())
            .build();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws InterruptedException {
    var report = publisher.close(Duration.ofSeconds(30));
    if (!report.drained()) {
      throw new IllegalStateException("publisher did not drain: " + report);
    }
  }

  @Benchmark
  public CompletableFuture<PublishResult> publish(Cursor cursor) {
    return publisher.publish(events[cursor.index++ & MASK]);
  }

  /**
   * Answers every PutRecords at once with success, each entry in the shard of its hash key
   * (explicit, else the MD5 of its partition key, cached per key), and ListShards with the map.
   */
  static final class StubKinesis implements KinesisAsyncClient {
    private final ShardMap map;
    private final ConcurrentHashMap<String, String> shardByKey = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    StubKinesis(ShardMap map) {
      this.map = map;
    }

    @Override
    public CompletableFuture<PutRecordsResponse> putRecords(PutRecordsRequest request) {
      List<PutRecordsResultEntry> results = new ArrayList<>(request.records().size());
      for (PutRecordsRequestEntry e : request.records()) {
        String shard =
            e.explicitHashKey() != null
                ? map.shardFor(new BigInteger(e.explicitHashKey())).shardId()
                : shardByKey.computeIfAbsent(
                    e.partitionKey(), k -> map.shardFor(HashKeys.ofPartitionKey(k)).shardId());
        results.add(
            PutRecordsResultEntry.builder()
                .shardId(shard)
                .sequenceNumber(Long.toString(sequence.incrementAndGet()))
                .build());
      }
      return CompletableFuture.completedFuture(
          PutRecordsResponse.builder().failedRecordCount(0).records(results).build());
    }

    @Override
    public CompletableFuture<ListShardsResponse> listShards(ListShardsRequest request) {
      List<Shard> shards = new ArrayList<>();
      for (ShardMap.Shard s : map.shards()) {
        shards.add(
            Shard.builder()
                .shardId(s.shardId())
                .hashKeyRange(
                    HashKeyRange.builder()
                        .startingHashKey(s.startingHashKey().toString())
                        .endingHashKey(s.endingHashKey().toString())
                        .build())
                .sequenceNumberRange(
                    SequenceNumberRange.builder().startingSequenceNumber("0").build())
                .build());
      }
      return CompletableFuture.completedFuture(ListShardsResponse.builder().shards(shards).build());
    }

    @Override
    public String serviceName() {
      return "kinesis";
    }

    @Override
    public void close() {}
  }
}
