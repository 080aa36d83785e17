package dev.shardwise.local.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.local.server.AwsServiceException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resharding maths, ListShards paging and filters, concurrent writers. */
class KinesisShardsTest {
  @TempDir Path dir;

  ServiceHarness harness(int shards) throws AwsServiceException {
    ServiceHarness h =
        new ServiceHarness(KinesisConfig.defaults().withLimits(KinesisLimits.disabled()), dir);
    h.create("s", shards);
    return h;
  }

  static List<String> ids(ObjectNode listShards) {
    List<String> out = new ArrayList<>();
    listShards.get("Shards").forEach(s -> out.add(s.get("ShardId").asText()));
    return out;
  }

  @Test
  void updateShardCount_closesAllOpenShardsAndOpensUniformChildrenNamingOverlappingParents()
      throws Exception {
    try (ServiceHarness h = harness(2)) {
      ObjectNode r =
          h.call(
              "UpdateShardCount",
              "{\"StreamName\":\"s\",\"TargetShardCount\":3,\"ScalingType\":\"UNIFORM_SCALING\"}");

      assertThat(r.get("CurrentShardCount").asInt()).isEqualTo(2);
      assertThat(r.get("TargetShardCount").asInt()).isEqualTo(3);
      ObjectNode open =
          h.call("ListShards", "{\"StreamName\":\"s\",\"ShardFilter\":{\"Type\":\"AT_LATEST\"}}");
      assertThat(ids(open))
          .containsExactly("shardId-000000000002", "shardId-000000000003", "shardId-000000000004");
      JsonNode middle = open.get("Shards").get(1);
      assertThat(
              List.of(
                  middle.get("ParentShardId").asText(),
                  middle.get("AdjacentParentShardId").asText()))
          .containsExactlyInAnyOrder("shardId-000000000000", "shardId-000000000001");
      assertThat(
              new BigInteger(
                  open.get("Shards").get(2).get("HashKeyRange").get("EndingHashKey").asText()))
          .isEqualTo(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE));
      assertThatThrownBy(
              () ->
                  h.call(
                      "UpdateShardCount",
                      "{\"StreamName\":\"s\",\"TargetShardCount\":7,\"ScalingType\":\"UNIFORM_SCALING\"}"))
          .extracting(e -> ((AwsServiceException) e).errorCode())
          .isEqualTo("LimitExceededException");
    }
  }

  @Test
  void mergeShards_requiresAdjacentShards_andChildNamesBothParents() throws Exception {
    try (ServiceHarness h = harness(3)) {
      assertThatThrownBy(
              () ->
                  h.call(
                      "MergeShards",
                      "{\"StreamName\":\"s\","
                          + "\"ShardToMerge\":\"shardId-000000000000\","
                          + "\"AdjacentShardToMerge\":\"shardId-000000000002\"}"))
          .extracting(e -> ((AwsServiceException) e).errorCode())
          .isEqualTo("InvalidArgumentException");

      h.call(
          "MergeShards",
          "{\"StreamName\":\"s\",\"ShardToMerge\":\"shardId-000000000001\","
              + "\"AdjacentShardToMerge\":\"shardId-000000000000\"}");

      JsonNode child = h.call("ListShards", "{\"StreamName\":\"s\"}").get("Shards").get(3);
      assertThat(child.get("ParentShardId").asText()).isEqualTo("shardId-000000000001");
      assertThat(child.get("AdjacentParentShardId").asText()).isEqualTo("shardId-000000000000");
      assertThat(child.get("HashKeyRange").get("StartingHashKey").asText()).isEqualTo("0");
    }
  }

  @Test
  void splitShard_outsideTheShardsRange_isInvalidArgument() throws Exception {
    try (ServiceHarness h = harness(2)) {
      assertThatThrownBy(
              () ->
                  h.call(
                      "SplitShard",
                      "{\"StreamName\":\"s\","
                          + "\"ShardToSplit\":\"shardId-000000000000\",\"NewStartingHashKey\":\"0\"}"))
          .extracting(e -> ((AwsServiceException) e).errorCode())
          .isEqualTo("InvalidArgumentException");
    }
  }

  @Test
  void listShards_pagesWithNextToken_whichExpiresAfterFiveMinutes() throws Exception {
    try (ServiceHarness h = harness(5)) {
      ObjectNode p1 = h.call("ListShards", "{\"StreamName\":\"s\",\"MaxResults\":2}");
      ObjectNode p2 =
          h.call(
              "ListShards",
              ServiceHarness.obj()
                  .put("NextToken", p1.get("NextToken").asText())
                  .put("MaxResults", 2));
      ObjectNode p3 =
          h.call(
              "ListShards",
              ServiceHarness.obj()
                  .put("NextToken", p2.get("NextToken").asText())
                  .put("MaxResults", 2));

      assertThat(ids(p1)).containsExactly("shardId-000000000000", "shardId-000000000001");
      assertThat(ids(p2)).containsExactly("shardId-000000000002", "shardId-000000000003");
      assertThat(ids(p3)).containsExactly("shardId-000000000004");
      assertThat(p3.has("NextToken")).isFalse();
      assertThatThrownBy(
              () ->
                  h.call(
                      "ListShards",
                      ServiceHarness.obj()
                          .put("NextToken", p1.get("NextToken").asText())
                          .put("StreamName", "s")))
          .extracting(e -> ((AwsServiceException) e).errorCode())
          .isEqualTo("InvalidArgumentException");
      h.clock.advance(Duration.ofMinutes(6));
      assertThatThrownBy(
              () ->
                  h.call(
                      "ListShards",
                      ServiceHarness.obj().put("NextToken", p1.get("NextToken").asText())))
          .extracting(e -> ((AwsServiceException) e).errorCode())
          .isEqualTo("ExpiredNextTokenException");
    }
  }

  @Test
  void shardFilters_selectShardsByLineageAndTime() throws Exception {
    try (ServiceHarness h = harness(1)) {
      long beforeSplit = h.clock.millis();
      h.clock.advance(Duration.ofMinutes(1));
      h.call(
          "SplitShard",
          "{\"StreamName\":\"s\",\"ShardToSplit\":\"shardId-000000000000\","
              + "\"NewStartingHashKey\":\"170141183460469231731687303715884105728\"}");
      h.clock.advance(Duration.ofMinutes(1));

      assertThat(ids(filter(h, "{\"Type\":\"AT_TRIM_HORIZON\"}")))
          .containsExactly("shardId-000000000000");
      assertThat(ids(filter(h, "{\"Type\":\"FROM_TRIM_HORIZON\"}"))).hasSize(3);
      assertThat(ids(filter(h, "{\"Type\":\"AT_LATEST\"}")))
          .containsExactly("shardId-000000000001", "shardId-000000000002");
      assertThat(
              ids(
                  filter(
                      h,
                      "{\"Type\":\"AT_TIMESTAMP\",\"Timestamp\":" + (beforeSplit / 1000.0) + "}")))
          .containsExactly("shardId-000000000000");
      assertThat(
              ids(filter(h, "{\"Type\":\"AFTER_SHARD_ID\",\"ShardId\":\"shardId-000000000001\"}")))
          .containsExactly("shardId-000000000002");
    }
  }

  private static ObjectNode filter(ServiceHarness h, String f) throws AwsServiceException {
    return h.call("ListShards", "{\"StreamName\":\"s\",\"ShardFilter\":" + f + "}");
  }

  @Test
  void concurrentWriters_allRecordsLand_andEachKeysRecordsKeepTheirOrder() throws Exception {
    try (ServiceHarness h = harness(4)) {
      int threads = 8;
      int calls = 20;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  for (int c = 0; c < calls; c++) {
                    ObjectNode body = ServiceHarness.obj().put("StreamName", "s");
                    var recs = body.putArray("Records");
                    for (int i = 0; i < 50; i++) {
                      recs.addObject()
                          .put("PartitionKey", "writer-" + thread)
                          .put("Data", (c * 50 + i + "").getBytes());
                    }
                    h.call("PutRecords", body);
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      pool.shutdown();

      Map<String, Integer> lastByKey = new ConcurrentHashMap<>();
      int total = 0;
      for (int s = 0; s < 4; s++) {
        String it = h.iterator("s", "shardId-00000000000" + s, "TRIM_HORIZON");
        ObjectNode r = h.getRecords(it);
        for (JsonNode rec : r.get("Records")) {
          int n = Integer.parseInt(new String(rec.get("Data").binaryValue()));
          Integer prev = lastByKey.put(rec.get("PartitionKey").asText(), n);
          assertThat(prev == null ? -1 : prev).isLessThan(n);
          total++;
        }
      }
      assertThat(total).isEqualTo(threads * calls * 50);
    }
  }
}
