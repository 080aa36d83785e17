package dev.shardwise.local.esm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.consumer.ConsumerHandler;
import dev.shardwise.consumer.definitions.Definitions;
import dev.shardwise.firehose.DeliveryStreamDefinitions;
import dev.shardwise.local.LocalRuntime;
import dev.shardwise.local.LocalSettings;
import dev.shardwise.local.firehose.FirehoseService;
import dev.shardwise.producer.sim.GroundTruth;
import dev.shardwise.producer.sim.SimConfig;
import dev.shardwise.producer.sim.SimRecord;
import dev.shardwise.producer.sim.Simulator;
import dev.shardwise.producer.sim.TruthRecorder;
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
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * The whole exactly-once chain with the real consumer: simulated traffic (duplicates, late and
 * malformed records) into the local Kinesis, the shared event source mapping running {@code
 * ConsumerHandler} with injected function errors, timeouts (bisected and retried), crashes after
 * the handler returned (final invocations replayed) and a restart of the poller, the local Firehose
 * writing Parquet to the local S3. The {@code page_views} rows read back and deduplicated by {@code
 * row_id} equal the simulator's ground truth.
 */
class ConsumerExactlyOnceIT {
  static final String ARCHIVE = LocalRuntime.ARCHIVE_BUCKET;

  @TempDir Path dataDir;

