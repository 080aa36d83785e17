package dev.shardwise.bench;

import dev.shardwise.local.kinesis.KinesisConfig;
import dev.shardwise.local.kinesis.KinesisLimits;
import dev.shardwise.local.kinesis.KinesisService;
import dev.shardwise.local.server.LocalServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Records per second into PutRecords and out of GetRecords, through the real SDK v2 client (CBOR)
 * on loopback: our endpoint (limits disabled, records persisted as always) against kinesis-local in
 * the same run, and the ratio. Not JMH: each phase is a timed loop of real network calls.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.shardwise.bench.KinesisEndpointBenchmark \
 *     [--warmup-seconds 5] [--seconds 10] [--threads 4] [--shards 4] [--record-bytes 200] \
 *     [--kinesis-local local/src/test/kinesis-local/node_modules/kinesis-local] [--no-kinesis-local]
 * </pre>
 */
public final class KinesisEndpointBenchmark {
  record Options(
      Duration warmup,
      Duration phase,
      int threads,
      int shards,
      int recordBytes,
      Path kinesisLocal,
      boolean compare) {
    static Options parse(String[] args) {
      Duration phase = Duration.ofSeconds(10);
      Duration warmup = Duration.ofSeconds(5);
      int threads = 4;
      int shards = 4;
      int bytes = 200;
      Path kl = Path.of("local/src/test/kinesis-local/node_modules/kinesis-local");
      boolean compare = true;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--seconds" -> phase = Duration.ofSeconds(Long.parseLong(args[++i]));
          case "--warmup-seconds" -> warmup = Duration.ofSeconds(Long.parseLong(args[++i]));
          case "--threads" -> threads = Integer.parseInt(args[++i]);
          case "--shards" -> shards = Integer.parseInt(args[++i]);
          case "--record-bytes" -> bytes = Integer.parseInt(args[++i]);
          case "--kinesis-local" -> kl = Path.of(args[++i]);
          case "--no-kinesis-local" -> compare = false;
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      return new Options(warmup, phase, threads, shards, bytes, kl, compare);
    }
  }

  /** What one endpoint achieved. */
  record Result(
      String name,
      double putPerSecond,
      double getPerSecond,
      long written,
      double putCpuMicros,
      double getCpuMicros) {}

