package dev.shardwise.local.s3;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the AWS CLI v2 ({@code /usr/bin/aws}, Debian package {@code awscli}) against an endpoint,
 * with dummy credentials and its own HOME. The installed CLI (2.9.19) predates S3's conditional
 * writes; {@link #withConditionalWrites} gives it the {@code If-None-Match}/{@code If-Match}
 * members of the current S3 model through the CLI's custom-model directory ({@code ~/.aws/models},
 * what {@code aws configure add-model} writes), so it sends what a current CLI sends.
 */
final class AwsCli {
  static final Path AWS = Path.of("/usr/bin/aws");
  private static final Path BUNDLED_S3_MODEL =
      Path.of("/usr/lib/python3/dist-packages/awscli/botocore/data/s3/2006-03-01/service-2.json");

  record Result(int exit, String out, String err) {
    Result ok() {
      if (exit != 0) {
        fail("aws exited " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err);
      }
      return this;
    }
  }

  private final URI endpoint;
  private final Path home;

  AwsCli(URI endpoint, Path home) {
    this.endpoint = endpoint;
    this.home = home;
  }

  /** Fails the test with what to install when the CLI is missing (never skips). */
  static void requireInstalled() {
    if (!Files.isExecutable(AWS)) {
      fail(
          "AWS CLI v2 not found at /usr/bin/aws: install the Debian package (apt-get install -y"
              + " awscli); .ci/run installs it on CI machines");
    }
  }

  /** Adds the conditional-write headers of today's S3 model to the CLI's model (in our HOME). */
  AwsCli withConditionalWrites() throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode model = (ObjectNode) json.readTree(BUNDLED_S3_MODEL.toFile());
    ObjectNode shapes = (ObjectNode) model.get("shapes");
    ObjectNode members = (ObjectNode) shapes.get("PutObjectRequest").get("members");
    members.set("IfNoneMatch", header(json, "IfNoneMatch", "If-None-Match"));
    members.set("IfMatch", header(json, "IfMatch", "If-Match"));
    shapes.putIfAbsent("IfNoneMatch", json.createObjectNode().put("type", "string"));
    shapes.putIfAbsent("IfMatch", json.createObjectNode().put("type", "string"));
    Path dir = Files.createDirectories(home.resolve(".aws/models/s3/2006-03-01"));
    json.writeValue(dir.resolve("service-2.json").toFile(), model);
    return this;
  }

  private static ObjectNode header(ObjectMapper json, String shape, String name) {
    return json.createObjectNode()
        .put("shape", shape)
        .put("location", "header")
        .put("locationName", name);
  }

  Result run(String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(List.of(AWS.toString(), "--endpoint-url", endpoint.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("AWS_"));
    env.put("AWS_ACCESS_KEY_ID", "test");
    env.put("AWS_SECRET_ACCESS_KEY", "test");
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_PAGER", "");
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("HOME", home.toString());
    env.put("NO_PROXY", "127.0.0.1");
    Path out = Files.createTempFile(home, "out", ".txt");
    Path err = Files.createTempFile(home, "err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("aws " + String.join(" ", args) + " did not finish in 120 s");
    }
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