  @Test
  void pageViewsEqualTheGroundTruth_afterFailuresTimeoutsBisectsAndARestart() throws Exception {
    LocalSettings settings =
        new LocalSettings(
            dataDir,
            InetAddress.getLoopbackAddress(),
            0,
            Map.of(
                "kinesis.limits",
                "off",
                "alarms",
                "off",
                "firehose",
                "off")); // wired by hand below
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Simulator sim =
        new Simulator(
            SimConfig.of(42, now.minus(Duration.ofMinutes(12)), 8, Duration.ofMinutes(10), 300));
    TruthRecorder recorder = new TruthRecorder();
    List<SimRecord> records = new ArrayList<>();
    while (sim.hasNext()) {
      SimRecord r = sim.next();
      recorder.record(r);
      records.add(r);
    }
    GroundTruth truth = recorder.truth(sim);
    assertThat(truth.totalViews()).isGreaterThan(1000);

    try (LocalRuntime rt = LocalRuntime.start(settings, InstantSource.system());
        KinesisClient k = kinesis(rt)) {
      rt.s3().ensureBucket(ARCHIVE);
      rt.s3().ensureBucket("shardwise-state");
      FirehoseService firehose =
          FirehoseService.builder()
              .dataDir(dataDir)
              .store(rt.s3())
              .clock(InstantSource.system())
              .random(new SplittableRandom(7))
              .schemas(rt.athena().tableSchemas())
              .build();
      Map<String, String> values =
          DeliveryStreamDefinitions.localValues(
              "us-east-1", "000000000000", ARCHIVE, "shardwise-events");
      for (String name :
          List.of("shardwise-page-views", "shardwise-anomalies", "shardwise-rejects")) {
        firehose.create(DeliveryStreamDefinitions.load(name, values));
      }
      rt.server().register(firehose);
      String stream = Definitions.stream().streamName();
      k.createStream(b -> b.streamName(stream).shardCount(2));

      Map<String, String> env =
          LocalFunction.withLambdaVariables(
              "shardwise-consumer",
              1024,
              Map.of("SHARDWISE_ENDPOINT_URL", rt.endpoint().toString()));
      LocalFunction fn =
          new LocalFunction(
              "shardwise-consumer",
              () -> new ConsumerHandler(env),
              env,
              Duration.ofSeconds(60),
              1024);
      MappingSettings mapping =
          MappingSettings.from(Definitions.eventSourceMapping()).withBatchSize(150);
      Faults faults = new Faults();

      // first half, a poller that is stopped mid-way
      send(k, stream, records.subList(0, records.size() / 2));
      java.util.concurrent.atomic.AtomicInteger shown =
          new java.util.concurrent.atomic.AtomicInteger();
      EventSourceMapping first =
          rt.attachFunction(
              fn,
              mapping,
              stream,
              b ->
                  b.faults(faults)
                      .retryDelay(Duration.ZERO)
                      .logLines(
                          line -> {
                            if (!line.contains("\"_aws\"") && shown.incrementAndGet() < 20) {
                              System.out.println("handler: " + line);
                            }
                          }));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (first.progress().recordsDelivered() < 300 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      first.close();
      assertThat(first.progress().recordsDelivered())
          .as("%s", first.progress())
          .isGreaterThanOrEqualTo(300);

      // the rest, a new poller resuming from the checkpoints
      send(k, stream, records.subList(records.size() / 2, records.size()));
      EventSourceMapping second =
          rt.attachFunction(fn, mapping, stream, b -> b.faults(faults).retryDelay(Duration.ZERO));
      assertThat(second.awaitIdle(Duration.ofMinutes(3))).isTrue();
      second.close();
      assertThat(firehose.flushAll()).isTrue();
      firehose.close();

      // faults really happened, nothing was given up
      assertThat(faults.errors.get()).isPositive();
      assertThat(faults.timeouts.get()).isPositive();
      assertThat(faults.crashes.get()).isGreaterThanOrEqualTo(3);
      assertThat(first.progress().recordsDiscarded() + second.progress().recordsDiscarded())
          .isZero();
      assertThat(first.progress().errors() + second.progress().errors()).isPositive();
    }

    Map<String, Long> expected = new TreeMap<>();
    truth
        .pageMinutes()
        .forEach((key, count) -> expected.put(key.minute() + " " + key.page(), count.views()));
    assertThat(pageViews(dataDir.resolve(ARCHIVE))).isEqualTo(expected);
  }

  /**
   * Errors and timeouts at first attempts of some batches; a crash after each window's first close.
   */
  static final class Faults implements FaultPlan {
    final AtomicInteger errors = new AtomicInteger();
    final AtomicInteger timeouts = new AtomicInteger();
    final AtomicInteger crashes = new AtomicInteger();
    final AtomicInteger firstAttempts = new AtomicInteger();

    @Override
    public Fault decide(Invocation i) {
      if (i.finalInvoke()) {
        // the first three final invocations crash after the handler returned: replayed
        return crashes.incrementAndGet() <= 3 ? Fault.CRASH_AFTER_HANDLER : Fault.NONE;
      }
      if (i.attempt() > 0) {
        return Fault.NONE;
      }
      // first attempts, counted: every 7th fails, every 11th times out (then bisected, retried)
      int n = firstAttempts.incrementAndGet();
      if (n % 7 == 3) {
        errors.incrementAndGet();
        return Fault.ERROR;
      }
      if (n % 11 == 5) {
        timeouts.incrementAndGet();
        return Fault.TIMEOUT;
      }
      return Fault.NONE;
    }
  }

  private static Map<String, Long> pageViews(Path archive) throws Exception {
    Map<String, Long> out = new TreeMap<>();
    if (!Files.exists(archive.resolve("page_views"))) {
      return out;
    }
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT epoch_ms(minute) AS m, page, sum(views) AS v FROM ("
                    + " SELECT row_id, any_value(minute) AS minute, any_value(page) AS page,"
                    + " any_value(views) AS views FROM read_parquet('"
                    + archive.resolve("page_views").toString().replace("'", "''")
                    + "/**/*.parquet', hive_partitioning = false) GROUP BY row_id)"
                    + " GROUP BY ALL")) {
      while (rs.next()) {
        out.put(Instant.ofEpochMilli(rs.getLong(1)) + " " + rs.getString(2), rs.getLong(3));
      }
    }
    return out;
  }

  private static void send(KinesisClient k, String stream, List<SimRecord> records) {
    for (int i = 0; i < records.size(); i += 500) {
      List<PutRecordsRequestEntry> entries = new ArrayList<>();
      for (SimRecord r : records.subList(i, Math.min(records.size(), i + 500))) {
        entries.add(
            PutRecordsRequestEntry.builder()
                .partitionKey(r.partitionKey())
                .data(SdkBytes.fromByteArray(r.data()))
                .build());
      }
      assertThat(k.putRecords(b -> b.streamName(stream).records(entries)).failedRecordCount())
          .isZero();
    }
  }

  private static KinesisClient kinesis(LocalRuntime rt) {
    return KinesisClient.builder()
        .endpointOverride(rt.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }
}
