package dev.shardwise.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Template;

/**
 * The stack synthesized once per test JVM (a synth starts node through jsii and takes tens of
 * seconds), built by {@link ShardwiseApp#build} from the shared definitions with the default
 * settings and cdk-nag's AwsSolutions pack, as {@code cdk synth} builds it. The consumer asset is
 * the real shaded jar, which the reactor packages before infra's tests run.
 */
final class Synthesized {
  private static Synthesized instance;

  final ShardwiseStack stack;
  final Template template;
  final Annotations annotations;
  final long synthMillis;
  final Path templateFile;

  private Synthesized() {
    long start = System.nanoTime();
    App app = App.Builder.create().context(FeatureFlags.all()).build();
    // As `cdk synth` builds it (shared definitions, default settings, cdk-nag applied), in a fixed
    // account and region so that ARNs resolve to text.
    stack =
        ShardwiseApp.build(
            app, Map.of("CDK_DEFAULT_ACCOUNT", "123456789012", "CDK_DEFAULT_REGION", "eu-west-1"));
    template = Template.fromStack(stack);
    templateFile = Path.of("target", "Shardwise.template.json");
    try {
      Files.createDirectories(templateFile.getParent());
      new ObjectMapper()
          .writerWithDefaultPrettyPrinter()
          .writeValue(templateFile.toFile(), template.toJSON());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    annotations = Annotations.fromStack(stack);
    synthMillis = (System.nanoTime() - start) / 1_000_000;
  }

  static synchronized Synthesized get() {
    if (instance == null) {
      instance = new Synthesized();
    }
    return instance;
  }
}
