package dev.shardwise.local.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shardwise.consumer.ConsumerConfig;
import dev.shardwise.consumer.internal.AwsClients;
import dev.shardwise.consumer.state.KinesisShardLineage;
import dev.shardwise.consumer.state.LineageUnavailableException;
import dev.shardwise.core.kinesis.HashKeyRange;
import dev.shardwise.core.kinesis.HashKeys;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The consumer's shard lineage through the consumer's own Kinesis client (as {@code Wiring} builds
 * it: URL-connection HTTP, CBOR) against the local Kinesis, across a real split and merge.
 */
class ShardLineageIT {
  private static final String STREAM = "lineage";
  private static final String HALF = "170141183460469231731687303715884105728";
  private static final String QUARTER = "85070591730234615865843651857942052864";

  @TempDir Path dir;
  KinesisTestSupport local;
  KinesisClient admin;
  KinesisClient consumerClient;
  KinesisShardLineage lineage;

  @BeforeEach
  void start() throws Exception {
    local = new KinesisTestSupport(KinesisConfig.defaults(), dir, Clock.systemUTC());
    admin = KinesisTestSupport.client(local.endpoint());
    Map<String, String> env =
        Map.of(
            ConsumerConfig.REGION,
            "us-east-1",
            ConsumerConfig.ENDPOINT,
            local.endpoint().toString(),
            "AWS_ACCESS_KEY_ID",
            "test",
            "AWS_SECRET_ACCESS_KEY",
            "test");
    ConsumerConfig config = ConsumerConfig.fromEnvironment(env);
    consumerClient =
        AwsClients.kinesis(config, AwsClients.httpClient(config), AwsClients.credentials(env));
    lineage = new KinesisShardLineage(consumerClient);
    admin.createStream(b -> b.streamName(STREAM).shardCount(2));
    admin.waiter().waitUntilStreamExists(b -> b.streamName(STREAM));
  }

  @AfterEach
  void stop() {
    consumerClient.close();
    admin.close();
    local.close();
  }

  private void awaitActive() {
    admin.waiter().waitUntilStreamExists(b -> b.streamName(STREAM));
  }

  @Test
  void splitAndMerge_nameOneAndTwoParents_andALaterReshardIsSeenDespiteTheCache() {
    assertThat(lineage.parents(STREAM, "shardId-000000000000")).isEmpty();

    // split shard 0 at a quarter: shards 2 and 3; merge 3 with 1 (adjacent): shard 4
    admin.splitShard(
        b -> b.streamName(STREAM).shardToSplit("shardId-000000000000").newStartingHashKey(QUARTER));
    awaitActive();
    admin.mergeShards(
        b ->
            b.streamName(STREAM)
                .shardToMerge("shardId-000000000003")
                .adjacentShardToMerge("shardId-000000000001"));
    awaitActive();

    assertThat(lineage.parents(STREAM, "shardId-000000000002"))
        .containsExactly("shardId-000000000000");
    assertThat(lineage.parents(STREAM, "shardId-000000000003"))
        .containsExactly("shardId-000000000000");
    assertThat(lineage.parents(STREAM, "shardId-000000000004"))
        .containsExactlyInAnyOrder("shardId-000000000003", "shardId-000000000001");
    assertThat(lineage.parents(STREAM, "shardId-000000000001")).isEmpty();
    // and each shard's hash-key range, closed shards included
    assertThat(lineage.hashKeyRange(STREAM, "shardId-000000000000"))
        .isEqualTo(HashKeyRange.of("0", new BigInteger(HALF).subtract(BigInteger.ONE).toString()));
    assertThat(lineage.hashKeyRange(STREAM, "shardId-000000000002"))
        .isEqualTo(
            HashKeyRange.of("0", new BigInteger(QUARTER).subtract(BigInteger.ONE).toString()));
    assertThat(lineage.hashKeyRange(STREAM, "shardId-000000000004"))
        .isEqualTo(HashKeyRange.of(QUARTER, HashKeys.MAX.toString()));
  }

  @Test
  void aShardTheListingDoesNotShow_isATransientFailure_notNoParents() {
    assertThatThrownBy(() -> lineage.parents(STREAM, "shardId-000000000009"))
        .isInstanceOf(LineageUnavailableException.class)
        .hasMessageContaining("does not show shard shardId-000000000009");
  }

  @Test
  void anUnknownStream_isATransientFailureNamingTheStream() {
    assertThatThrownBy(() -> lineage.parents("no-such-stream", "shardId-000000000000"))
        .isInstanceOf(LineageUnavailableException.class)
        .hasMessageContaining("cannot list the shards of stream no-such-stream")
        .hasMessageContaining("ResourceNotFoundException");
  }
}