  /**
   * CPU time of this JVM (client and, for ours, server): a figure that load elsewhere skews less.
   */
  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    System.out.printf(
        Locale.ROOT,
        "JDK %s, %d cores, %d client threads, %d shards, %d-byte records, 500 per PutRecords,"
            + " %d s per phase%n",
        Runtime.version(),
        Runtime.getRuntime().availableProcessors(),
        o.threads,
        o.shards,
        o.recordBytes,
        o.phase.toSeconds());
    Path dir = Files.createTempDirectory("kinesis-bench");
    KinesisConfig config =
        KinesisConfig.defaults()
            .withLimits(KinesisLimits.disabled())
            .withMaxRetainedBytesPerStream(8L * 1024 * 1024 * 1024);
    List<Result> results = new ArrayList<>();
    try (KinesisService service =
            new KinesisService(config, dir, Clock.systemUTC(), new SplittableRandom(1));
        LocalServer server = LocalServer.builder().port(0).build().register(service).start()) {
      results.add(run("shardwise", server.endpoint(), o));
    } finally {
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    if (o.compare) {
      try (KinesisLocal kl = KinesisLocal.start(o.kinesisLocal)) {
        results.add(run("kinesis-local", kl.endpoint(), o));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%n%-14s %16s %16s %12s %15s %15s%n",
        "endpoint",
        "PutRecords rec/s",
        "GetRecords rec/s",
        "written",
        "put JVM-CPU/rec",
        "get JVM-CPU/rec");
    for (Result r : results) {
      System.out.printf(
          Locale.ROOT,
          "%-14s %,16.0f %,16.0f %,12d %12.2f us %12.2f us%n",
          r.name,
          r.putPerSecond,
          r.getPerSecond,
          r.written,
          r.putCpuMicros,
          r.getCpuMicros);
    }
    if (results.size() == 2) {
      System.out.println(CPU_NOTE);
      System.out.printf(
          Locale.ROOT,
          "ratio          %15.1fx %15.1fx%n",
          results.get(0).putPerSecond / results.get(1).putPerSecond,
          results.get(0).getPerSecond / results.get(1).getPerSecond);
    }
  }

  static KinesisClient client(URI endpoint, int threads) {
    return KinesisClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
        .httpClient(ApacheHttpClient.builder().maxConnections(threads * 2).build())
        .build();
  }

  static final String CPU_NOTE =
      "JVM-CPU/rec: CPU of this JVM per record (client, plus our server when it is the endpoint;"
          + " kinesis-local runs in its own process). On an idle machine the rate approaches"
          + " cores / (CPU per record).";

  static Result run(String name, URI endpoint, Options o) throws Exception {
    try (KinesisClient k = client(endpoint, o.threads)) {
      String stream = "bench";
      k.createStream(b -> b.streamName(stream).shardCount(o.shards));
      k.waiter().waitUntilStreamExists(b -> b.streamName(stream));
      // warm up both sides (JIT, connections) before measuring
      timedPuts(k, stream, o, o.warmup);
      long before = System.nanoTime();
      long cpu = cpuNanos();
      long put = timedPuts(k, stream, o, o.phase);
      double putRate = put / ((System.nanoTime() - before) / 1e9);
      double putCpu = (cpuNanos() - cpu) / 1e3 / put;
      System.out.printf(Locale.ROOT, "%s: put %,d records%n", name, put);
      before = System.nanoTime();
      cpu = cpuNanos();
      long got = timedGets(k, stream, o, o.phase);
      double getRate = got / ((System.nanoTime() - before) / 1e9);
      double getCpu = (cpuNanos() - cpu) / 1e3 / got;
      System.out.printf(Locale.ROOT, "%s: got %,d records%n", name, got);
      return new Result(name, putRate, getRate, put, putCpu, getCpu);
    }
  }

  static long timedPuts(KinesisClient k, String stream, Options o, Duration d) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(o.threads);
    long end = System.nanoTime() + d.toNanos();
    List<Future<Long>> counts = new ArrayList<>();
    for (int t = 0; t < o.threads; t++) {
      int thread = t;
      counts.add(
          pool.submit(
              () -> {
                List<PutRecordsRequestEntry> batch = new ArrayList<>(500);
                SplittableRandom rnd = new SplittableRandom(thread);
                for (int i = 0; i < 500; i++) {
                  byte[] data = new byte[o.recordBytes];
                  rnd.nextBytes(data);
                  batch.add(
                      PutRecordsRequestEntry.builder()
                          .partitionKey("device-" + rnd.nextInt(100_000))
                          .data(SdkBytes.fromByteArray(data))
                          .build());
                }
                long n = 0;
                while (System.nanoTime() < end) {
                  var r = k.putRecords(b -> b.streamName(stream).records(batch));
                  n += 500 - r.failedRecordCount();
                }
                return n;
              }));
    }
    long total = 0;
    for (Future<Long> f : counts) {
      total += f.get();
    }
    pool.shutdown();
    return total;
  }

  /** One reader per shard from TRIM_HORIZON, 10,000 records per call, until the time is up. */
  static long timedGets(KinesisClient k, String stream, Options o, Duration d) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(o.shards);
    long end = System.nanoTime() + d.toNanos();
    List<Future<Long>> counts = new ArrayList<>();
    for (var shard : k.listShards(b -> b.streamName(stream)).shards()) {
      counts.add(
          pool.submit(
              () -> {
                long n = 0;
                while (System.nanoTime() < end) {
                  String it =
                      k.getShardIterator(
                              b ->
                                  b.streamName(stream)
                                      .shardId(shard.shardId())
                                      .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                          .shardIterator();
                  while (it != null && System.nanoTime() < end) {
                    String cur = it;
                    GetRecordsResponse r = k.getRecords(b -> b.shardIterator(cur).limit(10_000));
                    n += r.records().size();
                    it = r.records().isEmpty() ? null : r.nextShardIterator();
                  }
                }
                return n;
              }));
    }
    long total = 0;
    for (Future<Long> f : counts) {
      total += f.get();
    }
    pool.shutdown();
    return total;
  }
}
