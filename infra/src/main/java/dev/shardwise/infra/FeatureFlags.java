package dev.shardwise.infra;

import java.util.Map;

/**
 * CDK feature flags the stack is written for (set in {@code cdk.json} and by tests): with them,
 * access-log delivery is granted by bucket policy instead of the {@code LogDeliveryWrite} ACL, and
 * a few newer, safer defaults apply.
 */
public final class FeatureFlags {
  private FeatureFlags() {}

  public static Map<String, Object> all() {
    return Map.of(
        "@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true,
        "@aws-cdk/aws-iam:minimizePolicies", true,
        "@aws-cdk/aws-kms:reduceCrossAccountRegionPolicyScope", true,
        "@aws-cdk/aws-lambda:recognizeLayerVersion", true,
        "@aws-cdk/aws-s3:createDefaultLoggingPolicy", true,
        "@aws-cdk/aws-sns:enforceSslPolicyUseAwsSecureTransport", true,
        "@aws-cdk/core:enablePartitionLiterals", true);
  }
}
