package dev.shardwise.bench;

import dev.shardwise.core.kpl.AggregateBuilder;
import dev.shardwise.core.kpl.AggregatedRecord;
import dev.shardwise.core.kpl.UserRecord;
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
 * The producer's aggregation, single thread: one operation adds one 250-byte user record, and
 * builds (encodes and digests) the aggregate whenever it is full. The score is user records/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class AggregateBuilderBenchmark {
  private static final int RECORDS = 1 << 14;
  private static final int MASK = RECORDS - 1;

  /** Aggregate size limit: the KPL default (50 KiB) and the Kinesis record limit (1 MiB). */
  @Param({"51200", "1048576"})
  public int maxAggregateBytes;

  private UserRecord[] records;
  private AggregateBuilder builder;
  private int index;

  @Setup
  public void setUp() {
    records = KplInputs.userRecords(RECORDS, 7);
    builder = new AggregateBuilder(maxAggregateBytes);
  }

  @Benchmark
  public Object add() {
    UserRecord r = records[index++ & MASK];
    if (builder.tryAdd(r)) {
      return r;
    }
    AggregatedRecord built = builder.build();
    builder.tryAdd(r);
    return built;
  }
}
