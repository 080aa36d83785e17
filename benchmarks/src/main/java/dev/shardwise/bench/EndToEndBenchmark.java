package dev.shardwise.bench;

import dev.shardwise.consumer.definitions.Statistic;
import dev.shardwise.firehose.DeliveryStreamDefinitions;
import dev.shardwise.local.LocalRuntime;
import dev.shardwise.local.LocalSettings;
import dev.shardwise.local.PipelineResources;
import dev.shardwise.local.esm.EventSourceMapping;
import dev.shardwise.local.metrics.MetricKey;
import dev.shardwise.producer.KinesisClients;
import dev.shardwise.producer.KinesisPublisher;
import dev.shardwise.producer.PublishResult;
import dev.shardwise.producer.PublisherConfig;
import dev.shardwise.producer.sim.FaultPlan;
import dev.shardwise.producer.sim.SimConfig;
import dev.shardwise.producer.sim.SimRecord;
import dev.shardwise.producer.sim.Simulator;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The whole local pipeline at the highest rate it sustains, for a fixed time: the simulator's
 * events through {@link KinesisPublisher} (KPL aggregation, the publisher's per-shard limits and
 * Kinesis's limits off) into the local Kinesis; the consumer behind the shared event source mapping
 * (its rows to the local Firehose); the {@code events} delivery stream reading the stream into
 * Parquet in the local S3, where Athena (DuckDB) reads it. Prints one block of results; see {@code
 * benchmarks/README.md} ("End to end") for what each number means.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.shardwise.bench.EndToEndBenchmark \
 *     [seconds=60] [rate=60000|max] [shards=4] [devices=100000] [bufferSeconds=60] \
 *     [sampleEvery=100] [baselineSeconds=10] [seed=1]
 * </pre>
 */
public final class EndToEndBenchmark {
  /** The deployed consumer's memory (infra's {@code ConsumerFunction}), for the cost model. */
  static final int MEMORY_MB = PipelineResources.CONSUMER_MEMORY_MB;

  /** us-east-1 arm64 Lambda list prices (infra/README.md, "Cost per month"). */
  static final double PRICE_PER_GB_SECOND = 0.0000133334;

  static final double PRICE_PER_MILLION_REQUESTS = 0.20;

  private EndToEndBenchmark() {}

  /** The run's settings, from {@code key=value} arguments. */
  record Options(
      int seconds,
      int rate,
      boolean unpaced,
      int shards,
      int devices,
      int bufferSeconds,
      int sampleEvery,
      int baselineSeconds,
      long seed) {

    static Options parse(String... args) {
      Map<String, String> m = new HashMap<>();
      for (String a : args) {
        String[] kv = a.split("=", 2);
        if (kv.length != 2) {
          throw new IllegalArgumentException("'" + a + "' is not key=value");
        }
        m.put(kv[0].trim(), kv[1].trim());
      }
      List<String> known =
          List.of(
              "seconds",
              "rate",
              "shards",
              "devices",
              "bufferSeconds",
              "sampleEvery",
              "baselineSeconds",
              "seed");
      for (String k : m.keySet()) {
        if (!known.contains(k)) {
          throw new IllegalArgumentException(k + ": unknown option; known: " + known);
        }
      }
      String rate = m.getOrDefault("rate", "60000");
      boolean unpaced = rate.equalsIgnoreCase("max");
      Options o =
          new Options(
              num(m, "seconds", 60),
              unpaced ? 100_000 : Integer.parseInt(rate),
              unpaced,
              num(m, "shards", 4),
              num(m, "devices", 10_000),
              num(m, "bufferSeconds", 60),
              num(m, "sampleEvery", 100),
              num(m, "baselineSeconds", 10),
              num(m, "seed", 1));
      require(o.seconds >= 5 && o.seconds <= 3600, "seconds", "must be 5-3600");
      require(o.rate >= 1 && o.rate <= 1_000_000, "rate", "must be 1-1000000 or max");
      require(o.shards >= 1 && o.shards <= 64, "shards", "must be 1-64");
      require(
          o.bufferSeconds >= 60 && o.bufferSeconds <= 900,
          "bufferSeconds",
          "must be 60-900 (Firehose with dynamic partitioning buffers at least 60 s)");
      require(o.sampleEvery >= 1, "sampleEvery", "must be >= 1");
      require(o.baselineSeconds >= 0, "baselineSeconds", "must be >= 0");
      return o;
    }

    private static int num(Map<String, String> m, String key, int dflt) {
      String v = m.get(key);
      try {
        return v == null ? dflt : Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + ": '" + v + "' is not a number", e);
      }
    }

    private static void require(boolean ok, String key, String message) {
      if (!ok) {
        throw new IllegalArgumentException(key + ": " + message);
      }
    }
  }

  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("EndToEndBenchmark: " + e.getMessage());
      System.exit(2);
      return;
    }
    Path dir = Files.createTempDirectory("e2e-bench");
    LocalSettings settings =
        new LocalSettings(
            dir,
            InetAddress.getLoopbackAddress(),
            0,
            Map.of(
                "kinesis.limits",
                "off",
                "alarms",
                "off",
                // the local Kinesis holds the stream in memory (default cap 256 MiB, then writes
                // fail as throttled): a minute at 50,000 events/s is about 750 MB
                "kinesis.max-retained-bytes-per-stream",
                Long.toString(2L << 30)));
    Map<String, String> out = new LinkedHashMap<>();
    try (LocalRuntime rt = LocalRuntime.start(settings, InstantSource.system())) {
      if (o.baselineSeconds > 0) {
        out.put(
            "baseline: producer only (simulator → publisher → Kinesis, nothing reads)",
            String.format(Locale.ROOT, "%,.0f events/s", baseline(rt, o)));
      }
      createEventsStream(rt, o.shards, o.bufferSeconds);
      PipelineResources pipeline = PipelineResources.on(rt).shards(o.shards).create();
      run(rt, pipeline, o, out);
    }
    System.out.println();
    System.out.println("End-to-end benchmark (preliminary unless run on a quiet machine)");
    out.forEach((k, v) -> System.out.printf("  %-58s %s%n", k, v));
  }

  /** Events/s the producer side alone reaches on a stream nothing reads. */
  private static double baseline(LocalRuntime rt, Options o) throws Exception {
    try (KinesisClient k = rt.sdk(KinesisClient.builder())) {
      k.createStream(b -> b.streamName("baseline").shardCount(o.shards));
      k.waiter().waitUntilStreamExists(b -> b.streamName("baseline"));
    }
    Simulator sim = simulator(o, true, o.seed + 1);
    long events = 0;
    long t0 = System.nanoTime();
    long stop = t0 + Duration.ofSeconds(o.baselineSeconds).toNanos();
    try (KinesisAsyncClient client = KinesisClients.local(rt.endpoint(), 64)) {
      KinesisPublisher p = KinesisPublisher.builder(client, publisherConfig("baseline")).build();
      while (sim.hasNext() && System.nanoTime() < stop) {
        SimRecord r = sim.next();
        p.publish(r.partitionKey(), r.data());
        events++;
      }
      p.close(Duration.ofMinutes(2));
    }
    return events / ((System.nanoTime() - t0) / 1e9);
  }

  private static void run(
      LocalRuntime rt, PipelineResources pipeline, Options o, Map<String, String> out)
      throws Exception {
    EventSourceMapping mapping = pipeline.mapping();
    Simulator sim = simulator(o, o.unpaced, o.seed);
    Map<String, Long> ackMillis = new ConcurrentHashMap<>();
    AtomicLong failed = new AtomicLong();
    long events = 0;
    Instant startWall = Instant.now();
    long t0 = System.nanoTime();
    long stop = t0 + Duration.ofSeconds(o.seconds).toNanos();
    long cpu0 = processCpuNanos();
    long producedNanos;
    try (KinesisAsyncClient client = KinesisClients.local(rt.endpoint(), 64)) {
      KinesisPublisher p =
          KinesisPublisher.builder(client, publisherConfig(pipeline.streamName())).build();
      while (sim.hasNext()) {
        SimRecord r = sim.next();
        if (!o.unpaced) {
          long due = t0 + Duration.between(sim.config().start(), r.sendAt()).toNanos();
          long wait = due - System.nanoTime();
          if (wait > 1_000_000) {
            Thread.sleep(wait / 1_000_000);
          }
        }
        if (System.nanoTime() >= stop) {
          break;
        }
        CompletableFuture<PublishResult> f = p.publish(r.partitionKey(), r.data());
        if (events % o.sampleEvery == 0 && r.event() != null) {
          String id = r.event().eventId();
          f.whenComplete(
              (ok, error) -> {
                if (error == null) {
                  ackMillis.put(id, System.currentTimeMillis());
                }
              });
        }
        f.whenComplete(
            (ok, error) -> {
              if (error != null) {
                failed.incrementAndGet();
              }
            });
        events++;
      }
      p.close(Duration.ofMinutes(2));
      producedNanos = System.nanoTime() - t0;
    }
    long lastPut = System.currentTimeMillis();

    // the consumer: every record read, every window closed
    boolean idle = mapping.awaitIdle(Duration.ofMinutes(10));
    long consumerNanos = System.nanoTime() - t0;
    long cpu = processCpuNanos() - cpu0;

    // Firehose `events`: wait for the buffer interval to deliver on its own, then the rest
    long waitUntil = lastPut + Duration.ofSeconds(o.bufferSeconds + 5L).toMillis();
    while (System.currentTimeMillis() < waitUntil) {
      Thread.sleep(200);
    }
    boolean flushed = rt.firehose().flushAll();
    long flushAt = System.currentTimeMillis();

    long delivered = mapping.progress().recordsDelivered();
    double seconds = producedNanos / 1e9;
    out.put(
        "run",
        String.format(
            Locale.ROOT,
            "%d s, %d shards, rate %s",
            o.seconds,
            o.shards,
            o.unpaced ? "max (unpaced)" : String.format(Locale.ROOT, "%,d/s", o.rate)));
    out.put(
        "events published (accepted by Kinesis)",
        String.format(Locale.ROOT, "%,d (%,d failed)", events - failed.get(), failed.get()));
    out.put(
        "producer rate (first put → publisher closed)",
        String.format(Locale.ROOT, "%,.0f events/s", events / seconds));
    out.put(
        "end to end: events / (first put → consumer caught up)",
        String.format(
            Locale.ROOT,
            "%,.0f events/s (consumer caught up %.1f s after the last put%s)",
            events / (consumerNanos / 1e9),
            (consumerNanos - producedNanos) / 1e9,
            idle ? "" : "; NOT idle within 10 min"));
    out.put("Kinesis records the consumer processed", String.format(Locale.ROOT, "%,d", delivered));

    // latency: sampled events, from the put's acknowledgement to their Parquet object in S3
    List<Long> latencies = new ArrayList<>();
    long forcedByFlush = latency(rt, ackMillis, flushAt, latencies);
    long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    out.put(
        "event → queryable in `events` (p50 / p99 / max), " + l.length + " samples",
        l.length == 0
            ? "no samples found"
            : String.format(
                Locale.ROOT,
                "%.1f s / %.1f s / %.1f s (target p99 ≤ %d s = buffer %d s + 5 s)%s",
                pct(l, 50) / 1e3,
                pct(l, 99) / 1e3,
                l[l.length - 1] / 1e3,
                o.bufferSeconds + 5,
                o.bufferSeconds,
                forcedByFlush > 0 ? "; " + forcedByFlush + " only by the final flush" : ""));
    out.put("samples never found in `events`", Long.toString(ackMillis.size() - l.length));

    // the consumer's cost
    Instant from = startWall.truncatedTo(ChronoUnit.MINUTES);
    Instant to = Instant.now().plus(Duration.ofMinutes(2));
    MetricKey durationKey =
        new MetricKey("AWS/Lambda", "Duration", Map.of("FunctionName", "shardwise-consumer"));
    MetricKey invocationsKey =
        new MetricKey("AWS/Lambda", "Invocations", Map.of("FunctionName", "shardwise-consumer"));
    double durationMs = rt.metrics().value(durationKey, Statistic.SUM, from, to).orElse(0);
    double invocations = rt.metrics().value(invocationsKey, Statistic.SUM, from, to).orElse(0);
    double gbSeconds = durationMs / 1e3 * (MEMORY_MB / 1024.0);
    out.put(
        "consumer (handler) time per 10,000 events",
        String.format(
            Locale.ROOT,
            "%.1f ms (Lambda Duration summed: %.1f s over %,.0f invocations)",
            durationMs / events * 10_000,
            durationMs / 1e3,
            invocations));
    out.put(
        "Lambda cost model at " + MEMORY_MB + " MB",
        String.format(
            Locale.ROOT,
            "%.3f GB-s per million events → $%.4f per million events (+ $%.4f requests)",
            gbSeconds / events * 1e6,
            gbSeconds / events * 1e6 * PRICE_PER_GB_SECOND,
            invocations / events * 1e6 * PRICE_PER_MILLION_REQUESTS / 1e6));
    out.put(
        "process CPU per event (everything in one JVM)",
        String.format(Locale.ROOT, "%.2f µs", cpu / 1e3 / events));
    out.put("memory", memory());
    out.put("Firehose flushed at the end", Boolean.toString(flushed));
    out.put(
        "JDK, CPUs",
        System.getProperty("java.version")
            + ", "
            + Runtime.getRuntime().availableProcessors()
            + " CPUs, "
            + cpuModel());
  }

  /**
   * Fills {@code latencies} with, per sampled event found in the {@code events} Parquet objects,
   * the object's write time minus the event's acknowledgement; returns how many were written only
   * by the final flush (at or after {@code flushAt}).
   */
  private static long latency(
      LocalRuntime rt, Map<String, Long> ackMillis, long flushAt, List<Long> latencies)
      throws Exception {
    Path events = rt.s3().pathOf(LocalRuntime.ARCHIVE_BUCKET, "events");
    if (!Files.isDirectory(events)) {
      return 0;
    }
    Map<String, Long> fileMillis = new HashMap<>();
    long forced = 0;
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT event_id, filename FROM read_parquet('"
                    + events.toString().replace("'", "''")
                    + "/**/*.parquet', filename = true, hive_partitioning = false)")) {
      while (rs.next()) {
        Long ack = ackMillis.get(rs.getString(1));
        if (ack == null) {
          continue;
        }
        String file = rs.getString(2);
        long written =
            fileMillis.computeIfAbsent(
                file,
                f -> {
                  try {
                    return Files.getLastModifiedTime(Path.of(f)).toMillis();
                  } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                });
        latencies.add(Math.max(0, written - ack));
        if (written >= flushAt - 50) {
          forced++;
        }
      }
    }
    return forced;
  }

  private static long pct(long[] sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  /** The shipped {@code events} delivery stream, its buffer interval set to {@code seconds}. */
  private static void createEventsStream(LocalRuntime rt, int shards, int seconds)
      throws Exception {
    Map<String, String> values =
        DeliveryStreamDefinitions.localValues(
            "us-east-1",
            "000000000000",
            LocalRuntime.ARCHIVE_BUCKET,
            dev.shardwise.consumer.definitions.Definitions.stream().streamName());
    String name = "shardwise-events";
    String json =
        DeliveryStreamDefinitions.substitute(name, DeliveryStreamDefinitions.rawJson(name), values);
    String changed =
        json.replaceAll("\"IntervalInSeconds\"\\s*:\\s*\\d+", "\"IntervalInSeconds\": " + seconds);
    if (changed.equals(json) && !json.contains("\"IntervalInSeconds\": " + seconds)) {
      throw new IllegalStateException(name + ": no IntervalInSeconds to change");
    }
    // the stream first: the delivery stream starts at LATEST on the shards open at its creation
    // (PipelineResources then finds it and creates the rest)
    String stream = dev.shardwise.consumer.definitions.Definitions.stream().streamName();
    try (KinesisClient k = rt.sdk(KinesisClient.builder())) {
      k.createStream(b -> b.streamName(stream).shardCount(shards));
      k.waiter().waitUntilStreamExists(b -> b.streamName(stream));
    }
    rt.firehose().create(DeliveryStreamDefinitions.parse(name, changed));
  }

  /**
   * Paced: {@code rate} events/s for the run's length. Unpaced: the simulator makes each simulated
   * second's events at once, so a huge rate would cost a huge buffer; 100,000 events per simulated
   * second for ten times the run's length is more than the run can send.
   */
  private static Simulator simulator(Options o, boolean unpaced, long seed) {
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    int rate = unpaced ? 100_000 : o.rate;
    Duration d = Duration.ofSeconds(unpaced ? 10L * o.seconds : o.seconds + 1L);
    return new Simulator(
        SimConfig.of(seed, start, rate, d, o.devices)
            .withAnomalies(Map.of())
            .withFaults(FaultPlan.none()));
  }

  private static PublisherConfig publisherConfig(String stream) {
    return PublisherConfig.builder(stream)
        .aggregation(true)
        .shardRecordsPerSecond(1_000_000)
        .shardBytesPerSecond(1L << 30)
        // a small buffer: publish blocks (backpressure) instead of queueing minutes of events, so
        // the producer's rate is what the pipeline sustains
        .maxBufferedRecords(20_000)
        .recordTtl(Duration.ofMinutes(5))
        .blockTimeout(Duration.ofMinutes(5))
        .build();
  }

  private static String memory() {
    long heapPeak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        heapPeak += pool.getPeakUsage().getUsed();
      }
    }
    long max = Runtime.getRuntime().maxMemory();
    return String.format(
        Locale.ROOT,
        "heap peak %,d MiB (sum of pool peaks) of max %,d MiB; RSS %s",
        heapPeak >> 20,
        max >> 20,
        rss());
  }

  private static String rss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return "peak " + line.substring(6).trim();
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // not Linux
    }
    return "n/a";
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown CPU");
    } catch (java.io.IOException e) {
      return "unknown CPU";
    }
  }

  private static long processCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return 0;
  }
}
