package dev.shardwise.bench;

import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.EventEncoder;
import dev.shardwise.producer.PublishException;
import dev.shardwise.producer.PublishResult;
import dev.shardwise.producer.PublisherConfig;
import dev.shardwise.producer.internal.Batch;
import dev.shardwise.producer.internal.Engine;
import dev.shardwise.producer.internal.Entry;
import dev.shardwise.producer.internal.EntryOutcome;
import dev.shardwise.producer.internal.PendingRecord;
import dev.shardwise.producer.internal.ShardMap;
import dev.shardwise.producer.sim.SimConfig;
import dev.shardwise.producer.sim.SimRecord;
import dev.shardwise.producer.sim.Simulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The publisher's CPU path on one thread, with the Kinesis call stubbed: each operation encodes one
 * event (canonical JSON), wraps it in a pending record with its future, and hands it to the engine,
 * which routes it to its shard's lane, aggregates (or not), and forms PutRecords batches; every 64
 * events the batches formed are "answered" with success at once, completing the futures. Inputs:
 * 16,384 events from the simulator (Zipf pages, 10,000 devices, web and telemetry mix), indexed
 * with a mask. Time is a counter advancing 1 microsecond per event. Score: events/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class PublisherPipelineBenchmark {
  private static final int EVENTS = 1 << 14;
  private static final int MASK = EVENTS - 1;

  /** What runs per event. */
  public enum Pipeline {
    /** Encode, engine with KPL aggregation (50 KiB aggregates), 4 shards. */
    PUBLISHER_AGGREGATED,
    /** Encode, engine without aggregation, 4 shards. */
    PUBLISHER_PLAIN,
    /**
     * The plain baseline: encode and append to a list flushed every 500 (no routing, no futures).
     */
    BASELINE
  }

  @Param public Pipeline pipeline;

  private Event[] events;
  private Engine engine;
  private long now;
  private long seq;
  private int index;
  private final List<byte[]> plainBatch = new ArrayList<>(500);

  /** Batches and Kinesis records sent, per second: what the sink saw. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Sink {
    public long batches;
    public long kinesisRecords;

    @Setup(Level.Iteration)
    public void reset() {
      batches = 0;
      kinesisRecords = 0;
    }
  }

  @Setup
  public void setUp() {
    events = inputs();
    PublisherConfig config =
        PublisherConfig.builder("bench")
            .aggregation(pipeline == Pipeline.PUBLISHER_AGGREGATED)
            .shardRecordsPerSecond(0)
            .shardBytesPerSecond(0)
            .recordTtl(Duration.ofHours(1))
            .build();
    engine =
        new Engine(
            config,
            ShardMap.uniform(4),
            new SplittableRandom(1),
            new Engine.Outcomes() {
              @Override
              public void succeeded(PendingRecord r, PublishResult result) {
                r.succeed(result);
              }

              @Override
              public void failed(PendingRecord r, PublishException failure) {
                r.fail(failure);
              }
            },
            now);
  }

  static Event[] inputs() {
    Simulator sim =
        new Simulator(
            SimConfig.of(
                7, Instant.parse("2026-11-21T10:00:00Z"), 2000, Duration.ofMinutes(1), 10_000));
    Event[] out = new Event[EVENTS];
    int n = 0;
    while (n < EVENTS && sim.hasNext()) {
      SimRecord r = sim.next();
      if (r.kind().valid()) {
        out[n++] = r.event();
      }
    }
    return out;
  }

  @Benchmark
  public Object publish(Sink sink) {
    Event e = events[index++ & MASK];
    byte[] data = EventEncoder.encode(e);
    if (pipeline == Pipeline.BASELINE) {
      plainBatch.add(data);
      if (plainBatch.size() == 500) {
        sink.batches++;
        sink.kinesisRecords += 500;
        plainBatch.clear();
      }
      return data;
    }
    PendingRecord r =
        new PendingRecord(e.deviceId(), data, e.eventId(), seq++, now, now + 3_600_000_000_000L);
    engine.add(r, now);
    if ((seq & 63) == 0) {
      Batch b;
      while ((b = engine.nextBatch(now)) != null) {
        List<EntryOutcome> ok = new ArrayList<>(b.entries().size());
        for (Entry entry : b.entries()) {
          ok.add(EntryOutcome.success(entry.predictedShardId(), "1"));
        }
        engine.onResponse(b, ok, now);
        sink.batches++;
        sink.kinesisRecords += b.entries().size();
      }
    }
    now += 1000;
    return r;
  }
}
