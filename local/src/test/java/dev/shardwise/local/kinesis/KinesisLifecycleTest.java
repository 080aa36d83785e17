package dev.shardwise.local.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.local.server.AwsServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stream status, retention, persistence across restarts, the memory cap, iterator expiry. */
class KinesisLifecycleTest {
  @TempDir Path dir;

  static String code(Throwable e) {
    return ((AwsServiceException) e).errorCode();
  }

  String status(ServiceHarness h) throws AwsServiceException {
    return h.call("DescribeStreamSummary", "{\"StreamName\":\"s\"}")
        .get("StreamDescriptionSummary")
        .get("StreamStatus")
        .asText();
  }

  @Test
  void statusDelay_streamIsCreatingThenActive_updatingAfterSplit_deletingThenGone()
      throws Exception {
    KinesisConfig c = KinesisConfig.defaults().withStatusDelay(Duration.ofSeconds(1));
    try (ServiceHarness h = new ServiceHarness(c, dir)) {
      h.create("s", 1);

      assertThat(status(h)).isEqualTo("CREATING");
      assertThatThrownBy(() -> h.putRecord("s", "k", new byte[1]))
          .extracting(KinesisLifecycleTest::code)
          .isEqualTo("ResourceNotFoundException");
      String split =
          "{\"StreamName\":\"s\",\"ShardToSplit\":\"shardId-000000000000\","
              + "\"NewStartingHashKey\":\"100\"}";
      assertThatThrownBy(() -> h.call("SplitShard", split))
          .extracting(KinesisLifecycleTest::code)
          .isEqualTo("ResourceInUseException");

      h.clock.advance(Duration.ofSeconds(1));
      assertThat(status(h)).isEqualTo("ACTIVE");
      h.call("SplitShard", split);
      assertThat(status(h)).isEqualTo("UPDATING");
      assertThat(h.putRecord("s", "k", new byte[1]).get("SequenceNumber")).isNotNull();
      assertThatThrownBy(
              () ->
                  h.call(
                      "MergeShards",
                      "{\"StreamName\":\"s\","
                          + "\"ShardToMerge\":\"shardId-000000000001\","
                          + "\"AdjacentShardToMerge\":\"shardId-000000000002\"}"))
          .extracting(KinesisLifecycleTest::code)
          .isEqualTo("ResourceInUseException");

      h.clock.advance(Duration.ofSeconds(1));
      h.call("DeleteStream", "{\"StreamName\":\"s\"}");
      assertThat(status(h)).isEqualTo("DELETING");
      assertThatThrownBy(() -> h.create("s", 1))
          .extracting(KinesisLifecycleTest::code)
          .isEqualTo("ResourceInUseException");
      h.clock.advance(Duration.ofSeconds(1));
      assertThatThrownBy(() -> status(h))
          .extracting(KinesisLifecycleTest::code)
          .isEqualTo("ResourceNotFoundException");
      assertThat(Files.exists(dir.resolve(".kinesis/stream-s"))).isFalse();
    }
  }

  @Test
  void retention_trimsRecordsOlderThanTheRetentionPeriod() throws Exception {
    try (ServiceHarness h = new ServiceHarness(KinesisConfig.defaults(), dir)) {
      h.create("s", 1);
      h.putRecord("s", "old", new byte[10]);
      h.clock.advance(Duration.ofHours(23));
      h.putRecord("s", "new", new byte[10]);

      h.clock.advance(Duration.ofHours(2)); // the first is 25 h old, the second 2 h

      ObjectNode r = h.getRecords(h.iterator("s", "shardId-000000000000", "TRIM_HORIZON"));
      assertThat(r.get("Records")).hasSize(1);
      assertThat(r.get("Records").get(0).get("PartitionKey").asText()).isEqualTo("new");
    }
  }

  @Test
  void retentionPeriod_increaseAndDecreaseAreCheckedLikeAws() throws Exception {
    try (ServiceHarness h = new ServiceHarness(KinesisConfig.defaults(), dir)) {
      h.create("s", 1);
      h.call("IncreaseStreamRetentionPeriod", "{\"StreamName\":\"s\",\"RetentionPeriodHours\":48}");

      assertThatThrownBy(
              () ->
                  h.call(
                      "IncreaseStreamRetentionPeriod",
                      "{\"StreamName\":\"s\",\"RetentionPeriodHours\":24}"))
          .extracting(KinesisLifecycleTest::code)
          .isEqualTo("InvalidArgumentException");
      assertThatThrownBy(
              () ->
                  h.call(
                      "DecreaseStreamRetentionPeriod",
                      "{\"StreamName\":\"s\",\"RetentionPeriodHours\":12}"))
          .hasMessageContaining("Minimum allowed retention period is 24 hours");
      h.call("DecreaseStreamRetentionPeriod", "{\"StreamName\":\"s\",\"RetentionPeriodHours\":24}");
      assertThat(
              h.call("DescribeStream", "{\"StreamName\":\"s\"}")
                  .get("StreamDescription")
                  .get("RetentionPeriodHours")
                  .asInt())
          .isEqualTo(24);
    }
  }

