package dev.shardwise.local.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.local.server.AwsServiceException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-shard throughput limits, driven by a fake clock. */
class KinesisLimitsTest {
  @TempDir Path dir;

  @Test
  void putRecords_over1000RecordsPerSecond_failsEntriesWithThroughputError() throws Exception {
    try (ServiceHarness h = new ServiceHarness(KinesisConfig.defaults(), dir)) {
      h.create("s", 1);

      ObjectNode first = h.putRecords("s", 500, 10, "k");
      ObjectNode second = h.putRecords("s", 500, 10, "k");
      ObjectNode third = h.putRecords("s", 10, 10, "k");
      h.clock.advance(Duration.ofMillis(100));
      ObjectNode later = h.putRecords("s", 150, 10, "k");

      assertThat(first.get("FailedRecordCount").asInt()).isZero();
      assertThat(second.get("FailedRecordCount").asInt()).isZero();
      assertThat(third.get("FailedRecordCount").asInt()).isEqualTo(10);
      assertThat(third.get("Records").get(0).get("ErrorCode").asText())
          .isEqualTo("ProvisionedThroughputExceededException");
      assertThat(third.get("Records").get(0).get("ErrorMessage").asText())
          .isEqualTo(
              "Rate exceeded for shard shardId-000000000000 in stream s under account"
                  + " 000000000000.");
      assertThat(later.get("FailedRecordCount").asInt()).isEqualTo(50); // 100 ms refilled 100
    }
  }

  @Test
  void putRecord_over1MiBPerSecond_throwsThroughputError() throws Exception {
    try (ServiceHarness h = new ServiceHarness(KinesisConfig.defaults(), dir)) {
      h.create("s", 1);
      h.putRecord("s", "k", new byte[600_000]);

      assertThatThrownBy(() -> h.putRecord("s", "k", new byte[600_000]))
          .isInstanceOf(AwsServiceException.class)
          .extracting(e -> ((AwsServiceException) e).errorCode())
          .isEqualTo("ProvisionedThroughputExceededException");
      h.clock.advance(Duration.ofSeconds(1));
      assertThat(h.putRecord("s", "k", new byte[600_000]).get("SequenceNumber")).isNotNull();
    }
  }

  @Test
  void limitsArePerShard_otherShardsStillAccept() throws Exception {
    try (ServiceHarness h = new ServiceHarness(KinesisConfig.defaults(), dir)) {
      h.create("s", 2);
      // explicit hash keys pin records to shard 0
      ObjectNode body = ServiceHarness.obj().put("StreamName", "s");
      var recs = body.putArray("Records");
      for (int i = 0; i < 500; i++) {
        recs.addObject()
            .put("PartitionKey", "k")
            .put("ExplicitHashKey", "0")
            .put("Data", new byte[1]);
      }
      h.call("PutRecords", body);
      h.call("PutRecords", body);

      assertThat(h.call("PutRecords", body).get("FailedRecordCount").asInt()).isEqualTo(500);
      ObjectNode other =
          h.call(
              "PutRecord",
              ServiceHarness.obj()
                  .put("StreamName", "s")
                  .put("PartitionKey", "k")
                  .put("ExplicitHashKey", HashKeysForTest.TOP)
                  .put("Data", new byte[1]));
      assertThat(other.get("ShardId").asText()).isEqualTo("shardId-000000000001");
    }
  }

  @Test
  void getRecords_overFiveCallsPerSecond_isThrottled() throws Exception {
    try (ServiceHarness h = new ServiceHarness(KinesisConfig.defaults(), dir)) {
      h.create("s", 1);
      String it = h.iterator("s", "shardId-000000000000", "LATEST");
      for (int i = 0; i < 5; i++) {
        h.getRecords(it);
      }

      assertThatThrownBy(() -> h.getRecords(it))
          .extracting(e -> ((AwsServiceException) e).errorCode())
          .isEqualTo("ProvisionedThroughputExceededException");
      h.clock.advance(Duration.ofMillis(200));
      assertThat(h.getRecords(it).get("Records")).isEmpty();
    }
  }

  @Test
  void getRecords_readingMoreThan2MiB_blocksReadsUntilTheDebtIsRepaid() throws Exception {
    try (ServiceHarness h = new ServiceHarness(KinesisConfig.defaults(), dir)) {
      h.create("s", 1);
      for (int i = 0; i < 6; i++) {
        h.putRecord("s", "k", new byte[1_000_000]);
        h.clock.advance(Duration.ofSeconds(1));
      }
      h.getRecords(h.iterator("s", "shardId-000000000000", "TRIM_HORIZON")); // ~6 MB

      h.clock.advance(Duration.ofSeconds(1));
      String it = h.iterator("s", "shardId-000000000000", "LATEST");
      assertThatThrownBy(() -> h.getRecords(it))
          .extracting(e -> ((AwsServiceException) e).errorCode())
          .isEqualTo("ProvisionedThroughputExceededException");
      h.clock.advance(Duration.ofSeconds(2));
      assertThat(h.getRecords(it).get("Records")).isEmpty();
    }
  }

  @Test
  void scaledLimits_admitFactorTimesMore() throws Exception {
    KinesisConfig c = KinesisConfig.defaults().withLimits(KinesisLimits.scaled(2));
    try (ServiceHarness h = new ServiceHarness(c, dir)) {
      h.create("s", 1);
      for (int i = 0; i < 4; i++) {
        assertThat(h.putRecords("s", 500, 1, "k").get("FailedRecordCount").asInt()).isZero();
      }
      assertThat(h.putRecords("s", 1, 1, "k").get("FailedRecordCount").asInt()).isEqualTo(1);
    }
  }

  @Test
  void disabledLimits_admitEverything() throws Exception {
    KinesisConfig c = KinesisConfig.defaults().withLimits(KinesisLimits.disabled());
    try (ServiceHarness h = new ServiceHarness(c, dir)) {
      h.create("s", 1);
      for (int i = 0; i < 20; i++) {
        assertThat(h.putRecords("s", 500, 1, "k").get("FailedRecordCount").asInt()).isZero();
      }
      String it = h.iterator("s", "shardId-000000000000", "LATEST");
      for (int i = 0; i < 20; i++) {
        h.getRecords(it);
      }
    }
  }
}
