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
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.shardwise.bench.EsmThroughput \
 *     [records=1000000] [shards=4] [bytes=200] [batchSize=10000] [windowSeconds=0]
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
      LocalFunction fn =
          new LocalFunction(
              "counter",
              window == 0 ? CountingFunction::new : CountingWindowFunction::new,
              Map.of(),
              Duration.ofSeconds(60),
              1024);
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
      System.out.printf(
          "delivered %,d records in %.2f s: %,.0f records/s; %.2f µs CPU per record"
              + " (JVM: server, poller, handler); invocations %,d; counted %,d%n",
          records,
          nanos / 1e9,
          records / (nanos / 1e9),
          cpu / 1e3 / records,
          m.progress().invocations(),
          CountingFunction.COUNT.get());
      if (!threads1.isEmpty()) {
        StringBuilder split = new StringBuilder("CPU per record by thread (µs):");
        for (String group : List.of("poller", "handler", "endpoint", "JIT", "GC", "other")) {
          long ticks = threads1.getOrDefault(group, 0L) - threads0.getOrDefault(group, 0L);
          split.append(String.format(" %s %.2f", group, ticks * 10_000.0 / records));
        }
        System.out.println(split + " (from /proc, 10 ms ticks)");
      }
      System.out.printf(
          "JDK %s, %d CPUs%n",
          System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
    }
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
