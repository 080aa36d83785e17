package dev.shardwise.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.IConstruct;

/**
 * cdk-nag suppressions, each with its reason. A suppression names the rule and, for wildcard
 * findings, exactly which resource pattern it covers, so a new wildcard still fails the check.
 */
final class Nag {
  private Nag() {}

  /** Suppresses {@code rule} on {@code construct} (and its children) for {@code reason}. */
  static void suppress(IConstruct construct, String rule, String reason) {
    NagSuppressions.addResourceSuppressions(
        construct, List.of(NagPackSuppression.builder().id(rule).reason(reason).build()), true);
  }

  /**
   * Suppresses the IAM5 wildcard findings on {@code policy} for object ARNs of {@code bucket}
   * ending in one of {@code objectPatterns} (e.g. {@code events/dt=*}), and for nothing else.
   */
  static void allowObjectWildcards(
      IConstruct policy, IBucket bucket, List<String> objectPatterns, String reason) {
    String logicalId = logicalId(bucket);
    List<Object> applies =
        objectPatterns.stream()
            .map(p -> (Object) ("Resource::<" + logicalId + ".Arn>/" + p))
            .toList();
    NagSuppressions.addResourceSuppressions(
        policy,
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason(reason)
                .appliesTo(applies)
                .build()),
        true);
  }

  /** Suppresses one exact finding ({@code appliesTo}) of {@code rule} on {@code construct}. */
  static void allowFinding(IConstruct construct, String rule, String finding, String reason) {
    NagSuppressions.addResourceSuppressions(
        construct,
        List.of(
            NagPackSuppression.builder()
                .id(rule)
                .reason(reason)
                .appliesTo(List.of(finding))
                .build()),
        true);
  }

  /** The CloudFormation logical id of an L2 construct's resource. */
  static String logicalId(IConstruct construct) {
    return Stack.of(construct).getLogicalId((CfnElement) construct.getNode().getDefaultChild());
  }
}
