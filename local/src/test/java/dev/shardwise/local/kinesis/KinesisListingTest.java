package dev.shardwise.local.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.local.server.AwsServiceException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ListStreams and DescribeStream paging, StreamARN in place of StreamName, tags and limits. */
class KinesisListingTest {
  @TempDir Path dir;

  static List<String> names(ObjectNode r) {
    List<String> out = new ArrayList<>();
    r.get("StreamNames").forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void listStreams_pagesByLimitAndNextToken() throws Exception {
    try (ServiceHarness h = new ServiceHarness(KinesisConfig.defaults(), dir)) {
      for (String n : List.of("c", "a", "b", "d")) {
        h.create(n, 1);
      }

      ObjectNode p1 = h.call("ListStreams", "{\"Limit\":3}");
      ObjectNode p2 =
          h.call(
              "ListStreams", ServiceHarness.obj().put("NextToken", p1.get("NextToken").asText()));
      ObjectNode after = h.call("ListStreams", "{\"ExclusiveStartStreamName\":\"b\"}");

      assertThat(names(p1)).containsExactly("a", "b", "c");
      assertThat(p1.get("HasMoreStreams").asBoolean()).isTrue();
      assertThat(p1.get("StreamSummaries").get(0).get("StreamARN").asText())
          .isEqualTo("arn:aws:kinesis:us-east-1:000000000000:stream/a");
      assertThat(names(p2)).containsExactly("d");
      assertThat(p2.get("HasMoreStreams").asBoolean()).isFalse();
      assertThat(names(after)).containsExactly("c", "d");
    }
  }

  @Test
  void describeStream_pagesShardsWithExclusiveStartShardId() throws Exception {
    try (ServiceHarness h = new ServiceHarness(KinesisConfig.defaults(), dir)) {
      h.create("s", 3);

      JsonNode d1 =
          h.call("DescribeStream", "{\"StreamName\":\"s\",\"Limit\":2}").get("StreamDescription");
      JsonNode d2 =
          h.call(
                  "DescribeStream",
                  "{\"StreamName\":\"s\",\"ExclusiveStartShardId\":\"shardId-000000000001\"}")
              .get("StreamDescription");

      assertThat(d1.get("Shards")).hasSize(2);
      assertThat(d1.get("HasMoreShards").asBoolean()).isTrue();
      assertThat(d2.get("Shards")).hasSize(1);
      assertThat(d2.get("HasMoreShards").asBoolean()).isFalse();
      assertThat(d2.get("Shards").get(0).get("ShardId").asText()).isEqualTo("shardId-000000000002");
    }
  }

  @Test
  void streamArn_worksInPlaceOfStreamName_andMustAgreeWithIt() throws Exception {
    try (ServiceHarness h = new ServiceHarness(KinesisConfig.defaults(), dir)) {
      h.create("s", 1);
      String arn = "arn:aws:kinesis:us-east-1:000000000000:stream/s";

      ObjectNode put =
          h.call(
              "PutRecord",
              ServiceHarness.obj()
                  .put("StreamARN", arn)
                  .put("PartitionKey", "k")
                  .put("Data", new byte[1]));

      assertThat(put.get("ShardId").asText()).isEqualTo("shardId-000000000000");
      assertThat(
              h.call("DescribeStreamSummary", ServiceHarness.obj().put("StreamARN", arn))
                  .get("StreamDescriptionSummary")
                  .get("OpenShardCount")
                  .asInt())
          .isEqualTo(1);
      assertThatThrownBy(
              () ->
                  h.call(
                      "DescribeStreamSummary",
                      ServiceHarness.obj().put("StreamARN", arn).put("StreamName", "other")))
          .extracting(e -> ((AwsServiceException) e).errorCode())
          .isEqualTo("InvalidArgumentException");
      assertThatThrownBy(
              () ->
                  h.call(
                      "DescribeStreamSummary", ServiceHarness.obj().put("StreamARN", "not-an-arn")))
          .extracting(e -> ((AwsServiceException) e).errorCode())
          .isEqualTo("ValidationException");
    }
  }

  @Test
  void tagsAndLimits_areReported() throws Exception {
    KinesisConfig c = KinesisConfig.fromMap(java.util.Map.of("kinesis.shard-limit", "3"));
    try (ServiceHarness h = new ServiceHarness(c, dir)) {
      h.call(
          "CreateStream", "{\"StreamName\":\"s\",\"ShardCount\":2,\"Tags\":{\"team\":\"data\"}}");
      h.call("AddTagsToStream", "{\"StreamName\":\"s\",\"Tags\":{\"env\":\"local\"}}");

      ObjectNode tags = h.call("ListTagsForStream", "{\"StreamName\":\"s\"}");
      ObjectNode limits = h.call("DescribeLimits", "{}");

      assertThat(tags.get("Tags")).hasSize(2);
      assertThat(limits.get("ShardLimit").asInt()).isEqualTo(3);
      assertThat(limits.get("OpenShardCount").asInt()).isEqualTo(2);
      assertThatThrownBy(() -> h.create("t", 2))
          .extracting(e -> ((AwsServiceException) e).errorCode())
          .isEqualTo("LimitExceededException");
    }
  }
}
