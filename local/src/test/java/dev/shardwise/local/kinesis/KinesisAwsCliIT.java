package dev.shardwise.local.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS CLI v2 (Debian package {@code awscli}, JSON 1.1 on the wire) against our endpoint. Fails,
 * never skips, when the CLI is missing: {@code .ci/run} installs it.
 */
class KinesisAwsCliIT {
  static final Path AWS = Path.of("/usr/bin/aws");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  KinesisTestSupport local;

  @BeforeEach
  void start() throws IOException {
    assertThat(Files.isExecutable(AWS))
        .as("AWS CLI v2 missing at /usr/bin/aws: install it with 'apt-get install -y awscli'")
        .isTrue();
    local = new KinesisTestSupport(KinesisConfig.defaults(), dir, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    local.close();
  }

  JsonNode aws(String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                AWS.toString(),
                "--endpoint-url",
                local.endpoint().toString(),
                "--output",
                "json",
                "kinesis"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("AWS_ACCESS_KEY_ID", "test");
    pb.environment().put("AWS_SECRET_ACCESS_KEY", "test");
    pb.environment().put("AWS_DEFAULT_REGION", "us-east-1");
    pb.environment().put("AWS_PAGER", "");
    pb.environment().put("AWS_CONFIG_FILE", dir.resolve("none").toString());
    pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("none").toString());
    pb.redirectErrorStream(false);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("aws %s failed: %s", String.join(" ", args), err).isZero();
    return out.length == 0 ? JSON.createObjectNode() : JSON.readTree(out);
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void cli_createsStream_putsRecords_listsShards_andReadsThemBack() throws Exception {
    aws("create-stream", "--stream-name", "cli", "--shard-count", "1");
    aws("wait", "stream-exists", "--stream-name", "cli");

    JsonNode one =
        aws("put-record", "--stream-name", "cli", "--partition-key", "k1", "--data", b64("hello"));
    JsonNode many =
        aws(
            "put-records",
            "--stream-name",
            "cli",
            "--records",
            "[{\"Data\":\""
                + b64("a")
                + "\",\"PartitionKey\":\"k2\"},"
                + "{\"Data\":\""
                + b64("b")
                + "\",\"PartitionKey\":\"k3\"}]");
    JsonNode shards = aws("list-shards", "--stream-name", "cli");
    String shardId = shards.get("Shards").get(0).get("ShardId").asText();
    String it =
        aws(
                "get-shard-iterator",
                "--stream-name",
                "cli",
                "--shard-id",
                shardId,
                "--shard-iterator-type",
                "TRIM_HORIZON")
            .get("ShardIterator")
            .asText();
    JsonNode got = aws("get-records", "--shard-iterator", it);

    assertThat(one.get("SequenceNumber").asText()).hasSize(56);
    assertThat(many.get("FailedRecordCount").asInt()).isZero();
    assertThat(shardId).isEqualTo("shardId-000000000000");
    List<String> data = new ArrayList<>();
    for (JsonNode r : got.get("Records")) {
      data.add(
          new String(Base64.getDecoder().decode(r.get("Data").asText()), StandardCharsets.UTF_8));
      assertThat(
              r.get("ApproximateArrivalTimestamp").isNumber()
                  || r.get("ApproximateArrivalTimestamp").isTextual())
          .isTrue();
    }
    assertThat(data).containsExactly("hello", "a", "b");
    assertThat(got.get("MillisBehindLatest").asLong()).isZero();
    assertThat(aws("list-streams").get("StreamNames").get(0).asText()).isEqualTo("cli");
  }

  @Test
  void cli_seesAwsErrorCodes() throws Exception {
    List<String> cmd =
        List.of(
            AWS.toString(),
            "--endpoint-url",
            local.endpoint().toString(),
            "kinesis",
            "describe-stream",
            "--stream-name",
            "missing");
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("AWS_ACCESS_KEY_ID", "test");
    pb.environment().put("AWS_SECRET_ACCESS_KEY", "test");
    pb.environment().put("AWS_DEFAULT_REGION", "us-east-1");
    Process p = pb.start();
    p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);

    assertThat(p.exitValue()).isNotZero();
    assertThat(err)
        .contains("ResourceNotFoundException")
        .contains("Stream missing under account 000000000000 not found.");
  }
}
