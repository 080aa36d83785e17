package dev.shardwise.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shardwise.local.metrics.EmfIngest;
import dev.shardwise.local.metrics.MetricStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * Ingesting the consumer's EMF lines into the local metric store: one line per Lambda invocation
 * and shard, about 25 metrics under two dimension sets ({@code [ShardId]} and {@code []}), as the
 * consumer writes them. Inputs: 1024 precomputed lines over 8 shards and one hour of timestamps,
 * indexed with a mask.
 *
 * <p>{@code impl}: {@code PARSE_AND_STORE} is what the local runtime does per line (parse,
 * validate, put each datapoint); {@code PARSE_ONLY} is our parser alone; {@code JACKSON_TREE} is
 * the floor for any tree-based parser (Jackson's readTree of the same line, nothing else).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EmfIngestBenchmark {
  static final int LINES = 1024;
  static final Instant START = Instant.parse("2026-11-22T10:00:00Z");

  /** What is measured per line. */
  public enum Impl {
    PARSE_AND_STORE,
    PARSE_ONLY,
    JACKSON_TREE
  }

  @Param public Impl impl;

  private final String[] lines = new String[LINES];
  private final ObjectMapper json = new ObjectMapper();
  private final dev.shardwise.local.metrics.EmfParser parser =
      new dev.shardwise.local.metrics.EmfParser();
  private EmfIngest ingest;
  private int i;

  @Setup(Level.Trial)
  public void inputs() {
    SplittableRandom random = new SplittableRandom(42);
    for (int n = 0; n < LINES; n++) {
      lines[n] = line(random, START.plusMillis(n * 3_500L), "shardId-00000000000" + (n % 8));
    }
    MetricStore store =
        MetricStore.inMemory(
            Clock.fixed(START.plusSeconds(3600), ZoneOffset.UTC), MetricStore.Config.defaults());
    ingest = new EmfIngest(store);
  }

  @Benchmark
  public Object ingest() throws IOException {
    String line = lines[i++ & (LINES - 1)];
    return switch (impl) {
      case PARSE_AND_STORE -> {
        ingest.accept(line);
        yield ingest;
      }
      case PARSE_ONLY -> parser.parse(line);
      case JACKSON_TREE -> json.readTree(line);
    };
  }

  /** A line shaped like the consumer's EmfWriter output. */
  static String line(SplittableRandom r, Instant t, String shard) {
    String[] counts = {
      "RecordsIn",
      "UserRecords",
      "EventsValid",
      "EventsCounted",
      "Duplicates",
      "LateEvents",
      "Rejected",
      "Rejected.malformed_json",
      "Rejected.bad_value",
      "Anomalies",
      "EmitRetries",
      "SegmentsClosed",
      "SegmentsClosedEarly",
      "PageViewRows",
      "BatchFailures"
    };
    StringBuilder defs = new StringBuilder();
    StringBuilder values = new StringBuilder();
    for (String c : counts) {
      defs.append(defs.length() == 0 ? "" : ",")
          .append("{\"Name\":\"")
          .append(c)
          .append("\",\"Unit\":\"Count\"}");
      values.append(",\"").append(c).append("\":").append(r.nextInt(0, 5000));
    }
    for (String ms : new String[] {"EventAgeMaxMs", "EventAgeAvgMs", "BatchDurationMs"}) {
      defs.append(",{\"Name\":\"").append(ms).append("\",\"Unit\":\"Milliseconds\"}");
      values.append(",\"").append(ms).append("\":").append(r.nextInt(5, 90_000));
    }
    defs.append(",{\"Name\":\"StateBytes\",\"Unit\":\"Bytes\"}");
    values.append(",\"StateBytes\":").append(r.nextInt(1000, 2_000_000));
    return "{\"_aws\":{\"Timestamp\":"
        + t.toEpochMilli()
        + ",\"CloudWatchMetrics\":[{\"Namespace\":\"Shardwise\","
        + "\"Dimensions\":[[\"ShardId\"],[]],\"Metrics\":["
        + defs
        + "]}]},\"ShardId\":\""
        + shard
        + "\""
        + values
        + "}";
  }
}
