package dev.shardwise.bench;

import dev.shardwise.consumer.definitions.AlarmSpecification;
import dev.shardwise.local.alarms.AlarmEngine;
import dev.shardwise.local.metrics.EmfIngest;
import dev.shardwise.local.metrics.MetricDatum;
import dev.shardwise.local.metrics.MetricKey;
import dev.shardwise.local.metrics.MetricStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One evaluation of every shipped alarm (18 metric alarms, 3 of them metric math, and the paging
 * composite) against a store holding two hours of a busy run: 8 shards' EMF lines every 3.5 seconds
 * plus the service metrics every second. The score is evaluations per second; the runtime needs one
 * a minute, and a fast-forwarded demo catching up a day needs 1440.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AlarmEvaluationBenchmark {
  static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
  static final int MINUTES = 120;

  private AlarmEngine engine;
  private int minute;

  @Setup(Level.Trial)
  public void store() {
    Clock clock = Clock.fixed(START.plus(Duration.ofMinutes(MINUTES)), ZoneOffset.UTC);
    MetricStore store = MetricStore.inMemory(clock, MetricStore.Config.defaults());
    EmfIngest ingest = new EmfIngest(store);
    SplittableRandom r = new SplittableRandom(7);
    for (long ms = 0; ms < MINUTES * 60_000L; ms += 3_500) {
      for (int shard = 0; shard < 8; shard++) {
        ingest.accept(
            EmfIngestBenchmark.line(r, START.plusMillis(ms), "shardId-00000000000" + shard));
      }
    }
    Map<String, String> stream = Map.of("StreamName", "shardwise-events");
    Map<String, String> fn = Map.of("FunctionName", "shardwise-consumer");
    for (long s = 0; s < MINUTES * 60L; s++) {
      Instant t = START.plusSeconds(s);
      store.put(
          MetricDatum.of(
              MetricKey.of("AWS/Kinesis", "IncomingRecords", stream),
              t,
              "Count",
              r.nextInt(50, 150)));
      store.put(
          MetricDatum.of(
              MetricKey.of("AWS/Kinesis", "GetRecords.IteratorAgeMilliseconds", stream),
              t,
              "Milliseconds",
              r.nextInt(0, 3000)));
      store.put(
          MetricDatum.of(
              MetricKey.of("AWS/Lambda", "IteratorAge", fn),
              t,
              "Milliseconds",
              r.nextInt(0, 3000)));
      store.put(MetricDatum.of(MetricKey.of("AWS/Lambda", "Invocations", fn), t, "Count", 1));
    }
    engine = new AlarmEngine(AlarmSpecification.load(), store, START);
  }

  @Benchmark
  public Object evaluateAll() {
    minute = (minute + 1) % MINUTES;
    return engine.evaluateAt(START.plus(Duration.ofMinutes(minute + 1)));
  }
}
