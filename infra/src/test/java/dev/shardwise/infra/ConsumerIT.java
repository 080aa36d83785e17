package dev.shardwise.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/**
 * The consumer as its spec says: the function, its alias and SnapStart, the event source mapping's
 * settings, and the on-failure queue with its own dead-letter queue.
 */
class ConsumerIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void function_isArm64Java25WithSnapStartAndTheSpecsEnvironment() {
    Synthesized s = Synthesized.get();
    ConsumerSpec spec = ConsumerFixture.spec();

    s.template.hasResourceProperties(
        "AWS::Lambda::Function",
        Map.of(
            "FunctionName", spec.functionName(),
            "Handler", spec.handler(),
            "Runtime", "java25",
            "Architectures", List.of("arm64"),
            "MemorySize", ConsumerFunction.MEMORY_MB,
            "Timeout", ConsumerFunction.TIMEOUT.toSeconds(),
            "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
            "Environment", Map.of("Variables", Match.objectEquals(environment(s, spec)))));
    s.template.hasResourceProperties("AWS::Lambda::Alias", Map.of("Name", "live"));
  }

  @Test
  void eventSourceMapping_carriesTheSpecAndTargetsTheAlias() {
    Synthesized s = Synthesized.get();
    JsonNode esm = only(s, "AWS::Lambda::EventSourceMapping").get("Properties");

    assertThat(esm.get("BatchSize").asInt()).isEqualTo(ConsumerFixture.BATCH_SIZE);
    assertThat(esm.get("MaximumBatchingWindowInSeconds").asInt())
        .isEqualTo(ConsumerFixture.BATCHING_WINDOW_SECONDS);
    assertThat(esm.get("TumblingWindowInSeconds").asInt())
        .isEqualTo(ConsumerFixture.TUMBLING_WINDOW_SECONDS);
    assertThat(esm.get("ParallelizationFactor").asInt()).isEqualTo(ConsumerFixture.PARALLELIZATION);
    assertThat(esm.get("MaximumRetryAttempts").asInt()).isEqualTo(ConsumerFixture.RETRIES);
    assertThat(esm.get("MaximumRecordAgeInSeconds").asInt())
        .isEqualTo(ConsumerFixture.RECORD_AGE_SECONDS);
    assertThat(esm.get("BisectBatchOnFunctionError").asBoolean()).isTrue();
    assertThat(esm.get("StartingPosition").asText()).isEqualTo("TRIM_HORIZON");
    assertThat(esm.get("FunctionResponseTypes").toString()).contains("ReportBatchItemFailures");
    assertThat(esm.get("EventSourceArn"))
        .isEqualTo(JSON.valueToTree(s.stack.resolve(s.stack.stream().getStreamArn())));
    ConsumerFunction consumer = s.stack.consumer().orElseThrow();
    // FunctionName is "<function name>:live", the alias's qualified name.
    assertThat(esm.get("FunctionName").toString())
        .contains(
            JSON.valueToTree(s.stack.resolve(consumer.alias().getFunctionArn())).toString(),
            "\":live\"");
    assertThat(esm.at("/DestinationConfig/OnFailure/Destination"))
        .isEqualTo(JSON.valueToTree(s.stack.resolve(consumer.failures().getQueueArn())));
  }

  @Test
  void failureQueue_isEncryptedAndRedrivesToItsOwnDeadLetterQueue() {
    Synthesized s = Synthesized.get();
    ConsumerSpec spec = ConsumerFixture.spec();
    ConsumerFunction consumer = s.stack.consumer().orElseThrow();
    Object keyArn = s.stack.resolve(s.stack.key().getKeyArn());

    s.template.hasResourceProperties(
        "AWS::SQS::Queue",
        Map.of(
            "QueueName", spec.failureQueueName(),
            "KmsMasterKeyId", keyArn,
            "RedrivePolicy",
                Map.of(
                    "deadLetterTargetArn",
                    s.stack.resolve(consumer.failuresDeadLetter().getQueueArn()),
                    "maxReceiveCount",
                    5)));
    s.template.hasResourceProperties(
        "AWS::SQS::Queue",
        Map.of(
            "QueueName",
            spec.failureQueueName() + "-dlq",
            "KmsMasterKeyId",
            keyArn,
            "RedrivePolicy",
            Match.absent()));
  }

  private static Map<String, Object> environment(Synthesized s, ConsumerSpec spec) {
    Map<String, Object> env = new java.util.HashMap<>(spec.environment());
    env.put(spec.stateBucketVariable(), s.stack.resolve(s.stack.storage().state().getBucketName()));
    return env;
  }

  private static JsonNode only(Synthesized s, String type) {
    JsonNode found = null;
    for (JsonNode r : JSON.valueToTree(s.template.toJSON()).get("Resources")) {
      if (r.get("Type").asText().equals(type)) {
        assertThat(found).as("one " + type).isNull();
        found = r;
      }
    }
    assertThat(found).as(type).isNotNull();
    return found;
  }
}
