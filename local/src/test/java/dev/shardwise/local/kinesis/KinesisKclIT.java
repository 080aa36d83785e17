package dev.shardwise.local.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.retrieval.KinesisClientRecord;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * The KCL 3.x (polling mode, lease table in DynamoDB Local in-process, metrics off) reads every
 * record from our endpoint, across a shard split: it must finish the parent (SHARD_END, checkpoint)
 * before it reads the children.
 */
class KinesisKclIT {
  @TempDir Path dir;

  /** Records every record it sees; checkpoints at shard end as the KCL requires. */
  static final class Collector implements ShardRecordProcessor {
    final Set<String> seen;
    final Set<String> endedShards;
    String shardId;

    Collector(Set<String> seen, Set<String> endedShards) {
      this.seen = seen;
      this.endedShards = endedShards;
    }

    @Override
    public void initialize(InitializationInput in) {
      shardId = in.shardId();
    }

    @Override
    public void processRecords(ProcessRecordsInput in) {
      for (KinesisClientRecord r : in.records()) {
        seen.add(java.nio.charset.StandardCharsets.UTF_8.decode(r.data()).toString());
      }
    }

    @Override
    public void leaseLost(LeaseLostInput in) {}

    @Override
    public void shardEnded(ShardEndedInput in) {
      try {
        in.checkpointer().checkpoint();
        endedShards.add(shardId);
      } catch (Exception e) {
        throw new IllegalStateException("checkpoint at shard end failed", e);
      }
    }

    @Override
    public void shutdownRequested(ShutdownRequestedInput in) {}
  }

  @Test
  void kcl_readsEveryRecord_acrossAShardSplit() throws Exception {
    AmazonDynamoDBLocal ddb = DynamoDBEmbedded.create(true);
    try (KinesisTestSupport local =
            new KinesisTestSupport(KinesisConfig.defaults(), dir, Clock.systemUTC());
        KinesisClient sync = KinesisTestSupport.client(local.endpoint());
        KinesisAsyncClient kinesis = asyncClient(local.endpoint());
        DynamoDbAsyncClient dynamo = ddb.dynamoDbAsyncClient();
        CloudWatchAsyncClient cloudWatch = unusedCloudWatch()) {
      String stream = "kcl";
      sync.createStream(b -> b.streamName(stream).shardCount(1));
      Set<String> expected = ConcurrentHashMap.newKeySet();
      put(sync, stream, 0, 200, expected);

      Set<String> seen = ConcurrentHashMap.newKeySet();
      Set<String> ended = ConcurrentHashMap.newKeySet();
      ConfigsBuilder configs =
          new ConfigsBuilder(
              stream,
              "kcl-it",
              kinesis,
              dynamo,
              cloudWatch,
              "worker-1",
              () -> new Collector(seen, ended));
      Scheduler scheduler =
          new Scheduler(
              configs.checkpointConfig(),
              configs.coordinatorConfig().parentShardPollIntervalMillis(500),
              configs
                  .leaseManagementConfig()
                  .shardSyncIntervalMillis(1000)
                  .failoverTimeMillis(3000),
              configs.lifecycleConfig(),
              configs.metricsConfig().metricsLevel(MetricsLevel.NONE),
              configs.processorConfig(),
              configs
                  .retrievalConfig()
                  .initialPositionInStreamExtended(
                      InitialPositionInStreamExtended.newInitialPosition(
                          InitialPositionInStream.TRIM_HORIZON))
                  .retrievalSpecificConfig(
                      new PollingConfig(stream, kinesis).idleTimeBetweenReadsInMillis(250)));
      Thread worker = new Thread(scheduler, "kcl-scheduler");
      worker.setDaemon(true);
      worker.start();
      try {
        awaitAll(seen, expected, Duration.ofSeconds(120));
        System.out.println("KCL read the first 200 records at " + java.time.Instant.now());

        sync.splitShard(
            b ->
                b.streamName(stream)
                    .shardToSplit("shardId-000000000000")
                    .newStartingHashKey("170141183460469231731687303715884105728"));
        put(sync, stream, 200, 400, expected);

        awaitAll(seen, expected, Duration.ofSeconds(120));
        System.out.println("KCL read the children's records at " + java.time.Instant.now());
        assertThat(seen).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(ended).contains("shardId-000000000000");
      } finally {
        scheduler.startGracefulShutdown().get(30, TimeUnit.SECONDS);
        worker.join(10_000);
      }
    } finally {
      ddb.shutdown();
    }
  }

  static void put(KinesisClient k, String stream, int from, int to, Set<String> expected) {
    List<PutRecordsRequestEntry> batch = new ArrayList<>();
    for (int i = from; i < to; i++) {
      String v = "record-" + i;
      expected.add(v);
      batch.add(
          PutRecordsRequestEntry.builder()
              .partitionKey("device-" + i)
              .data(SdkBytes.fromUtf8String(v))
              .build());
    }
    assertThat(k.putRecords(b -> b.streamName(stream).records(batch)).failedRecordCount()).isZero();
  }

  static void awaitAll(Set<String> seen, Set<String> expected, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!seen.containsAll(expected) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(seen).as("records the KCL delivered").containsAll(expected);
  }

  static KinesisAsyncClient asyncClient(URI endpoint) {
    return KinesisAsyncClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1).build())
        .build();
  }

  /** Metrics are off, so the KCL never calls it; it points at a closed loopback port. */
  static CloudWatchAsyncClient unusedCloudWatch() {
    return CloudWatchAsyncClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:9"))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .build();
  }
}
