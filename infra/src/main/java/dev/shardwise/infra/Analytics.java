package dev.shardwise.infra;

import software.amazon.awscdk.services.athena.CfnWorkGroup;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * What analysts query through: the Athena work group (engine version 3, its settings enforced over
 * any client's, results encrypted with the stack's key in the results bucket, a cutoff on bytes
 * scanned per query, CloudWatch metrics on).
 */
public final class Analytics extends Construct {
  /** The work group {@code shardwise query --work-group} names. */
  public static final String WORK_GROUP = "shardwise";

  private final CfnWorkGroup workGroup;

  public Analytics(Construct scope, String id, IKey key, IBucket results, StackSettings settings) {
    super(scope, id);
    workGroup =
        CfnWorkGroup.Builder.create(this, "WorkGroup")
            .name(WORK_GROUP)
            .description("shardwise analysts: the views and named queries over the archive")
            .state("ENABLED")
            .recursiveDeleteOption(true)
            .workGroupConfiguration(
                CfnWorkGroup.WorkGroupConfigurationProperty.builder()
                    .enforceWorkGroupConfiguration(true)
                    .publishCloudWatchMetricsEnabled(true)
                    .bytesScannedCutoffPerQuery(settings.bytesScannedCutoff())
                    .engineVersion(
                        CfnWorkGroup.EngineVersionProperty.builder()
                            .selectedEngineVersion("Athena engine version 3")
                            .build())
                    .resultConfiguration(
                        CfnWorkGroup.ResultConfigurationProperty.builder()
                            .outputLocation("s3://" + results.getBucketName() + "/results/")
                            .encryptionConfiguration(
                                CfnWorkGroup.EncryptionConfigurationProperty.builder()
                                    .encryptionOption("SSE_KMS")
                                    .kmsKey(key.getKeyArn())
                                    .build())
                            .build())
                    .build())
            .build();
  }

  public CfnWorkGroup workGroup() {
    return workGroup;
  }
}
