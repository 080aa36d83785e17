package dev.shardwise.local.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shardwise.local.metrics.MetricSink;
import dev.shardwise.local.server.LocalServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** The local SQS through the SDK v2 {@code SqsClient} and the AWS CLI v2. */
class SqsServiceIT {
  static final Path AWS = Path.of("/usr/bin/aws");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static LocalServer server(SqsService sqs) throws IOException {
    return LocalServer.builder()
        .port(0)
        .build()
        .register(sqs)
        .rest("sqs", new SqsQueryProtocol(sqs))
        .start();
  }

  private static SqsClient client(LocalServer server) {
    return SqsClient.builder()
        .endpointOverride(server.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  @Test
  void sendReceiveDelete_countsAndPurge_throughTheSdk() throws Exception {
    SqsService sqs = new SqsService(dir, InstantSource.system(), MetricSink.NONE);
    try (LocalServer server = server(sqs);
        SqsClient c = client(server)) {
      // GIVEN a queue with two messages
      String url = c.createQueue(b -> b.queueName("failures")).queueUrl();
      assertThat(url).endsWith("/000000000000/failures");
      assertThat(c.getQueueUrl(b -> b.queueName("failures")).queueUrl()).isEqualTo(url);
      c.sendMessage(b -> b.queueUrl(url).messageBody("{\"a\":1}"));
      c.sendMessage(b -> b.queueUrl(url).messageBody("zwei ü"));

      // WHEN one is received (the SDK checks the MD5 of each body)
      List<Message> got =
          c.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(1).visibilityTimeout(30))
              .messages();

      // THEN one visible, one in flight; deleting it leaves one
      assertThat(got).extracting(Message::body).containsExactly("{\"a\":1}");
      Map<QueueAttributeName, String> attrs =
          c.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL))
              .attributes();
      assertThat(attrs)
          .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "1")
          .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "1");
      c.deleteMessage(b -> b.queueUrl(url).receiptHandle(got.get(0).receiptHandle()));
      assertThat(c.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages())
          .extracting(Message::body)
          .containsExactly("zwei ü");
      assertThat(c.listQueues().queueUrls()).containsExactly(url);
      c.purgeQueue(b -> b.queueUrl(url));
      assertThat(sqs.visibleMessages("failures")).isZero();
      assertThatThrownBy(() -> c.getQueueUrl(b -> b.queueName("nope")))
          .isInstanceOf(QueueDoesNotExistException.class);
    }
  }

  @Test
  void messages_surviveARestartOnTheSameDirectory() throws Exception {
    SqsService first = new SqsService(dir, InstantSource.system(), MetricSink.NONE);
    first.createQueue("q");
    first.send("q", "kept");
    SqsService second = new SqsService(dir, InstantSource.system(), MetricSink.NONE);
    assertThat(second.visibleMessages("q")).isEqualTo(1);
  }

  @Test
  void theAwsCli_receivesWhatWasSent() throws Exception {
    if (!Files.isExecutable(AWS)) {
      throw new AssertionError(
          "AWS CLI v2 not found at /usr/bin/aws: install the Debian package with"
              + " 'apt-get install -y awscli' (.ci/run does)");
    }
    SqsService sqs = new SqsService(dir, InstantSource.system(), MetricSink.NONE);
    sqs.createQueue("shardwise-consumer-failures");
    sqs.send("shardwise-consumer-failures", "{\"KinesisBatchInfo\":{}}");
    try (LocalServer server = server(sqs)) {
      String url =
          aws(server, "sqs", "get-queue-url", "--queue-name", "shardwise-consumer-failures")
              .get("QueueUrl")
              .asText();
      JsonNode attrs =
          aws(
              server,
              "sqs",
              "get-queue-attributes",
              "--queue-url",
              url,
              "--attribute-names",
              "ApproximateNumberOfMessages");
      assertThat(attrs.at("/Attributes/ApproximateNumberOfMessages").asText()).isEqualTo("1");
      JsonNode got = aws(server, "sqs", "receive-message", "--queue-url", url);
      assertThat(got.at("/Messages/0/Body").asText()).isEqualTo("{\"KinesisBatchInfo\":{}}");

      // attributes travel as Attribute.N.Name / Attribute.N.Value in the query protocol
      String other =
          aws(
                  server,
                  "sqs",
                  "create-queue",
                  "--queue-name",
                  "other",
                  "--attributes",
                  "VisibilityTimeout=45,DelaySeconds=2")
              .get("QueueUrl")
              .asText();
      aws(
          server,
          "sqs",
          "set-queue-attributes",
          "--queue-url",
          other,
          "--attributes",
          "MessageRetentionPeriod=600");
      JsonNode set =
          aws(
                  server,
                  "sqs",
                  "get-queue-attributes",
                  "--queue-url",
                  other,
                  "--attribute-names",
                  "All")
              .get("Attributes");
      assertThat(set.get("VisibilityTimeout").asText()).isEqualTo("45");
      assertThat(set.get("DelaySeconds").asText()).isEqualTo("2");
      assertThat(set.get("MessageRetentionPeriod").asText()).isEqualTo("600");
    }
  }

  private JsonNode aws(LocalServer server, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(AWS.toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("--endpoint-url", server.endpoint().toString(), "--output", "json"));
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.put("AWS_ACCESS_KEY_ID", "test");
    env.put("AWS_SECRET_ACCESS_KEY", "test");
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_PAGER", "");
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("AWS_CONFIG_FILE", dir.resolve("no-aws-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-aws-credentials").toString());
    Path out = Files.createTempFile(dir, "aws-", ".out");
    Path err = Files.createTempFile(dir, "aws-", ".err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("aws " + args[1] + " did not finish in 60 s");
    }
    if (p.exitValue() != 0) {
      throw new AssertionError(
          "aws " + args[1] + " failed: " + Files.readString(err, StandardCharsets.UTF_8));
    }
    return JSON.readTree(Files.readString(out, StandardCharsets.UTF_8));
  }
}
