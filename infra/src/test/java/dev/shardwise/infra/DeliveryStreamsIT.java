package dev.shardwise.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.firehose.DeliveryStreamDefinitions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.Aws;

/**
 * Each delivery stream in the template carries its {@code firehose-config} definition unchanged:
 * the definition file is read here as it ships, and every {@code ${Placeholder}} must have become a
 * reference to the real resource (this stream's role, the archive bucket, the key, the stream).
 */
class DeliveryStreamsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9]*)}");

  static List<String> names() {
    return DeliveryStreamDefinitions.NAMES;
  }

  @ParameterizedTest
  @MethodSource("names")
  void deliveryStream_carriesItsDefinitionWithPlaceholdersResolved(String name) throws Exception {
    Synthesized s = Synthesized.get();
    JsonNode definition = JSON.readTree(DeliveryStreamDefinitions.rawJson(name));
    JsonNode expected = resolvePlaceholders(definition, placeholderValues(s, name));
    JsonNode resource = deliveryStream(s, name);

    JsonNode props = resource.get("Properties");
    assertThat(props.get("DeliveryStreamName").asText()).isEqualTo(name);
    assertThat(props.get("DeliveryStreamType")).isEqualTo(expected.get("DeliveryStreamType"));
    assertThat(props.get("ExtendedS3DestinationConfiguration"))
        .isEqualTo(expected.get("ExtendedS3DestinationConfiguration"));
    if (expected.has("KinesisStreamSourceConfiguration")) {
      assertThat(props.get("KinesisStreamSourceConfiguration"))
          .isEqualTo(renameArn(expected.get("KinesisStreamSourceConfiguration")));
      assertThat(props.has("DeliveryStreamEncryptionConfigurationInput")).isFalse();
    } else {
      assertThat(props.get("DeliveryStreamEncryptionConfigurationInput").get("KeyType").asText())
          .isEqualTo("CUSTOMER_MANAGED_CMK");
      assertThat(props.get("DeliveryStreamEncryptionConfigurationInput").get("KeyARN"))
          .isEqualTo(resolved(s, s.stack.key().getKeyArn()));
    }
    // CloudFormation tags are a set; CDK sorts them by key.
    assertThat(props.get("Tags")).containsExactlyInAnyOrderElementsOf(expected.get("Tags"));
  }

  @ParameterizedTest
  @MethodSource("names")
  void deliveryLogGroup_existsWithTheDefinitionsNames(String name) throws Exception {
    Synthesized s = Synthesized.get();
    JsonNode logging =
        JSON.readTree(DeliveryStreamDefinitions.rawJson(name))
            .at("/ExtendedS3DestinationConfiguration/CloudWatchLoggingOptions");
    String group = logging.get("LogGroupName").asText();
    s.template.hasResourceProperties(
        "AWS::Logs::LogGroup", Map.of("LogGroupName", group, "RetentionInDays", 30));
    s.template.hasResourceProperties(
        "AWS::Logs::LogStream", Map.of("LogStreamName", logging.get("LogStreamName").asText()));
  }

  /** CloudFormation spells the stream ARN member {@code KinesisStreamARN} as the API does. */
  private static JsonNode renameArn(JsonNode source) {
    ObjectNode out = JSON.createObjectNode();
    out.set("KinesisStreamARN", source.get("KinesisStreamARN"));
    out.set("RoleARN", source.get("RoleARN"));
    return out;
  }

  static Map<String, JsonNode> placeholderValues(Synthesized s, String name) {
    Map<String, JsonNode> values = new LinkedHashMap<>();
    values.put("ArchiveBucketArn", resolved(s, s.stack.storage().archive().getBucketArn()));
    values.put(
        "DeliveryRoleArn", resolved(s, s.stack.deliveryStreams().roles().get(name).getRoleArn()));
    values.put("SourceStreamArn", resolved(s, s.stack.stream().getStreamArn()));
    values.put("ArchiveKmsKeyArn", resolved(s, s.stack.key().getKeyArn()));
    values.put("Region", resolved(s, Aws.REGION));
    return values;
  }

  static JsonNode resolved(Synthesized s, String token) {
    return JSON.valueToTree(s.stack.resolve(token));
  }

  static JsonNode deliveryStream(Synthesized s, String name) {
    for (JsonNode r : JSON.valueToTree(s.template.toJSON()).get("Resources")) {
      if (r.get("Type").asText().equals("AWS::KinesisFirehose::DeliveryStream")
          && r.at("/Properties/DeliveryStreamName").asText().equals(name)) {
        return r;
      }
    }
    throw new AssertionError("no delivery stream " + name + " in the template");
  }

  private static JsonNode resolvePlaceholders(JsonNode node, Map<String, JsonNode> values) {
    if (node.isTextual()) {
      Matcher m = PLACEHOLDER.matcher(node.asText());
      if (m.matches()) {
        assertThat(values).containsKey(m.group(1));
        return values.get(m.group(1));
      }
      assertThat(node.asText()).doesNotContain("${");
      return node;
    }
    if (node.isObject()) {
      ObjectNode out = JSON.createObjectNode();
      node.fields()
          .forEachRemaining(e -> out.set(e.getKey(), resolvePlaceholders(e.getValue(), values)));
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JSON.createArrayNode();
      node.forEach(n -> out.add(resolvePlaceholders(n, values)));
      return out;
    }
    return node;
  }
}
