package dev.shardwise.consumer.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shardwise.consumer.testing.FakeS3;
import dev.shardwise.consumer.testing.TestClients;
import dev.shardwise.core.window.EventFingerprint;
import dev.shardwise.core.window.FingerprintSet;
import dev.shardwise.core.window.SegmentKey;
import dev.shardwise.core.window.ShardState;
import dev.shardwise.core.window.StateFormatException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 store through the real SDK client against a fake S3 on loopback. */
class S3ShardStateStoreIT {
  private static final String BUCKET = "shardwise-state";
  private static final String STREAM = "shardwise-events";
  private static final String SHARD = "shardId-000000000002";
  private static final Instant W = Instant.parse("2026-11-21T10:00:00Z");

  private FakeS3 s3;
  private S3Client client;
  private S3ShardStateStore store;

  @BeforeEach
  void start() throws Exception {
    s3 = new FakeS3();
    client = TestClients.s3(s3.endpoint());
    store = new S3ShardStateStore(client, BUCKET, "consumer-state/");
  }

  @AfterEach
  void stop() {
    client.close();
    s3.close();
  }

  private static ShardState applied(String seq, String... ids) {
    FingerprintSet set = new FingerprintSet();
    for (String id : ids) {
      set.add(EventFingerprint.of(id));
    }
    return ShardState.empty()
        .afterClose(
            new SegmentKey(W, seq, -1),
            set,
            Map.of("det", new byte[] {4, 2}),
            List.of(),
            Duration.ofMinutes(1));
  }

  @Test
  void aNewShard_loadsEmpty_andItsFirstWriteCreatesTheObject() {
    ShardStateStore.VersionedState none = store.load(STREAM, SHARD);

    String tag = store.save(STREAM, SHARD, applied("10", "a"), none.tag());
    ShardStateStore.VersionedState back = store.load(STREAM, SHARD);

    assertThat(none.state()).isEqualTo(ShardState.empty());
    assertThat(none.tag()).isNull();
    assertThat(tag).isNotBlank();
    assertThat(back.tag()).isEqualTo(tag);
    assertThat(back.state().lastApplied()).isEqualTo(new SegmentKey(W, "10", -1));
    assertThat(back.state().detectorStates().get("det")).containsExactly(4, 2);
    assertThat(s3.object(BUCKET, "consumer-state/shardwise-events/shardId-000000000002.state"))
        .isNotNull();
  }

  @Test
  void aWriteBasedOnAStaleVersion_isAConflict() {
    String first = store.save(STREAM, SHARD, applied("10"), null);
    store.save(STREAM, SHARD, applied("20"), first);

    assertThatThrownBy(() -> store.save(STREAM, SHARD, applied("30"), first))
        .isInstanceOf(StateConflictException.class)
        .hasMessageContaining("changed since it was read");
    assertThatThrownBy(() -> store.save(STREAM, SHARD, applied("30"), null))
        .isInstanceOf(StateConflictException.class)
        .hasMessageContaining("expected no object");
    assertThat(store.load(STREAM, SHARD).state().lastApplied().firstSequence()).isEqualTo("20");
  }

  @Test
  void anUnavailableStore_isTransient_andNamesTheObject() {
    s3.failNext(10);

    assertThatThrownBy(() -> store.load(STREAM, SHARD))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("s3://shardwise-state/consumer-state/shardwise-events/" + SHARD)
        .hasMessageContaining("SlowDown");
  }

  @Test
  void aBriefOutage_isRiddenOutByTheClientRetries() {
    s3.failNext(1);

    String tag = store.save(STREAM, SHARD, applied("10"), null);

    assertThat(store.load(STREAM, SHARD).tag()).isEqualTo(tag);
  }

  @Test
  void unreadableBytes_failLoudly_namingTheObject() {
    s3.putObject(
        BUCKET, "consumer-state/shardwise-events/" + SHARD + ".state", "garbage!".getBytes());

    assertThatThrownBy(() -> store.load(STREAM, SHARD))
        .isInstanceOf(StateFormatException.class)
        .hasMessageContaining("s3://shardwise-state/")
        .hasMessageContaining("not a shardwise shard state");
  }
}
