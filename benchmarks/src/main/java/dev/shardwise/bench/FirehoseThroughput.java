package dev.shardwise.bench;

import dev.shardwise.firehose.DeliveryStreamDefinitions;
import dev.shardwise.local.firehose.ColumnListSchemaResolver;
import dev.shardwise.local.firehose.FirehoseService;
import dev.shardwise.local.s3.ObjectStore;
import dev.shardwise.local.s3.S3Exception;
import dev.shardwise.local.server.LocalServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.Record;

/**
 * End-to-end throughput of the local Firehose: real SDK clients send {@code PutRecordBatch} calls
 * of 500 page_view rows of about 250 bytes to the {@code shardwise-page-views} delivery stream (JQ
 * partitioning, OpenX conversion, Parquet SNAPPY) on a loopback {@code LocalServer}; the clock
 * stops when every record is in a Parquet object. Prints records/s.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.shardwise.bench.FirehoseThroughput [records] [client threads] [warm-up records]
 * </pre>
 *
 * <p>The warm-up (default 0) sends that many records first, delivers them and only then starts the
 * clock, so the measured run excludes the JIT's compilation and the heap's first growth.
 */
public final class FirehoseThroughput {
  public static final String COLUMNS =
      "row_id string, shard_id string, window_start timestamp, window_end timestamp, segment string,"
          + " minute timestamp, page string, views bigint, unique_devices bigint, load_ms_sum bigint,"
          + " load_ms_count bigint, load_ms_max int, late boolean";

  public static void main(String[] args) throws Exception {
    int total = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    Path dir = Files.createTempDirectory("firehose-bench");
    CountingStore store = new CountingStore(dir);
    ExecutorService delivery = Executors.newSingleThreadExecutor();
    FirehoseService service =
        FirehoseService.builder()
            .dataDir(dir)
            .store(store)
            .clock(Clock.systemUTC())
            .random(new SplittableRandom(1))
            .schemas(new ColumnListSchemaResolver().table("shardwise", "page_views", COLUMNS))
            .deliveryExecutor(delivery)
            .build();
    service.create(
        DeliveryStreamDefinitions.load(
            "shardwise-page-views",
            DeliveryStreamDefinitions.localValues("us-east-1", "000000000000", "bench", "none")));
    List<List<Record>> batches = batches(1000);
    try (LocalServer server = LocalServer.builder().port(0).build().register(service).start()) {
      ExecutorService clients = Executors.newFixedThreadPool(threads);
      if (warmup > 0) {
        // the JIT's work and the first GCs happen here, not in the measured run
        send(clients, server, threads, warmup, batches);
        service.flushAll();
        store.objects.set(0);
        store.bytes.set(0);
      }
      long cpuStart = processCpuNanos();
      long start = System.nanoTime();
      long failed = send(clients, server, threads, total, batches);
      long ingested = System.nanoTime();
      service.flushAll();
      long end = System.nanoTime();
      double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
      clients.shutdown();
      double seconds = (end - start) / 1e9;
      System.out.printf(
          "records=%d clientThreads=%d warmup=%d failed=%d ingest=%.2fs total=%.2fs objects=%d"
              + " parquetBytes=%d throughput=%.0f records/s processCpu=%.2fs (%.0f records per"
              + " CPU-second, clients and server together; JDK %s, %d CPUs)%n",
          total,
          threads,
          warmup,
          failed,
          (ingested - start) / 1e9,
          seconds,
          store.objects.get(),
          store.bytes.get(),
          total / seconds,
          cpuSeconds,
          total / cpuSeconds,
          System.getProperty("java.version"),
          Runtime.getRuntime().availableProcessors());
    } finally {
      service.close();
      delivery.shutdown();
    }
  }

  /** Sends {@code total} records in calls of 500 from {@code threads} clients; returns failures. */
  private static long send(
      ExecutorService clients,
      LocalServer server,
      int threads,
      int total,
      List<List<Record>> batches)
      throws Exception {
    AtomicLong sent = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      futures.add(
          clients.submit(
              () -> {
                try (FirehoseClient client = client(server.endpoint())) {
                  while (sent.addAndGet(500) <= total) {
                    PutRecordBatchResponse r =
                        client.putRecordBatch(
                            b ->
                                b.deliveryStreamName("shardwise-page-views")
                                    .records(
                                        batches.get((int) ((sent.get() / 500) % batches.size()))));
                    failed.addAndGet(r.failedPutCount());
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    return failed.get();
  }

  /** CPU time of this process (all threads, GC included). */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Batches of 500 rows of about 250 bytes, 20 pages per batch, one minute. */
  public static List<List<Record>> batches(int count) {
    List<List<Record>> out = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(42);
    for (int b = 0; b < count; b++) {
      List<Record> batch = new ArrayList<>(500);
      for (int i = 0; i < 500; i++) {
        String row =
            String.format(
                "{\"row_id\":\"%032x\",\"shard_id\":\"shardId-%012d\",\"window_start\":\"2026-11-21T10:15:00.000Z\","
                    + "\"window_end\":\"2026-11-21T10:16:00.000Z\",\"segment\":\"%d\",\"minute\":\"2026-11-21T10:15:00.000Z\","
                    + "\"page\":\"/p/%d\",\"views\":%d,\"unique_devices\":%d,\"load_ms_sum\":%d,\"load_ms_count\":3,\"late\":false}\n",
                random.nextLong() & Long.MAX_VALUE,
                b % 4,
                b,
                random.nextInt(200),
                random.nextInt(1000),
                random.nextInt(100),
                random.nextInt(9000));
        batch.add(Record.builder().data(SdkBytes.fromString(row, StandardCharsets.UTF_8)).build());
      }
      out.add(batch);
    }
    return out;
  }

  static FirehoseClient client(URI endpoint) {
    return FirehoseClient.builder()
        .endpointOverride(URI.create(endpoint.toString()))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** Counts objects and bytes; keeps nothing (the benchmark measures the Firehose, not a disk). */
  public static final class CountingStore implements ObjectStore {
    final Path root;
    final AtomicLong objects = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();

    public CountingStore(Path root) {
      this.root = root;
    }

    @Override
    public ObjectInfo put(
        String bucket, String key, InputStream data, ObjectAttributes a, Precondition c)
        throws IOException {
      long n = data.transferTo(OutputStreamSink.INSTANCE);
      objects.incrementAndGet();
      bytes.addAndGet(n);
      return new ObjectInfo(bucket, key, n, "\"0\"", Instant.EPOCH, a);
    }

    @Override
    public void createBucket(String bucket) {}

    @Override
    public void ensureBucket(String bucket) {}

    @Override
    public boolean bucketExists(String bucket) {
      return true;
    }

    @Override
    public List<String> listBuckets() {
      return List.of("bench");
    }

    @Override
    public void deleteBucket(String bucket) {}

    @Override
    public Optional<ObjectInfo> head(String bucket, String key) {
      return Optional.empty();
    }

    @Override
    public byte[] get(String bucket, String key) throws S3Exception {
      throw S3Exception.noSuchKey(key);
    }

    @Override
    public void delete(String bucket, String key) {}

    @Override
    public Listing list(
        String bucket, String prefix, String delimiter, String startAfter, int maxKeys) {
      return new Listing(List.of(), List.of(), null);
    }

    @Override
    public Path pathOf(String bucket, String key) {
      return root.resolve(bucket).resolve(key);
    }

    @Override
    public Path root() {
      return root;
    }
  }

  /** Discards bytes. */
  static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
