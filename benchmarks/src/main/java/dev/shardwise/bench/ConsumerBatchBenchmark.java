package dev.shardwise.bench;

import dev.shardwise.consumer.BatchProcessor;
import dev.shardwise.consumer.ConsumerConfig;
import dev.shardwise.consumer.ShardBatch;
import dev.shardwise.consumer.StreamRecord;
import dev.shardwise.consumer.internal.KplEventReader;
import dev.shardwise.consumer.state.ShardLineage;
import dev.shardwise.consumer.state.ShardStateStore;
import dev.shardwise.core.detect.DetectorRegistry;
import dev.shardwise.core.kinesis.HashKeyRange;
import dev.shardwise.core.kinesis.HashKeys;
import dev.shardwise.core.window.ShardState;
import java.math.BigInteger;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One consumer invocation on a 10,000-record batch of 250-byte events, from an empty window state:
 * deaggregate, decode and validate, deduplicate, aggregate, encode the state for Lambda (sinks and
 * store stubbed: a non-final invocation emits nothing). {@code SHARDWISE} is the real {@link
 * BatchProcessor}; {@code BASELINE} the obvious implementation ({@link BaselineConsumer}). Target:
 * at most 10 ms per batch on one core, and at least 3x the baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class ConsumerBatchBenchmark {
  static final int RECORDS = 10_000;

  /** Which consumer. */
  public enum Impl {
    SHARDWISE,
    BASELINE
  }

  /** How events travel: one per Kinesis record, or in KPL aggregates. */
  public enum Format {
    PLAIN,
    KPL
  }

  /**
   * The shard's hash-key range as the consumer sees it: the whole key space (a one-shard stream:
   * aggregates are not checked), or a shard's range that holds every key of the batch (every
   * aggregate is checked for user records of other shards, and kept).
   */
  public enum Range {
    STREAM,
    SHARD
  }

  @Param Impl impl;
  @Param Format format;

  @Param({"STREAM"})
  Range range;

  /**
   * Percent of the records that are byte-identical copies of an earlier record of the batch (a
   * producer's retry): 0 by default; the consumer's duplicate path shows at e.g. 10.
   */
  @Param({"0"})
  int copies;

  private ShardBatch batch;
  private BatchProcessor processor;
  private BaselineConsumer baseline;

  @Setup
  public void setup() {
    byte[][] events = ConsumerInputs.withCopies(ConsumerInputs.eventJson(RECORDS, 42), copies, 43);
    List<StreamRecord> records =
        format == Format.PLAIN
            ? ConsumerInputs.plainRecords(events)
            : ConsumerInputs.kplRecords(events);
    batch =
        new ShardBatch(
            "shardwise-events",
            "shardId-000000000000",
            ConsumerInputs.WINDOW_START,
            ConsumerInputs.WINDOW_END,
            Map.of(),
            records,
            false,
            false);
    processor =
        new BatchProcessor(
            ConsumerConfig.fromEnvironment(Map.of("AWS_REGION", "us-east-1")),
            new KplEventReader(lineage(range)),
            (stream, rows) -> 0,
            new EmptyStore(),
            DetectorRegistry.none(),
            InstantSource.system(),
            System::nanoTime);
    baseline = new BaselineConsumer();
  }

  @Benchmark
  public Object batch() {
    return impl == Impl.SHARDWISE
        ? processor.process(batch, line -> {}).state()
        : baseline.process(batch.records());
  }

  private static ShardLineage lineage(Range range) {
    HashKeyRange r =
        range == Range.STREAM
            ? HashKeyRange.ALL
            : new HashKeyRange(BigInteger.ZERO, HashKeys.MAX.subtract(BigInteger.ONE));
    return new ShardLineage() {
      @Override
      public List<String> parents(String stream, String shardId) {
        return List.of();
      }

      @Override
      public HashKeyRange hashKeyRange(String stream, String shardId) {
        return r;
      }
    };
  }

  /** A store holding nothing: a shard's first window. */
  static final class EmptyStore implements ShardStateStore {
    @Override
    public VersionedState load(String stream, String shardId) {
      return new VersionedState(ShardState.empty(), null);
    }

    @Override
    public String save(String stream, String shardId, ShardState state, String expectedTag) {
      return "v";
    }
  }
}
