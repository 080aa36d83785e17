package dev.shardwise.local.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shardwise.consumer.ConsumerConfig;
import dev.shardwise.consumer.internal.AwsClients;
import dev.shardwise.consumer.state.S3ShardStateStore;
import dev.shardwise.consumer.state.ShardStateStore.VersionedState;
import dev.shardwise.consumer.state.StateConflictException;
import dev.shardwise.consumer.state.StoreUnavailableException;
import dev.shardwise.core.window.EventFingerprint;
import dev.shardwise.core.window.FingerprintSet;
import dev.shardwise.core.window.SegmentKey;
import dev.shardwise.core.window.ShardState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The consumer's shard state store, with the consumer's own S3 client configuration, against the
 * local S3 endpoint: conditional writes as the consumer relies on them.
 */
class ConsumerStateStoreIT {
  private static final Instant W = Instant.parse("2026-11-21T10:00:00Z");

  @TempDir Path dataDir;
  private LocalS3 local;
  private S3Client client;
  private S3ShardStateStore store;

  @BeforeEach
  void start() throws Exception {
    local = new LocalS3(dataDir);
    local.store.ensureBucket("shardwise-state");
    Map<String, String> env =
        Map.of(
            ConsumerConfig.ENDPOINT,
            local.endpoint().toString(),
            "AWS_ACCESS_KEY_ID",
            "test",
            "AWS_SECRET_ACCESS_KEY",
            "test");
    ConsumerConfig config = ConsumerConfig.fromEnvironment(env);
    client = AwsClients.s3(config, AwsClients.httpClient(config), AwsClients.credentials(env));
    store = new S3ShardStateStore(client, config.stateBucket(), config.statePrefix());
  }

  @AfterEach
  void stop() {
    client.close();
    local.close();
  }

  private static ShardState closed(String seq, String... ids) {
    FingerprintSet set = new FingerprintSet();
    for (String id : ids) {
      set.add(EventFingerprint.of(id));
    }
    return ShardState.empty()
        .afterClose(
            new SegmentKey(W, seq, -1),
            set,
            Map.of("d", new byte[] {7}),
            List.of(),
            Duration.ofMinutes(1));
  }

  @Test
  void stateRoundTrips_andLandsWhereTheDocsSay() {
    VersionedState empty = store.load("shardwise-events", "shardId-000000000001");
    String tag =
        store.save("shardwise-events", "shardId-000000000001", closed("5", "a", "b"), null);
    VersionedState back = store.load("shardwise-events", "shardId-000000000001");

    assertThat(empty.tag()).isNull();
    assertThat(back.tag()).isEqualTo(tag);
    assertThat(back.state().recent().get(0).fingerprints().size()).isEqualTo(2);
    assertThat(
            dataDir.resolve(
                "shardwise-state/consumer-state/shardwise-events/shardId-000000000001.state"))
        .exists();
  }

  @Test
  void conditionalWrites_refuseStaleAndDuplicateCreates() {
    String first = store.save("s", "shard", closed("1"), null);
    store.save("s", "shard", closed("2"), first);

    assertThatThrownBy(() -> store.save("s", "shard", closed("3"), first))
        .isInstanceOf(StateConflictException.class);
    assertThatThrownBy(() -> store.save("s", "shard", closed("3"), null))
        .isInstanceOf(StateConflictException.class);
    assertThat(store.load("s", "shard").state().lastApplied().firstSequence()).isEqualTo("2");
  }

  @Test
  void aMissingBucket_isReportedAsUnavailable_naming_it() {
    S3ShardStateStore wrong = new S3ShardStateStore(client, "no-such-bucket", "p/");

    assertThatThrownBy(() -> wrong.save("s", "shard", closed("1"), null))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("no-such-bucket")
        .hasMessageContaining("NoSuchBucket");
  }
}
