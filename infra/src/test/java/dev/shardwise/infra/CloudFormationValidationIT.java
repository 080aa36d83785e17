package dev.shardwise.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The synthesized template passes CloudFormation validation offline: {@code
 * @aws/cloudformation-validate} (npm, installed by {@code .ci/run} into {@code
 * src/test/cfn-validate}) checks every resource against its CloudFormation resource schema plus
 * the cfn-lint rules. Nothing at WARN or above is accepted.
 */
class CloudFormationValidationIT {
  private static final Path VALIDATOR = Path.of("src", "test", "cfn-validate");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void synthesizedTemplate_hasNoWarningOrError() throws Exception {
    List<JsonNode> findings = findings(validate(Synthesized.get().templateFile));
    assertThat(findings).isEmpty();
  }

  @Test
  void validator_catchesAMisspelledDeliveryStreamProperty() throws Exception {
    // GIVEN the real template with one Firehose property misspelled
    ObjectNode template = (ObjectNode) JSON.readTree(Synthesized.get().templateFile.toFile());
    JsonNode stream = null;
    for (JsonNode r : template.get("Resources")) {
      if (r.get("Type").asText().equals("AWS::KinesisFirehose::DeliveryStream")) {
        stream = r;
      }
    }
    assertThat(stream).isNotNull();
    ObjectNode hints =
        (ObjectNode) stream.at("/Properties/ExtendedS3DestinationConfiguration/BufferingHints");
    hints.set("SizeInMB", hints.remove("SizeInMBs"));
    Path broken = Path.of("target", "broken.template.json");
    JSON.writeValue(broken.toFile(), template);

    // WHEN validated THEN the schema check names the property
    List<JsonNode> findings = findings(validate(broken));
    assertThat(findings)
        .anySatisfy(d -> assertThat(d.get("message").asText()).contains("SizeInMB"));
  }

  /**
   * Accepted findings, each with its reason. W3005: CDK gives a Lambda function a {@code DependsOn}
   * on its role besides the {@code GetAtt}, so that the role's policies exist before the function;
   * the redundancy is harmless.
   */
  private static final java.util.Set<String> ACCEPTED = java.util.Set.of("W3005");

  private static List<JsonNode> findings(JsonNode report) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode d : report.get("diagnostics")) {
      if (!d.get("severity").asText().equals("INFO")
          && !ACCEPTED.contains(d.get("ruleId").asText())) {
        out.add(d);
      }
    }
    return out;
  }

  private static JsonNode validate(Path template) throws IOException, InterruptedException {
    Path module = VALIDATOR.resolve("node_modules/@aws/cloudformation-validate");
    assertThat(module)
        .as("run: npm ci --prefix infra/src/test/cfn-validate (.ci/run does)")
        .isDirectory();
    Process p =
        new ProcessBuilder("node", "validate.js", template.toAbsolutePath().toString())
            .directory(VALIDATOR.toFile())
            .redirectErrorStream(false)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("validator finished").isTrue();
    assertThat(p.exitValue()).as("validator exit code; stderr: %s", err).isZero();
    Files.write(Path.of("target", template.getFileName() + ".validation.json"), out);
    return JSON.readTree(out);
  }
}
