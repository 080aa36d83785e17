package dev.shardwise.local.alarms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import dev.shardwise.consumer.definitions.AlarmSpecification;
import dev.shardwise.consumer.definitions.Severity;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SnsWebhookNotifierTest {
  static final Instant AT = Instant.parse("2026-11-22T10:15:00Z");
  static final StateChange CHANGE =
      new StateChange(
          "shardwise-consumer-iterator-age-high",
          Severity.CRITICAL,
          false,
          AlarmState.OK,
          AlarmState.ALARM,
          "Threshold Crossed: 3 out of the last 5 datapoints [...]",
          "{}",
          AT);

  record Received(Headers headers, String body) {}

  @Test
  void notification_hasTheShapeSnsPostsToHttpSubscribers() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    BlockingQueue<Received> got = new ArrayBlockingQueue<>(4);
    server.createContext(
        "/hook",
        ex -> {
          got.add(
              new Received(
                  ex.getRequestHeaders(),
                  new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    server.start();
    try {
      AtomicInteger ids = new AtomicInteger();
      SnsWebhookNotifier notifier =
          new SnsWebhookNotifier(
              URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook"),
              HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(),
              AlarmSpecification.load(),
              () -> "id-" + ids.incrementAndGet(),
              () -> AT.plusMillis(250));

      notifier.onStateChange(CHANGE);

      Received r = got.poll(5, TimeUnit.SECONDS);
      assertThat(r).isNotNull();
      assertThat(r.headers().getFirst("x-amz-sns-message-type")).isEqualTo("Notification");
      assertThat(r.headers().getFirst("x-amz-sns-message-id")).isEqualTo("id-1");
      assertThat(r.headers().getFirst("x-amz-sns-topic-arn"))
          .isEqualTo(SnsWebhookNotifier.TOPIC_ARN);
      JsonNode n = new ObjectMapper().readTree(r.body());
      assertThat(n.get("Type").asText()).isEqualTo("Notification");
      assertThat(n.get("Subject").asText())
          .isEqualTo("ALARM: \"shardwise-consumer-iterator-age-high\" in US East (N. Virginia)");
      assertThat(n.get("Timestamp").asText()).isEqualTo("2026-11-22T10:15:00.250Z");
      JsonNode m = new ObjectMapper().readTree(n.get("Message").asText());
      assertThat(m.get("NewStateValue").asText()).isEqualTo("ALARM");
      assertThat(m.get("OldStateValue").asText()).isEqualTo("OK");
      assertThat(m.get("StateChangeTime").asText()).isEqualTo("2026-11-22T10:15:00.000+0000");
      assertThat(m.get("AlarmArn").asText())
          .isEqualTo(
              "arn:aws:cloudwatch:us-east-1:000000000000:alarm:shardwise-consumer-iterator-age-high");
      JsonNode trigger = m.get("Trigger");
      assertThat(trigger.get("MetricName").asText()).isEqualTo("IteratorAge");
      assertThat(trigger.get("Statistic").asText()).isEqualTo("MAXIMUM");
      assertThat(trigger.get("Dimensions").get(0).get("name").asText()).isEqualTo("FunctionName");
      assertThat(trigger.get("EvaluationPeriods").asInt()).isEqualTo(5);
      assertThat(trigger.get("DatapointsToAlarm").asInt()).isEqualTo(3);
      assertThat(notifier.delivered()).isEqualTo(1);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void deadWebhook_isCountedNotThrown() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    int port = server.getAddress().getPort();
    server.stop(0); // nothing listens there now
    SnsWebhookNotifier notifier =
        new SnsWebhookNotifier(
            URI.create("http://127.0.0.1:" + port + "/hook"),
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build(),
            AlarmSpecification.load(),
            () -> "id",
            () -> AT);

    notifier.onStateChange(CHANGE);

    assertThat(notifier.failed()).isEqualTo(1);
    assertThat(notifier.delivered()).isZero();
  }
}
