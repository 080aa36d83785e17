package dev.shardwise.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisTimeWindowEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.TimeWindowEventResponse;
import dev.shardwise.local.LocalRuntime;
import dev.shardwise.local.LocalSettings;
import dev.shardwise.local.esm.EventSourceMapping;
import dev.shardwise.local.esm.LocalFunction;
import dev.shardwise.local.esm.MappingSettings;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * Throughput of the local event source mapping: a stream of {@code shards} shards on the local
 * runtime (Kinesis limits off) is preloaded with {@code records} records of {@code bytes} bytes
 * (not timed); then a function that only counts is attached from TRIM_HORIZON and the clock runs
 * until every record was delivered. The poller's whole path is measured: GetRecords through the SDK
 * client and the local endpoint, event JSON, Lambda's deserialization, the response read back.
 * Prints records/s and the process CPU time per record.
 *
 * <p>The stream is read {@code passes} times in one JVM, each pass by a function of its own (own
 * checkpoints, so each starts at TRIM_HORIZON) that is detached before the next begins. Pass 1 runs
 * on a cold JVM (about a quarter of its CPU is the JIT compiling the path): the cold figure. Pass 2
 * finishes the warm-up (the JIT still compiles in it) and is not counted; the median of passes 3
 * and later is the warm, steady-state figure of a long-running poller (as JMH's warm-up and
 * measurement iterations). Both figures are printed, with every pass; on a shared machine the best
 * warm pass (least CPU per record) is the steadier figure for comparing builds. With {@code
 * -Desm.jfr=FILE} the last pass is recorded with JFR's {@code profile} settings into FILE.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.shardwise.bench.EsmThroughput \
 *     [records=1000000] [shards=4] [bytes=200] [batchSize=10000] [windowSeconds=0] [passes=5]
 * </pre>
 */
public final class EsmThroughput {