  @Test
  void restart_keepsStreamsShardsSequenceNumbersAndRecords() throws Exception {
    try (ServiceHarness h = new ServiceHarness(KinesisConfig.defaults(), dir)) {
      h.create("s", 1);
      h.putRecord("s", "a", "one".getBytes());
      h.call(
          "SplitShard",
          "{\"StreamName\":\"s\",\"ShardToSplit\":\"shardId-000000000000\","
              + "\"NewStartingHashKey\":\"170141183460469231731687303715884105728\"}");
      String beforeSeq = h.putRecord("s", "b", "two".getBytes()).get("SequenceNumber").asText();

      h.restart();

      String afterSeq = h.putRecord("s", "b", "three".getBytes()).get("SequenceNumber").asText();
      assertThat(afterSeq).isGreaterThan(beforeSeq);
      assertThat(h.drain("s", "shardId-000000000000")).isEqualTo(1);
      ObjectNode shards = h.call("ListShards", "{\"StreamName\":\"s\"}");
      assertThat(shards.get("Shards")).hasSize(3);
      assertThat(shards.get("Shards").get(0).get("SequenceNumberRange").has("EndingSequenceNumber"))
          .isTrue();
      String child = h.putRecord("s", "b", new byte[1]).get("ShardId").asText();
      assertThat(h.drain("s", child)).isEqualTo(3);
    }
  }

  @Test
  void retainedBytesCap_refusesWritesWithAMessageNamingTheSetting() throws Exception {
    KinesisConfig c =
        KinesisConfig.defaults()
            .withLimits(KinesisLimits.disabled())
            .withMaxRetainedBytesPerStream(KinesisLimits.MIB);
    try (ServiceHarness h = new ServiceHarness(c, dir)) {
      h.create("s", 2);
      h.putRecords("s", 100, 10_000, "k"); // ~1 MB

      assertThatThrownBy(() -> h.putRecords("s", 10, 10_000, "k"))
          .extracting(KinesisLifecycleTest::code)
          .isEqualTo("LimitExceededException");
      assertThatThrownBy(() -> h.putRecords("s", 10, 10_000, "k"))
          .hasMessageContaining("kinesis.max-retained-bytes-per-stream");
      h.clock.advance(Duration.ofHours(25)); // retention frees the bytes
      assertThat(h.putRecords("s", 10, 10_000, "k").get("FailedRecordCount").asInt()).isZero();
    }
  }

  @Test
  void iterator_expiresAfterFiveMinutes() throws Exception {
    try (ServiceHarness h = new ServiceHarness(KinesisConfig.defaults(), dir)) {
      h.create("s", 1);
      String it = h.iterator("s", "shardId-000000000000", "TRIM_HORIZON");
      h.clock.advance(Duration.ofMinutes(5));
      String next = h.getRecords(it).get("NextShardIterator").asText();

      h.clock.advance(Duration.ofMinutes(5).plusMillis(1));

      assertThatThrownBy(() -> h.getRecords(it))
          .extracting(KinesisLifecycleTest::code)
          .isEqualTo("ExpiredIteratorException");
      assertThatThrownBy(() -> h.getRecords(next))
          .extracting(KinesisLifecycleTest::code)
          .isEqualTo("ExpiredIteratorException");
    }
  }

  @Test
  void iteratorOfADeletedAndRecreatedStream_isRefused() throws Exception {
    try (ServiceHarness h = new ServiceHarness(KinesisConfig.defaults(), dir)) {
      h.create("s", 1);
      String it = h.iterator("s", "shardId-000000000000", "TRIM_HORIZON");
      h.call("DeleteStream", "{\"StreamName\":\"s\"}");
      h.clock.advance(Duration.ofMillis(1));
      h.create("s", 1);

      assertThatThrownBy(() -> h.getRecords(it))
          .extracting(KinesisLifecycleTest::code)
          .isEqualTo("ResourceNotFoundException");
    }
  }
}
