package dev.shardwise.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app: {@code cdk synth} / {@code cdk deploy} run it through {@code cdk.json}. Reads the
 * deployment settings from context, builds {@link ShardwiseStack} and checks it with cdk-nag's
 * AwsSolutions pack (an unsuppressed finding fails the synth). A bad setting ends the process with
 * one line naming the key.
 */
public final class ShardwiseApp {
  /** The stack's name in CloudFormation. */
  public static final String STACK_NAME = "Shardwise";

  private ShardwiseApp() {}

  public static void main(String[] args) {
    try {
      App app = new App(AppProps.builder().context(FeatureFlags.all()).build());
      build(app, System.getenv());
      app.synth();
    } catch (SettingsException e) {
      System.err.println("shardwise infra: " + e.getMessage());
      System.exit(2);
    }
  }

  /** Builds the stack into {@code app} with the context's settings; returns it. */
  static ShardwiseStack build(App app, Map<String, String> env) {
    StackSettings settings = StackSettings.fromContext(key -> app.getNode().tryGetContext(key));
    Environment.Builder where = Environment.builder();
    if (env.get("CDK_DEFAULT_ACCOUNT") != null) {
      where.account(env.get("CDK_DEFAULT_ACCOUNT"));
    }
    if (env.get("CDK_DEFAULT_REGION") != null) {
      where.region(env.get("CDK_DEFAULT_REGION"));
    }
    ShardwiseStack stack =
        new ShardwiseStack(
            app,
            STACK_NAME,
            StackProps.builder()
                .env(where.build())
                .description("shardwise: stream analytics (Kinesis, Lambda, Firehose, S3, Athena)")
                .build(),
            settings,
            Pipeline.streamSpec(settings),
            Pipeline.consumerSpec(settings));
    Aspects.of(stack).add(AwsSolutionsChecks.Builder.create().verbose(true).build());
    return stack;
  }
}
