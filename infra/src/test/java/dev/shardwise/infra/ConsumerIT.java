package dev.shardwise.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shardwise.consumer.ConsumerConfig;
import dev.shardwise.consumer.ConsumerHandler;
import dev.shardwise.consumer.definitions.Definitions;
import dev.shardwise.consumer.definitions.EventSourceMappingDefinition;
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

  private static final EventSourceMappingDefinition ESM = Definitions.eventSourceMapping();

  @Test
  void function_isArm64Java25WithSnapStartAndTheSpecsEnvironment() {
    Synthesized s = Synthesized.get();
    ConsumerSpec spec = Pipeline.consumerSpec(StackSettings.defaults());
    assertThat(spec.functionName()).isEqualTo(ESM.functionName());

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

    assertThat(esm.get("BatchSize").asInt()).isEqualTo(ESM.batchSize());
    assertThat(esm.get("MaximumBatchingWindowInSeconds").asInt())
        .isEqualTo(ESM.maximumBatchingWindowInSeconds());
    assertThat(esm.get("TumblingWindowInSeconds").asInt()).isEqualTo(ESM.tumblingWindowInSeconds());
    assertThat(esm.get("ParallelizationFactor").asInt()).isEqualTo(ESM.parallelizationFactor());
    assertThat(esm.get("MaximumRetryAttempts").asInt()).isEqualTo(ESM.maximumRetryAttempts());
    assertThat(esm.get("MaximumRecordAgeInSeconds").asInt())
        .isEqualTo(ESM.maximumRecordAgeInSeconds());
    assertThat(esm.get("BisectBatchOnFunctionError").asBoolean())
        .isEqualTo(ESM.bisectBatchOnFunctionError());
    assertThat(esm.get("StartingPosition").asText()).isEqualTo(ESM.startingPosition());
    assertThat(JSON.convertValue(esm.get("FunctionResponseTypes"), List.class))
        .isEqualTo(ESM.functionResponseTypes());
    assertThat(esm.get("EventSourceArn"))
        .isEqualTo(JSON.valueToTree(s.stack.resolve(s.stack.stream().getStreamArn())));
    ConsumerFunction consumer = s.stack.consumer();
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
    ConsumerFunction consumer = s.stack.consumer();
    Object keyArn = s.stack.resolve(s.stack.key().getKeyArn());

    s.template.hasResourceProperties(
        "AWS::SQS::Queue",
        Map.of(
            "QueueName", ESM.onFailureQueue(),
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
            ESM.onFailureQueue() + "-dlq",
            "KmsMasterKeyId",
            keyArn,
            "RedrivePolicy",
            Match.absent()));
  }

  @Test
  void environment_namesTheDeliveryStreamOfEachOutputTable_asTheConsumerReadsIt() {
    Synthesized s = Synthesized.get();
    JsonNode fn = only(s, "AWS::Lambda::Function", "FunctionName", ESM.functionName());
    Map<String, String> env = new java.util.HashMap<>();
    fn.at("/Properties/Environment/Variables")
        .fields()
        .forEachRemaining(
            e ->
                env.put(
                    e.getKey(),
                    e.getValue().isTextual() ? e.getValue().asText() : "generated-bucket"));
    env.put(ConsumerConfig.REGION, "eu-west-1");

    ConsumerConfig config = ConsumerConfig.fromEnvironment(env);

    assertThat(config.pageViewsStream()).isEqualTo(deliveryStreamWritingPrefix(s, "page_views/"));
    assertThat(config.anomaliesStream()).isEqualTo(deliveryStreamWritingPrefix(s, "anomalies/"));
    assertThat(config.rejectsStream()).isEqualTo(deliveryStreamWritingPrefix(s, "rejects/"));
    assertThat(fn.at("/Properties/Environment/Variables/" + ConsumerConfig.STATE_BUCKET))
        .isEqualTo(JSON.valueToTree(s.stack.resolve(s.stack.storage().state().getBucketName())));
  }

  @Test
  void handler_isAClassOfTheDeployedJar() throws Exception {
    ConsumerSpec spec = Pipeline.consumerSpec(StackSettings.defaults());
    try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(spec.jar().toFile())) {
      assertThat(jar.getEntry(spec.handler().replace('.', '/') + ".class")).isNotNull();
    }
    assertThat(spec.handler()).isEqualTo(ConsumerHandler.class.getName());
  }

  private static String deliveryStreamWritingPrefix(Synthesized s, String prefix) {
    List<String> names = new java.util.ArrayList<>();
    for (JsonNode r : JSON.valueToTree(s.template.toJSON()).get("Resources")) {
      if (r.get("Type").asText().equals("AWS::KinesisFirehose::DeliveryStream")
          && r.at("/Properties/ExtendedS3DestinationConfiguration/Prefix")
              .asText()
              .startsWith(prefix)) {
        names.add(r.at("/Properties/DeliveryStreamName").asText());
      }
    }
    assertThat(names).as("delivery streams writing " + prefix).hasSize(1);
    return names.get(0);
  }

  private static JsonNode only(Synthesized s, String type, String property, String value) {
    List<JsonNode> found = new java.util.ArrayList<>();
    for (JsonNode r : JSON.valueToTree(s.template.toJSON()).get("Resources")) {
      if (r.get("Type").asText().equals(type)
          && value.equals(r.at("/Properties/" + property).asText())) {
        found.add(r);
      }
    }
    assertThat(found).as(type + " " + value).hasSize(1);
    return found.get(0);
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
