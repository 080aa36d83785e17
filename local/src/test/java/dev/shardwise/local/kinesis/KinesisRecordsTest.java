package dev.shardwise.local.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.local.server.AwsServiceException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Iterator types, request validation, MillisBehindLatest, faults. */
class KinesisRecordsTest {
  @TempDir Path dir;

  static String code(Throwable e) {
    return ((AwsServiceException) e).errorCode();
  }

  ServiceHarness harness() throws AwsServiceException {
    ServiceHarness h =
        new ServiceHarness(KinesisConfig.defaults().withLimits(KinesisLimits.disabled()), dir);
    h.create("s", 1);
    return h;
  }

  @Test
  void iteratorTypes_startWhereAwsSaysTheyStart() throws Exception {
    try (ServiceHarness h = harness()) {
      List<String> seqs = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        seqs.add(h.putRecord("s", "k" + i, new byte[] {(byte) i}).get("SequenceNumber").asText());
        h.clock.advance(Duration.ofSeconds(10));
      }
      String shard = "shardId-000000000000";
      ObjectNode at =
          h.call(
              "GetShardIterator",
              ServiceHarness.obj()
                  .put("StreamName", "s")
                  .put("ShardId", shard)
                  .put("ShardIteratorType", "AT_SEQUENCE_NUMBER")
                  .put("StartingSequenceNumber", seqs.get(2)));
      ObjectNode after =
          h.call(
              "GetShardIterator",
              ServiceHarness.obj()
                  .put("StreamName", "s")
                  .put("ShardId", shard)
                  .put("ShardIteratorType", "AFTER_SEQUENCE_NUMBER")
                  .put("StartingSequenceNumber", seqs.get(2)));
      long t3 = h.clock.millis() - 20_000; // arrival of record 3
      ObjectNode ts =
          h.call(
              "GetShardIterator",
              ServiceHarness.obj()
                  .put("StreamName", "s")
                  .put("ShardId", shard)
                  .put("ShardIteratorType", "AT_TIMESTAMP")
                  .put("Timestamp", t3 / 1000.0));

      assertThat(firstKey(h, at)).isEqualTo("k2");
      assertThat(firstKey(h, after)).isEqualTo("k3");
      assertThat(firstKey(h, ts)).isEqualTo("k3");
      assertThat(h.getRecords(h.iterator("s", shard, "LATEST")).get("Records")).isEmpty();
      assertThat(h.getRecords(h.iterator("s", shard, "TRIM_HORIZON")).get("Records")).hasSize(5);
    }
  }

  private static String firstKey(ServiceHarness h, ObjectNode iteratorResponse)
      throws AwsServiceException {
    return h.getRecords(iteratorResponse.get("ShardIterator").asText())
        .get("Records")
        .get(0)
        .get("PartitionKey")
        .asText();
  }

  @Test
  void sequenceNumberOfAnotherShard_isInvalidArgument() throws Exception {
    try (ServiceHarness h = harness()) {
      h.create("t", 2);
      String seq =
          h.call(
                  "PutRecord",
                  ServiceHarness.obj()
                      .put("StreamName", "t")
                      .put("PartitionKey", "k")
                      .put("ExplicitHashKey", "0")
                      .put("Data", new byte[1]))
              .get("SequenceNumber")
              .asText();

      assertThatThrownBy(
              () ->
                  h.call(
                      "GetShardIterator",
                      ServiceHarness.obj()
                          .put("StreamName", "t")
                          .put("ShardId", "shardId-000000000001")
                          .put("ShardIteratorType", "AT_SEQUENCE_NUMBER")
                          .put("StartingSequenceNumber", seq)))
          .extracting(KinesisRecordsTest::code)
          .isEqualTo("InvalidArgumentException");
    }
  }

  @Test
  void getRecords_respectsLimit_andReportsMillisBehindLatest() throws Exception {
    try (ServiceHarness h = harness()) {
      h.putRecords("s", 10, 1, "k");
      h.clock.advance(Duration.ofSeconds(3));

      ObjectNode r =
          h.call(
              "GetRecords",
              ServiceHarness.obj()
                  .put("ShardIterator", h.iterator("s", "shardId-000000000000", "TRIM_HORIZON"))
                  .put("Limit", 4));
      ObjectNode rest =
          h.call(
              "GetRecords",
              ServiceHarness.obj().put("ShardIterator", r.get("NextShardIterator").asText()));

      assertThat(r.get("Records")).hasSize(4);
      assertThat(r.get("MillisBehindLatest").asLong()).isEqualTo(3000);
      assertThat(rest.get("Records")).hasSize(6);
      assertThat(rest.get("MillisBehindLatest").asLong()).isZero();
    }
  }

  @Test
  void badRequests_getAwsErrorCodes() throws Exception {
    try (ServiceHarness h = harness()) {
      assertThat(err(h, "PutRecords", recs(501, 1))).isEqualTo("ValidationException");
      assertThat(err(h, "PutRecords", recs(6, 1_000_000))).isEqualTo("InvalidArgumentException");
      assertThat(err(h, "PutRecord", put("k".repeat(257), 1))).isEqualTo("ValidationException");
      assertThat(err(h, "PutRecord", put("k", 1_048_577))).isEqualTo("ValidationException");
      assertThat(err(h, "PutRecord", put("kk", 1_048_575))).isEqualTo("InvalidArgumentException");
      assertThat(err(h, "PutRecord", put("k", 1).put("ExplicitHashKey", HashKeysForTest.TOP + "1")))
          .isEqualTo("ValidationException");
      assertThat(
              err(
                  h,
                  "PutRecord",
                  put("k", 1).put("ExplicitHashKey", "340282366920938463463374607431768211456")))
          .isEqualTo("InvalidArgumentException");
      assertThat(err(h, "PutRecord", ServiceHarness.obj().put("StreamName", "s")))
          .isEqualTo("ValidationException");
      assertThat(err(h, "CreateStream", ServiceHarness.obj().put("StreamName", "bad name")))
          .isEqualTo("ValidationException");
      assertThat(
              err(
                  h,
                  "CreateStream",
                  ServiceHarness.obj().put("StreamName", "s").put("ShardCount", 1)))
          .isEqualTo("ResourceInUseException");
      assertThat(
              err(
                  h,
                  "GetRecords",
                  ServiceHarness.obj().put("ShardIterator", "x").put("Limit", 10_001)))
          .isEqualTo("ValidationException");
      assertThat(
              err(
                  h,
                  "GetShardIterator",
                  ServiceHarness.obj()
                      .put("StreamName", "s")
                      .put("ShardId", "shardId-000000000009")
                      .put("ShardIteratorType", "LATEST")))
          .isEqualTo("ResourceNotFoundException");
      assertThat(
              err(
                  h,
                  "GetShardIterator",
                  ServiceHarness.obj()
                      .put("StreamName", "s")
                      .put("ShardId", "shardId-000000000000")
                      .put("ShardIteratorType", "SOMEWHERE")))
          .isEqualTo("ValidationException");
      assertThat(err(h, "Frobnicate", ServiceHarness.obj())).isEqualTo("UnknownOperationException");
    }
  }

  private static ObjectNode put(String key, int size) {
    return ServiceHarness.obj()
        .put("StreamName", "s")
        .put("PartitionKey", key)
        .put("Data", new byte[size]);
  }

  private static ObjectNode recs(int n, int size) {
    ObjectNode body = ServiceHarness.obj().put("StreamName", "s");
    var a = body.putArray("Records");
    for (int i = 0; i < n; i++) {
      a.addObject().put("PartitionKey", "k").put("Data", new byte[size]);
    }
    return body;
  }

  private static String err(ServiceHarness h, String op, ObjectNode body) {
    try {
      h.call(op, body);
      return "no error";
    } catch (AwsServiceException e) {
      return e.errorCode();
    }
  }

  @Test
  void faults_failAFractionOfEntries_andThrottleOperations() throws Exception {
    try (ServiceHarness h = harness()) {
      h.service.faults().failPutRecordsEntries(0.5);

      ObjectNode r = h.putRecords("s", 200, 1, "k");

      int failed = r.get("FailedRecordCount").asInt();
      assertThat(failed).isBetween(60, 140);
      int counted = 0;
      for (JsonNode e : r.get("Records")) {
        counted += e.has("ErrorCode") ? 1 : 0;
      }
      assertThat(counted).isEqualTo(failed);
      assertThat(h.drain("s", "shardId-000000000000")).isEqualTo(200 - failed);

      h.service.faults().clear().throttle("GetShardIterator", 1.0);
      assertThatThrownBy(() -> h.iterator("s", "shardId-000000000000", "LATEST"))
          .extracting(KinesisRecordsTest::code)
          .isEqualTo("ProvisionedThroughputExceededException");
      assertThat(h.service.faults().injectedCount()).isEqualTo(failed + 1);
    }
  }

  @Test
  void faults_delayUsesTheInjectedSleeper() throws Exception {
    List<Duration> slept = new ArrayList<>();
    FakeClock clock = new FakeClock();
    try (KinesisService s =
        new KinesisService(
            KinesisConfig.defaults(), dir, clock, new java.util.SplittableRandom(1), slept::add)) {
      s.faults().delay(Duration.ofMillis(250));
      s.handle(
          new dev.shardwise.local.server.JsonRequest(
              "ListStreams",
              dev.shardwise.local.server.WireFormat.JSON,
              ServiceHarness.obj(),
              java.util.Map.of(),
              2));

      assertThat(slept).containsExactly(Duration.ofMillis(250));
    }
  }
}
