package dev.shardwise.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Template;

/**
 * The stack synthesized once per test JVM (a synth starts node through jsii and takes tens of
 * seconds), with cdk-nag's AwsSolutions pack applied as the app applies it.
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
    stack =
        new ShardwiseStack(
            app,
            "Shardwise",
            StackProps.builder()
                .env(Environment.builder().account("123456789012").region("eu-west-1").build())
                .build(),
            StackSettings.defaults(),
            new StreamSpec(
                "shardwise-events", StackSettings.StreamMode.PROVISIONED, Optional.of(2), 24),
            Optional.of(ConsumerFixture.spec()));
    // Until athena-queries reaches infra, the view runner is checked with a fixture statement.
    new AthenaStatements(
        stack,
        "FixtureViews",
        Analytics.WORK_GROUP,
        "fixture_db",
        java.util.List.of("fixture_table"),
        java.util.List.of("fixture_view"),
        java.util.List.of(
            "CREATE OR REPLACE VIEW fixture_view AS SELECT count(*) AS n FROM fixture_table"),
        stack.storage().athenaResults(),
        stack.key());
    Aspects.of(stack).add(AwsSolutionsChecks.Builder.create().verbose(true).build());
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
