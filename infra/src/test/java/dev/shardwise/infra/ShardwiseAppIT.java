package dev.shardwise.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The app as {@code cdk deploy -c key=value} runs it: context settings reach the template. (A
 * second synth in the test JVM, with settings unlike the shared fixture's.)
 */
class ShardwiseAppIT {

  private static App app(Map<String, Object> context) {
    Map<String, Object> all = new HashMap<>(FeatureFlags.all());
    all.putAll(context);
    return App.Builder.create().context(all).build();
  }

  @Test
  void contextSettings_reachTheTemplate() {
    App app =
        app(
            Map.of(
                StackSettings.STREAM_MODE, "ON_DEMAND",
                StackSettings.RETENTION_HOURS, "48",
                StackSettings.BYTES_SCANNED_CUTOFF_MB, "250",
                StackSettings.RESULTS_EXPIRATION_DAYS, "3"));
    ShardwiseStack stack = ShardwiseApp.build(app, Map.of("CDK_DEFAULT_REGION", "eu-central-1"));
    Template t = Template.fromStack(stack);

    t.hasResourceProperties(
        "AWS::Kinesis::Stream",
        Map.of(
            "RetentionPeriodHours", 48,
            "StreamModeDetails", Map.of("StreamMode", "ON_DEMAND"),
            "ShardCount", Match.absent()));
    t.hasResourceProperties(
        "AWS::Athena::WorkGroup",
        Map.of(
            "WorkGroupConfiguration",
            Match.objectLike(Map.of("BytesScannedCutoffPerQuery", 250_000_000))));
    t.hasResourceProperties(
        "AWS::S3::Bucket",
        Map.of(
            "LifecycleConfiguration",
            Map.of(
                "Rules",
                Match.arrayWith(
                    java.util.List.of(
                        Match.objectLike(
                            Map.of("Id", "expire-results", "ExpirationInDays", 3)))))));
    assertThat(stack.getRegion()).isEqualTo("eu-central-1");
  }

  @Test
  void badSetting_failsNamingTheKey() {
    assertThatThrownBy(
            () -> ShardwiseApp.build(app(Map.of(StackSettings.STREAM_MODE, "SOMETIMES")), Map.of()))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith(StackSettings.STREAM_MODE + ":");
  }
}
