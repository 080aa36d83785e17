package dev.shardwise.local.alarms;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.consumer.definitions.AlarmSpecification;
import dev.shardwise.local.alarms.internal.AlarmMessages;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs each transition to a webhook as Amazon SNS delivers to an HTTP subscriber: a {@code
 * Notification} JSON document ({@code Type}, {@code MessageId}, {@code TopicArn}, {@code Subject},
 * {@code Message}, {@code Timestamp}, ...) whose {@code Message} is the CloudWatch alarm message
 * (docs/alarms.md), with SNS's {@code x-amz-sns-*} headers. Local notifications are not signed:
 * {@code SignatureVersion} and {@code Signature} are absent, so a receiver that verifies signatures
 * must accept unsigned messages for local runs.
 *
 * <p>A failed POST (timeout, refused, non-2xx) is logged and counted, never thrown: a dead webhook
 * must not stop alarm evaluation. Thread-safe.
 */
public final class SnsWebhookNotifier implements AlarmListener {
  private static final Logger log = LoggerFactory.getLogger(SnsWebhookNotifier.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final String TOPIC_ARN = "arn:aws:sns:us-east-1:000000000000:shardwise-alarms";

  private final URI url;
  private final HttpClient http;
  private final AlarmSpecification spec;
  private final Supplier<String> messageIds;
  private final Supplier<Instant> now;
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  /**
   * @param url the webhook (http or https)
   * @param http the client (its connect timeout applies)
   * @param spec the alarms, for descriptions and triggers
   * @param messageIds a new id per message (a UUID supplier in production, a counter in tests)
   * @param now the publish time of a notification
   */
  public SnsWebhookNotifier(
      URI url,
      HttpClient http,
      AlarmSpecification spec,
      Supplier<String> messageIds,
      Supplier<Instant> now) {
    this.url = Objects.requireNonNull(url, "url");
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      throw new IllegalArgumentException("the webhook URL must be http or https: " + url);
    }
    this.http = Objects.requireNonNull(http, "http");
    this.spec = Objects.requireNonNull(spec, "spec");
    this.messageIds = Objects.requireNonNull(messageIds, "messageIds");
    this.now = Objects.requireNonNull(now, "now");
  }

  /** A notifier with random message ids and a 2-second connect timeout. */
  public static SnsWebhookNotifier create(URI url, AlarmSpecification spec, Supplier<Instant> now) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    return new SnsWebhookNotifier(url, http, spec, () -> UUID.randomUUID().toString(), now);
  }

  @Override
  public void onStateChange(StateChange c) {
    String id = messageIds.get();
    String body = notification(c, id);
    HttpRequest req =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "text/plain; charset=UTF-8")
            .header("x-amz-sns-message-type", "Notification")
            .header("x-amz-sns-message-id", id)
            .header("x-amz-sns-topic-arn", TOPIC_ARN)
            .header("x-amz-sns-subscription-arn", TOPIC_ARN + ":local-webhook")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<Void> resp = http.send(req, HttpResponse.BodyHandlers.discarding());
      if (resp.statusCode() / 100 == 2) {
        delivered.incrementAndGet();
      } else {
        failed.incrementAndGet();
        log.warn(
            "webhook {} answered {} to the {} notification of {}",
            url,
            resp.statusCode(),
            c.newState(),
            c.alarmName());
      }
    } catch (IOException e) {
      failed.incrementAndGet();
      log.warn(
          "webhook {} unreachable for the {} notification of {}: {}",
          url,
          c.newState(),
          c.alarmName(),
          e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failed.incrementAndGet();
    }
  }

  /** The SNS notification document for {@code c}. */
  String notification(StateChange c, String messageId) {
    ObjectNode n = JSON.createObjectNode();
    n.put("Type", "Notification");
    n.put("MessageId", messageId);
    n.put("TopicArn", TOPIC_ARN);
    n.put("Subject", AlarmMessages.subject(c));
    n.put("Message", AlarmMessages.message(c, spec).toString());
    n.put("Timestamp", AlarmMessages.ISO_MILLIS.format(now.get()));
    n.put("UnsubscribeURL", "");
    return n.toString();
  }

  public long delivered() {
    return delivered.get();
  }

  public long failed() {
    return failed.get();
  }
}
