package dev.shardwise.local.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.local.server.WireFormat;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed and hostile requests over HTTP: every one gets an AWS error code with a 4xx status (no
 * 500, no stack trace), and the server keeps serving. Seeded, bounded.
 */
class KinesisFuzzIT {
  static final Set<String> CODES =
      Set.of(
          "SerializationException",
          "ValidationException",
          "InvalidArgumentException",
          "UnknownOperationException",
          "ResourceNotFoundException",
          "ResourceInUseException",
          "RequestEntityTooLargeException",
          "LimitExceededException",
          "ExpiredIteratorException",
          "ExpiredNextTokenException",
          "ProvisionedThroughputExceededException");
  static final List<String> OPS =
      List.of(
          "CreateStream",
          "DeleteStream",
          "ListStreams",
          "DescribeStream",
          "DescribeStreamSummary",
          "ListShards",
          "PutRecord",
          "PutRecords",
          "GetShardIterator",
          "GetRecords",
          "UpdateShardCount",
          "SplitShard",
          "MergeShards",
          "IncreaseStreamRetentionPeriod",
          "DecreaseStreamRetentionPeriod",
          "AddTagsToStream",
          "ListTagsForStream");
  static final List<String> MEMBERS =
      List.of(
          "StreamName",
          "StreamARN",
          "ShardCount",
          "PartitionKey",
          "Data",
          "Records",
          "ShardId",
          "ShardIteratorType",
          "ShardIterator",
          "Limit",
          "ExplicitHashKey",
          "NextToken",
          "MaxResults",
          "ShardFilter",
          "Timestamp",
          "StartingSequenceNumber",
          "TargetShardCount",
          "ScalingType",
          "ShardToSplit",
          "NewStartingHashKey",
          "RetentionPeriodHours",
          "Tags");

  @TempDir Path dir;
  KinesisTestSupport local;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    local = new KinesisTestSupport(KinesisConfig.defaults(), dir, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    local.close();
  }

  HttpResponse<byte[]> post(String op, WireFormat f, byte[] body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(local.endpoint())
            .header("X-Amz-Target", "Kinesis_20131202." + op)
            .header("Content-Type", f.contentType())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  void assertAwsError(HttpResponse<byte[]> r, WireFormat f, String what) throws Exception {
    if (r.statusCode() == 200) {
      return; // a random request may be valid
    }
    assertThat(r.statusCode()).as(what).isBetween(400, 499);
    JsonNode err = f.mapper().readTree(r.body());
    assertThat(err.path("__type").asText()).as(what).isIn(CODES);
    assertThat(err.path("message").asText())
        .as(what)
        .doesNotContain("\tat ")
        .doesNotContain("Exception:");
  }

  @Test
  void randomBytesJunkMembersAndWrongTypes_getAwsErrors_andTheServerKeepsServing()
      throws Exception {
    SplittableRandom rnd = new SplittableRandom(2026);
    post(
        "CreateStream",
        WireFormat.JSON,
        "{\"StreamName\":\"fuzz\",\"ShardCount\":2}".getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < 1500; i++) {
      WireFormat f = rnd.nextBoolean() ? WireFormat.JSON : WireFormat.CBOR;
      String op = rnd.nextInt(20) == 0 ? "Nope" + i : OPS.get(rnd.nextInt(OPS.size()));
      byte[] body;
      switch (rnd.nextInt(4)) {
        case 0 -> {
          body = new byte[rnd.nextInt(200)];
          rnd.nextBytes(body);
        }
        case 1 -> body = truncate(f.write(randomObject(rnd, f)), rnd);
        default -> body = f.write(randomObject(rnd, f));
      }
      assertAwsError(post(op, f, body), f, op + " #" + i);
    }

    // the fuzzer may have deleted "fuzz" (a valid DeleteStream): check with a fresh stream
    post(
        "CreateStream",
        WireFormat.CBOR,
        WireFormat.CBOR.write(
            WireFormat.CBOR
                .mapper()
                .createObjectNode()
                .put("StreamName", "after-fuzz")
                .put("ShardCount", 1)));
    HttpResponse<byte[]> ok =
        post(
            "DescribeStreamSummary", WireFormat.JSON, "{\"StreamName\":\"after-fuzz\"}".getBytes());
    assertThat(ok.statusCode()).isEqualTo(200);
  }

  @Test
  void oversizedBody_is413_deepNesting_isSerializationException() throws Exception {
    byte[] big = new byte[9 * 1024 * 1024];
    HttpResponse<byte[]> r = post("PutRecords", WireFormat.JSON, big);
    assertThat(r.statusCode()).isEqualTo(413);

    String deep = "{\"StreamName\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
    HttpResponse<byte[]> d = post("PutRecord", WireFormat.JSON, deep.getBytes());
    assertThat(d.statusCode()).isEqualTo(400);
    assertThat(WireFormat.JSON.mapper().readTree(d.body()).get("__type").asText())
        .isEqualTo("SerializationException");
  }

  private static byte[] truncate(byte[] b, SplittableRandom rnd) {
    return java.util.Arrays.copyOf(b, b.length == 0 ? 0 : rnd.nextInt(b.length));
  }

  private static ObjectNode randomObject(SplittableRandom rnd, WireFormat f) {
    ObjectNode o = f.mapper().createObjectNode();
    int n = rnd.nextInt(6);
    for (int i = 0; i < n; i++) {
      String m = MEMBERS.get(rnd.nextInt(MEMBERS.size()));
      switch (rnd.nextInt(9)) {
        case 0 -> o.put(m, rnd.nextInt());
        case 1 -> o.put(m, "fuzz");
        case 2 -> o.put(m, "x".repeat(rnd.nextInt(600)));
        case 3 -> o.putArray(m).addObject().put("PartitionKey", rnd.nextInt()).put("Data", "%%");
        case 4 -> o.putObject(m).put("Type", "AT_LATEST");
        case 5 -> o.put(m, rnd.nextDouble() * 1e12);
        case 6 -> o.putNull(m);
        case 7 -> o.put(m, new byte[rnd.nextInt(10)]);
        default -> o.put(m, rnd.nextBoolean());
      }
    }
    return o;
  }
}
