package dev.shardwise.local.esm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shardwise.local.LocalRuntime;
import dev.shardwise.local.LocalSettings;
import dev.shardwise.local.metrics.MetricKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A function attached to the local runtime's Kinesis: real endpoint, real SDK clients, the
 * on-failure queue read back through SQS, checkpoints surviving a restart of the runtime.
 */
class EventSourceMappingIT {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dataDir;

  static KinesisClient kinesis(LocalRuntime rt) {
    return KinesisClient.builder()
        .endpointOverride(rt.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  static SqsClient sqs(LocalRuntime rt) {
    return SqsClient.builder()
        .endpointOverride(rt.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  static void put(KinesisClient k, int from, int to) {
    List<PutRecordsRequestEntry> entries = new ArrayList<>();
    for (int i = from; i < to; i++) {
      entries.add(
          PutRecordsRequestEntry.builder()
              .partitionKey("device-" + (i % 7))
              .data(SdkBytes.fromUtf8String("r" + i))
              .build());
    }
    assertThat(k.putRecords(b -> b.streamName("events").records(entries)).failedRecordCount())
        .isZero();
  }

  static MappingSettings settings() {
    return new MappingSettings(
        10,
        Duration.ZERO,
        1,
        MappingSettings.StartingPosition.TRIM_HORIZON,
        null,
        Duration.ofSeconds(60),
        true,
        true,
        1,
        null,
        "esm-failures",
        List.of());
  }

  private EventSourceMapping attach(LocalRuntime rt, ScriptedFunction.Script script) {
    LocalFunction fn =
        new LocalFunction(
            "scripted", () -> new ScriptedFunction(script), Map.of(), Duration.ofSeconds(10), 256);
    return rt.attachFunction(
        fn,
        settings(),
        "events",
        b -> b.pollInterval(Duration.ofMillis(100)).retryDelay(Duration.ZERO));
  }

  @Test
  void everyRecordIsDeliveredOrDescribedInTheQueue_andARestartResumesWithoutReplay()
      throws Exception {
    ScriptedFunction.Script script =
        new ScriptedFunction.Script(Set.of("r13"), Set.of(), Set.of(), false);
    try (LocalRuntime rt =
            LocalRuntime.start(LocalSettings.forTests(dataDir), InstantSource.system());
        KinesisClient k = kinesis(rt);
        SqsClient q = sqs(rt)) {
      k.createStream(b -> b.streamName("events").shardCount(2));
      put(k, 0, 60);
      EventSourceMapping m = attach(rt, script);

      assertThat(m.awaitIdle(Duration.ofSeconds(60))).isTrue();

      Progress p = m.progress();
      assertThat(p.recordsRead()).isEqualTo(60);
      assertThat(p.recordsDelivered()).isEqualTo(59);
      assertThat(p.recordsDiscarded()).isEqualTo(1);
      assertThat(p.onFailureMessages()).isEqualTo(1);
      assertThat(p.windowsClosed()).isGreaterThanOrEqualTo(2);
      String url = q.getQueueUrl(b -> b.queueName("esm-failures")).queueUrl();
      List<Message> msgs =
          q.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages();
      assertThat(msgs).hasSize(1);
      JsonNode info = JSON.readTree(msgs.get(0).body()).get("KinesisBatchInfo");
      assertThat(info.get("batchSize").asInt()).isEqualTo(1);
      assertThat(info.get("streamArn").asText())
          .isEqualTo("arn:aws:kinesis:us-east-1:000000000000:stream/events");
      assertThat(info.get("startSequenceNumber")).isEqualTo(info.get("endSequenceNumber"));
      assertThat(script.calls)
          .filteredOn(c -> c.data().equals(List.of("r13")))
          .hasSize(2); // isolated by bisecting, then retried once
      Set<String> processed = processed(script);
      assertThat(processed).hasSize(59).doesNotContain("r13");
      assertThat(rt.metrics().keys("AWS/Lambda", "Invocations"))
          .contains(MetricKey.of("AWS/Lambda", "Invocations", Map.of("FunctionName", "scripted")));
      assertThat(Files.list(dataDir.resolve(".esm/scripted/events"))).hasSize(2);
    }

    // WHEN the runtime restarts on the same directory and more records come
    ScriptedFunction.Script after = ScriptedFunction.Script.clean();
    try (LocalRuntime rt =
            LocalRuntime.start(LocalSettings.forTests(dataDir), InstantSource.system());
        KinesisClient k = kinesis(rt)) {
      put(k, 60, 70);
      EventSourceMapping m = attach(rt, after);
      assertThat(m.awaitIdle(Duration.ofSeconds(60))).isTrue();
    }
    // THEN only the new records are invoked
    assertThat(processed(after))
        .containsExactlyInAnyOrder(
            "r60", "r61", "r62", "r63", "r64", "r65", "r66", "r67", "r68", "r69");
  }

  private static Set<String> processed(ScriptedFunction.Script script) {
    Set<String> out = new HashSet<>();
    for (ScriptedFunction.Call c : script.calls) {
      if (!c.isFinal() && c.outcome().equals("ok")) {
        out.addAll(c.data());
      }
    }
    return out;
  }

  @Test
  void startingAtLatest_skipsWhatWasThereBefore() throws Exception {
    ScriptedFunction.Script script = ScriptedFunction.Script.clean();
    try (LocalRuntime rt =
            LocalRuntime.start(LocalSettings.forTests(dataDir), InstantSource.system());
        KinesisClient k = kinesis(rt)) {
      k.createStream(b -> b.streamName("events").shardCount(1));
      put(k, 0, 5);
      LocalFunction fn =
          new LocalFunction(
              "scripted",
              () -> new ScriptedFunction(script),
              Map.of(),
              Duration.ofSeconds(10),
              256);
      EventSourceMapping m =
          rt.attachFunction(
              fn,
              settings().withStartingPosition(MappingSettings.StartingPosition.LATEST, null),
              "events",
              b -> b.pollInterval(Duration.ofMillis(100)));
      assertThat(m.awaitIdle(Duration.ofSeconds(30))).isTrue();
      put(k, 5, 8);
      assertThat(m.awaitIdle(Duration.ofSeconds(30))).isTrue();
      assertThat(processed(script)).containsExactlyInAnyOrder("r5", "r6", "r7");
    }
  }

  @Test
  void parallelizationFactor_runsBatchesOfOneShardConcurrently_keepingEachKeysOrder()
      throws Exception {
    OrderCheckingFunction.Observed seen = new OrderCheckingFunction.Observed();
    try (LocalRuntime rt =
            LocalRuntime.start(LocalSettings.forTests(dataDir), InstantSource.system());
        KinesisClient k = kinesis(rt)) {
      k.createStream(b -> b.streamName("events").shardCount(1));
      // GIVEN 24 keys with 20 records each, interleaved
      for (int round = 0; round < 20; round++) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int key = 0; key < 24; key++) {
          entries.add(
              PutRecordsRequestEntry.builder()
                  .partitionKey("k" + key)
                  .data(SdkBytes.fromUtf8String("k" + key + ":" + round))
                  .build());
        }
        k.putRecords(b -> b.streamName("events").records(entries));
      }
      MappingSettings pf4 =
          new MappingSettings(
              7,
              Duration.ZERO,
              4,
              MappingSettings.StartingPosition.TRIM_HORIZON,
              null,
              Duration.ZERO,
              false,
              false,
              -1,
              null,
              null,
              List.of());
      LocalFunction fn =
          new LocalFunction(
              "ordered",
              () -> new OrderCheckingFunction(seen),
              Map.of(),
              Duration.ofSeconds(10),
              256);
      EventSourceMapping m =
          rt.attachFunction(fn, pf4, "events", b -> b.pollInterval(Duration.ofMillis(50)));

      assertThat(m.awaitIdle(Duration.ofSeconds(60))).isTrue();

      // THEN every record once, in order per key, with batches of the shard overlapping
      assertThat(seen.violations).isEmpty();
      assertThat(seen.records.get()).isEqualTo(480);
      assertThat(seen.last).hasSize(24).allSatisfy((key, n) -> assertThat(n).isEqualTo(19));
      assertThat(seen.maxRunning.get()).isGreaterThan(1).isLessThanOrEqualTo(4);
      assertThat(m.progress().recordsDelivered()).isEqualTo(480);
    }
  }

  @Test
  void afterAReshard_childrenArePolledOnlyOnceTheirParentIsFinished() throws Exception {
    OrderCheckingFunction.Observed seen = new OrderCheckingFunction.Observed();
    try (LocalRuntime rt =
            LocalRuntime.start(LocalSettings.forTests(dataDir), InstantSource.system());
        KinesisClient k = kinesis(rt)) {
      k.createStream(b -> b.streamName("events").shardCount(1));
      // GIVEN 12 keys x 15 records in the parent, then a split, then 12 x 5 more in the children
      for (int round = 0; round < 20; round++) {
        if (round == 15) {
          k.updateShardCount(
              b ->
                  b.streamName("events")
                      .targetShardCount(2)
                      .scalingType(
                          software.amazon.awssdk.services.kinesis.model.ScalingType
                              .UNIFORM_SCALING));
        }
        int r = round;
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int key = 0; key < 12; key++) {
          entries.add(
              PutRecordsRequestEntry.builder()
                  .partitionKey("k" + key)
                  .data(SdkBytes.fromUtf8String("k" + key + ":" + r))
                  .build());
        }
        k.putRecords(b -> b.streamName("events").records(entries));
      }
      MappingSettings small =
          new MappingSettings(
              4,
              Duration.ZERO,
              1,
              MappingSettings.StartingPosition.TRIM_HORIZON,
              null,
              Duration.ZERO,
              false,
              false,
              -1,
              null,
              null,
              List.of());
      LocalFunction fn =
          new LocalFunction(
              "ordered",
              () -> new OrderCheckingFunction(seen),
              Map.of(),
              Duration.ofSeconds(10),
              256);

      // WHEN the function is attached from TRIM_HORIZON
      EventSourceMapping m =
          rt.attachFunction(fn, small, "events", b -> b.pollInterval(Duration.ofMillis(50)));
      assertThat(m.awaitIdle(Duration.ofSeconds(60))).isTrue();

      // THEN every key's records in order across parent and children
      assertThat(seen.violations).isEmpty();
      assertThat(seen.records.get()).isEqualTo(240);
      assertThat(m.progress().shards())
          .hasSize(3)
          .allSatisfy(
              s -> assertThat(s.state()).isNotEqualTo(Progress.ShardState.WAITING_FOR_PARENTS));
      assertThat(m.progress().shards().get(0).state()).isEqualTo(Progress.ShardState.FINISHED);
    }
  }
}
