package dev.shardwise.consumer;

import static dev.shardwise.consumer.testing.Harness.PAGE_VIEWS;
import static dev.shardwise.consumer.testing.Harness.REJECTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.KinesisTimeWindowEvent;
import com.amazonaws.services.lambda.runtime.events.TimeWindowEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.shardwise.consumer.testing.Harness;
import dev.shardwise.consumer.testing.TestContext;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The handler on real Lambda event JSON, deserialized as the Lambda Java runtime does ({@code
 * aws-lambda-java-serialization}, through {@code aws-lambda-java-tests}' {@code EventLoader}; its
 * {@code @Event} argument provider predates the JUnit 5.13 {@code ArgumentsProvider} API and fails
 * on JUnit 5.14, so the fixtures are loaded explicitly).
 */
class ConsumerHandlerTest {
  private final Harness h = new Harness();
  private final ConsumerHandler handler = new ConsumerHandler(h.processor, () -> "fallback");
  private final TestContext context = new TestContext(h.log);

  private static KinesisTimeWindowEvent fixture(String path) {
    return EventLoader.loadEvent(path, KinesisTimeWindowEvent.class);
  }

  private static KinesisTimeWindowEvent load(String resource) throws Exception {
    PojoSerializer<KinesisTimeWindowEvent> serializer =
        LambdaEventSerializers.serializerFor(
            KinesisTimeWindowEvent.class, ConsumerHandlerTest.class.getClassLoader());
    try (InputStream in = ConsumerHandlerTest.class.getResourceAsStream(resource)) {
      return serializer.fromJson(in);
    }
  }

  @Test
  void theFirstInvocation_keepsItsCountsInTheState_andRejectsTheTruncatedRecord() {
    KinesisTimeWindowEvent event = fixture("events/kinesis-window-first.json");

    TimeWindowEventResponse response = handler.handleRequest(event, context);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(response.getState()).containsOnlyKeys(BatchProcessor.STATE_KEY);
    assertThat(h.rows(PAGE_VIEWS)).isEmpty();
    JsonNode reject = h.rows(REJECTS).get(0);
    assertThat(reject.get("reason").asText()).isEqualTo("malformed_json");
    assertThat(reject.get("shard_id").asText()).isEqualTo("shardId-000000000006");
    assertThat(reject.get("arrival_time").asText()).isEqualTo("2026-11-21T10:15:20.250Z");
    assertThat(reject.get("partition_key").asText()).isEqualTo("device-2");
  }

  @Test
  void theFinalInvocation_emitsPageViews_countingARepeatedEventOnce() {
    KinesisTimeWindowEvent event = fixture("events/kinesis-window-final.json");

    TimeWindowEventResponse response = handler.handleRequest(event, context);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(response.getState()).isEmpty();
    assertThat(h.rows(PAGE_VIEWS))
        .extracting(
            r ->
                r.get("page").asText()
                    + "="
                    + r.get("views").asLong()
                    + (r.get("late").asBoolean() ? " late" : ""))
        .containsExactly("/cart=1 late", "/home=1");
    assertThat(h.rows(PAGE_VIEWS).get(0).get("shard_id").asText())
        .isEqualTo("shardId-000000000006");
  }

  @Test
  void aWindowTerminatedEarly_closesItsSegment() {
    KinesisTimeWindowEvent event = fixture("events/kinesis-window-terminated-early.json");
    assertThat(event.getIsWindowTerminatedEarly()).isTrue();

    handler.handleRequest(event, context);

    assertThat(h.rows(PAGE_VIEWS)).hasSize(1);
    assertThat(h.metricLines().get(0).get("SegmentsClosedEarly").asLong()).isEqualTo(1);
  }

  @Test
  void theRuntimeDeserializer_readsEveryTumblingWindowField() throws Exception {
    KinesisTimeWindowEvent e = load("/events/kinesis-window-final.json");

    assertThat(e.getShardId()).isEqualTo("shardId-000000000006");
    assertThat(e.getWindow().getStart()).isEqualTo("2026-11-21T10:15:00Z");
    assertThat(e.getWindow().getEnd()).isEqualTo("2026-11-21T10:16:00Z");
    assertThat(e.getIsFinalInvokeForWindow()).isTrue();
    assertThat(e.getIsWindowTerminatedEarly()).isFalse();
    assertThat(e.getState()).isEmpty();
    assertThat(e.getEventSourceArn()).endsWith(":stream/shardwise-events");
    assertThat(e.getRecords()).hasSize(3);
    assertThat(e.getRecords().get(0).getKinesis().getData().remaining()).isPositive();
  }

  @Test
  void theResponse_serializesToTheShapeLambdaExpects() throws Exception {
    TimeWindowEventResponse response =
        LambdaEvents.response(new BatchResult(Map.of("w", "AAAA"), java.util.Optional.of("4959")));
    PojoSerializer<TimeWindowEventResponse> serializer =
        LambdaEventSerializers.serializerFor(
            TimeWindowEventResponse.class, ConsumerHandlerTest.class.getClassLoader());
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    serializer.toJson(response, out);

    JsonNode json = Harness.parse(out.toString(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(json.get("state").get("w").asText()).isEqualTo("AAAA");
    assertThat(json.get("batchItemFailures").get(0).get("itemIdentifier").asText())
        .isEqualTo("4959");
  }

  @Test
  void anEventWithoutAWindow_isRefusedWithAClearMessage() throws Exception {
    KinesisTimeWindowEvent e = load("/events/kinesis-window-first.json");
    e.setWindow(null);

    assertThatThrownBy(() -> handler.handleRequest(e, context))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TumblingWindowInSeconds");
  }

  @Test
  void theStreamName_comesFromTheSourceArn() {
    assertThat(LambdaEvents.streamName("arn:aws:kinesis:us-east-1:1:stream/clicks", () -> "x"))
        .isEqualTo("clicks");
    assertThat(LambdaEvents.streamName(null, () -> "fallback")).isEqualTo("fallback");
  }
}
