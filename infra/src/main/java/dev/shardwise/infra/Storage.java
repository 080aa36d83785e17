package dev.shardwise.infra;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.constructs.Construct;

/**
 * The S3 buckets: the archive (Firehose writes every table there), the Athena query results, the
 * consumer's detector state, and the server access logs of the three. Every data bucket is
 * encrypted with the stack's KMS key (S3 Bucket Keys on, so KMS is called per object, not per
 * request), refuses plain HTTP, blocks public access, disables ACLs and logs its access. Buckets
 * holding data are retained when the stack is deleted (see infra/README.md, "Tear down").
 */
public final class Storage extends Construct {
  private final Bucket accessLogs;
  private final Bucket archive;
  private final Bucket athenaResults;
  private final Bucket state;

  public Storage(Construct scope, String id, IKey key, StackSettings settings) {
    super(scope, id);
    // S3 delivers server access logs only to SSE-S3 buckets; they hold no pipeline data.
    accessLogs =
        Bucket.Builder.create(this, "AccessLogs")
            .encryption(BucketEncryption.S3_MANAGED)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
            .enforceSsl(true)
            .lifecycleRules(
                List.of(
                    LifecycleRule.builder()
                        .id("expire-access-logs")
                        .expiration(Duration.days(90))
                        .build()))
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    archive =
        dataBucket(
            "Archive",
            key,
            true,
            LifecycleRule.builder()
                .id("abort-incomplete-uploads")
                .abortIncompleteMultipartUploadAfter(Duration.days(7))
                .noncurrentVersionExpiration(Duration.days(30))
                .build());
    athenaResults =
        dataBucket(
            "AthenaResults",
            key,
            false,
            LifecycleRule.builder()
                .id("expire-results")
                .expiration(Duration.days(settings.athenaResultsExpirationDays()))
                .abortIncompleteMultipartUploadAfter(Duration.days(1))
                .build());
    // One object per shard, rewritten every window: versions would only pile up.
    state =
        dataBucket(
            "DetectorState",
            key,
            false,
            LifecycleRule.builder()
                .id("abort-incomplete-uploads")
                .abortIncompleteMultipartUploadAfter(Duration.days(1))
                .build());
  }

  private Bucket dataBucket(String id, IKey key, boolean versioned, LifecycleRule rule) {
    return Bucket.Builder.create(this, id)
        .encryption(BucketEncryption.KMS)
        .encryptionKey(key)
        .bucketKeyEnabled(true)
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
        .enforceSsl(true)
        .versioned(versioned)
        .serverAccessLogsBucket(accessLogs)
        .serverAccessLogsPrefix(id + "/")
        .lifecycleRules(List.of(rule))
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
  }

  /** Objects under {@code prefix} move to S3 Standard-IA after {@code days}. */
  public void transitionToInfrequentAccess(String prefix, int days) {
    archive.addLifecycleRule(
        LifecycleRule.builder()
            .id("infrequent-access-" + ruleId(prefix))
            .prefix(prefix)
            .transitions(
                List.of(
                    Transition.builder()
                        .storageClass(StorageClass.INFREQUENT_ACCESS)
                        .transitionAfter(Duration.days(days))
                        .build()))
            .build());
  }

  /** Objects under {@code prefix} in the archive expire after {@code days}. */
  public void expire(String prefix, int days) {
    archive.addLifecycleRule(
        LifecycleRule.builder()
            .id("expire-" + ruleId(prefix))
            .prefix(prefix)
            .expiration(Duration.days(days))
            .build());
  }

  private static String ruleId(String prefix) {
    return prefix.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "");
  }

  public IBucket archive() {
    return archive;
  }

  public IBucket athenaResults() {
    return athenaResults;
  }

  public IBucket state() {
    return state;
  }

  public IBucket accessLogs() {
    return accessLogs;
  }
}