  /** Counts records; returns nothing (no window) or the count as state (window). */
  public static final class CountingFunction
      implements RequestHandler<KinesisEvent, StreamsEventResponse> {
    static final AtomicLong COUNT = new AtomicLong();

    @Override
    public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
      COUNT.addAndGet(event.getRecords().size());
      return new StreamsEventResponse();
    }
  }

  /** The windowed variant: state carries the window's count. */
  public static final class CountingWindowFunction
      implements RequestHandler<KinesisTimeWindowEvent, TimeWindowEventResponse> {
    @Override
    public TimeWindowEventResponse handleRequest(KinesisTimeWindowEvent event, Context context) {
      long n =
          Long.parseLong(event.getState() == null ? "0" : event.getState().getOrDefault("n", "0"));
      CountingFunction.COUNT.addAndGet(event.getRecords().size());
      return new TimeWindowEventResponse(
          Map.of("n", Long.toString(n + event.getRecords().size())), List.of());
    }
  }

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int shards = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int bytes = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    int batchSize = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
    int window = args.length > 4 ? Integer.parseInt(args[4]) : 0;
    int passes = args.length > 5 ? Integer.parseInt(args[5]) : 5;
    if (passes < 1) {
      throw new IllegalArgumentException("passes must be at least 1, was " + passes);
    }
    Path dir = Files.createTempDirectory("esm-bench");
    LocalSettings settings =
        new LocalSettings(
            dir,
            InetAddress.getLoopbackAddress(),
            0,
            Map.of("kinesis.limits", "off", "alarms", "off"));
    try (LocalRuntime rt = LocalRuntime.start(settings, InstantSource.system());
        KinesisClient k =
            KinesisClient.builder()
                .endpointOverride(rt.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("b", "b")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
      k.createStream(b -> b.streamName("bench").shardCount(shards));
      preload(k, records, bytes);
      System.out.printf(
          "preloaded %,d records of %d bytes into %d shards%n", records, bytes, shards);

      MappingSettings mapping =
          new MappingSettings(
              batchSize,
              Duration.ZERO,
              1,
              MappingSettings.StartingPosition.TRIM_HORIZON,
              null,
              Duration.ofSeconds(window),
              false,
              false,
              -1,
              null,
              null,
              List.of());
      List<Pass> results = new ArrayList<>();
      for (int pass = 1; pass <= passes; pass++) {
        LocalFunction fn =
            new LocalFunction(
                "counter-" + pass, // its own checkpoints: every pass starts at TRIM_HORIZON
                window == 0 ? CountingFunction::new : CountingWindowFunction::new,
                Map.of(),
                Duration.ofSeconds(60),
                1024);
        String jfr = System.getProperty("esm.jfr");
        jdk.jfr.Recording recording = null;
        if (jfr != null && pass == passes) {
          recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
          recording.start();
        }
        Pass p = runPass(rt, fn, mapping, records);
        if (recording != null) {
          recording.stop();
          recording.dump(Path.of(jfr));
          recording.close();
        }
        results.add(p);
        System.out.println(p.describe(pass == 1 ? "pass 1 (cold JVM)" : "pass " + pass));
      }
      Pass cold = results.get(0);
      System.out.printf(
          "cold (pass 1): %,.0f records/s, %.2f µs CPU per record, of which JIT %.2f%n",
          cold.recordsPerSecond(),
          cold.cpuMicrosPerRecord(),
          cold.split().getOrDefault("JIT", 0.0));
      if (passes >= 3) {
        // pass 2 finishes the warm-up (the JIT still compiles in it); the median of the rest counts
        List<Pass> warm = results.subList(2, results.size());
        System.out.printf(
            "warm (median of passes 3-%d): %,.0f records/s, %.2f µs CPU per record, of which"
                + " JIT %.2f; best pass %,.0f records/s, %.2f µs%n",
            passes,
            median(warm, Pass::recordsPerSecond),
            median(warm, Pass::cpuMicrosPerRecord),
            median(warm, p -> p.split().getOrDefault("JIT", 0.0)),
            warm.stream().mapToDouble(Pass::recordsPerSecond).max().getAsDouble(),
            warm.stream().mapToDouble(Pass::cpuMicrosPerRecord).min().getAsDouble());
      }
      System.out.printf("load average %.2f at the end%n", loadAverage());
      System.out.printf(
          "JDK %s, %d CPUs%n",
          System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
    }
  }

  /** What one pass measured: wall clock, process CPU and CPU by thread group (µs per record). */
  record Pass(
      long records, long nanos, long cpuNanos, long invocations, Map<String, Double> split) {
    double recordsPerSecond() {
      return records / (nanos / 1e9);
    }

    double cpuMicrosPerRecord() {
      return cpuNanos / 1e3 / records;
    }

    String describe(String name) {
      StringBuilder b =
          new StringBuilder(
              String.format(
                  "%s: delivered %,d records in %.2f s: %,.0f records/s; %.2f µs CPU per record"
                      + " (JVM: server, poller, handler); invocations %,d",
                  name,
                  records,
                  nanos / 1e9,
                  recordsPerSecond(),
                  cpuMicrosPerRecord(),
                  invocations));
      if (!split.isEmpty()) {
        b.append(String.format("%n  CPU per record by thread (µs):"));
        split.forEach((group, us) -> b.append(String.format(" %s %.2f", group, us)));
        b.append(" (from /proc, 10 ms ticks)");
      }
      return b.toString();
    }
  }

  /**
   * Attaches {@code fn} from TRIM_HORIZON, waits until it delivered {@code records} records, checks
   * the function counted them all, and detaches it (its pollers stop before the next pass).
   */
  private static Pass runPass(
      LocalRuntime rt, LocalFunction fn, MappingSettings mapping, int records)
      throws InterruptedException {
    CountingFunction.COUNT.set(0);
    Map<String, Long> threads0 = threadCpuTicks();
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    EventSourceMapping m = rt.attachFunction(fn, mapping, "bench", b -> {});
    while (m.progress().recordsDelivered() < records) {
      Thread.sleep(5);
    }
    long nanos = System.nanoTime() - t0;
    long cpu = processCpuNanos() - cpu0;
    Map<String, Long> threads1 = threadCpuTicks();
    long invocations = m.progress().invocations();
    m.close();
    long counted = CountingFunction.COUNT.get();
    if (counted != records) {
      throw new IllegalStateException(
          "the function counted " + counted + " records, " + records + " were delivered");
    }
    Map<String, Double> split = new java.util.LinkedHashMap<>();
    if (!threads1.isEmpty()) {
      for (String group : List.of("poller", "handler", "endpoint", "JIT", "GC", "other")) {
        long ticks = threads1.getOrDefault(group, 0L) - threads0.getOrDefault(group, 0L);
        split.put(group, ticks * 10_000.0 / records);
      }
    }
    return new Pass(records, nanos, cpu, invocations, split);
  }

  /** The median of a measure over passes (the mean of the middle two for an even count). */
  private static double median(List<Pass> passes, java.util.function.ToDoubleFunction<Pass> f) {
    double[] v = passes.stream().mapToDouble(f).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static void preload(KinesisClient k, int records, int bytes) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    int perThread = (records + 3) / 4;
    for (int t = 0; t < 4; t++) {
      int from = t * perThread;
      int to = Math.min(records, from + perThread);
      done.add(
          pool.submit(
              () -> {
                SplittableRandom random = new SplittableRandom(from);
                for (int i = from; i < to; i += 500) {
                  List<PutRecordsRequestEntry> entries = new ArrayList<>();
                  for (int j = i; j < Math.min(to, i + 500); j++) {
                    byte[] data = new byte[bytes];
                    random.nextBytes(data);
                    entries.add(
                        PutRecordsRequestEntry.builder()
                            .partitionKey("device-" + random.nextInt(100_000))
                            .data(SdkBytes.fromByteArrayUnsafe(data))
                            .build());
                  }
                  var resp = k.putRecords(b -> b.streamName("bench").records(entries));
                  if (resp.failedRecordCount() > 0) {
                    throw new IllegalStateException(
                        resp.failedRecordCount() + " records refused: are the limits off?");
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
  }

  /**
   * CPU time (user + system, clock ticks of 10 ms) of this process's threads by group, from {@code
   * /proc/self/task} (empty where there is none): {@code poller} (esm-*), {@code handler}
   * (lambda-*), {@code endpoint} (shardwise-http-*), {@code JIT} (compiler threads), {@code GC}.
   */
  private static Map<String, Long> threadCpuTicks() {
    Map<String, Long> out = new java.util.HashMap<>();
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return out;
    }
    try (var list = Files.list(tasks)) {
      for (Path t : (Iterable<Path>) list::iterator) {
        try {
          String comm = Files.readString(t.resolve("comm")).trim();
          String stat = Files.readString(t.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
          out.merge(group(comm), ticks, Long::sum);
        } catch (java.io.IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (java.io.IOException e) {
      return Map.of();
    }
    return out;
  }

  private static String group(String comm) {
    if (comm.startsWith("esm-")) {
      return "poller";
    } else if (comm.startsWith("lambda-")) {
      return "handler";
    } else if (comm.startsWith("shardwise-http")) {
      return "endpoint";
    } else if (comm.contains("CompilerThre")) {
      return "JIT";
    } else if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
      return "GC";
    }
    return "other";
  }

  private static long processCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return 0;
  }
}
