package dev.shardwise.bench;

import dev.shardwise.core.event.DecodeResult;
import dev.shardwise.core.event.EventDecoder;
import java.time.Instant;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decode and validate one {@code page_view} event of about 250 bytes, single thread: our streaming
 * {@link EventDecoder} against {@code ObjectMapper.readTree} with hand checks. Issue 2's target: at
 * least 1.5 million events/s and at least 3x the baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class EventDecodeBenchmark {

  /** The implementations compared in one run. */
  public enum Impl {
    /** {@link EventDecoder}: Jackson streaming parser, hand-written checks. */
    STREAMING,
    /** {@code ObjectMapper.readTree} and hand checks ({@link ReadTreeEventDecoder}). */
    READ_TREE
  }

  /** 1024 inputs of about 250 bytes: 256 KiB, so they stay in a core's L2 cache. */
  private static final int SIZE = 1 << 10;

  private static final int MASK = SIZE - 1;

  @Param Impl impl;

  private byte[][] inputs;
  private Instant arrival;
  private EventDecoder streaming;
  private ReadTreeEventDecoder readTree;
  private int index;

  @Setup
  public void setUp() {
    inputs = PageViewInputs.pageViews(SIZE, 42);
    arrival = PageViewInputs.ARRIVAL;
    streaming = EventDecoder.standard();
    readTree = new ReadTreeEventDecoder();
    for (byte[] input : inputs) {
      if (!decode(input).isValid()) {
        throw new IllegalStateException(impl + " rejects a benchmark input: " + decode(input));
      }
    }
    double avg = PageViewInputs.averageSize(inputs);
    if (avg < 200 || avg > 300) {
      throw new IllegalStateException("inputs should be about 250 bytes, are " + avg);
    }
  }

  @Benchmark
  public DecodeResult decode() {
    return decode(inputs[index++ & MASK]);
  }

  private DecodeResult decode(byte[] input) {
    return impl == Impl.STREAMING
        ? streaming.decode(input, arrival)
        : readTree.decode(input, arrival);
  }
}
