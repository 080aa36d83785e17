package dev.shardwise.infra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shardwise.firehose.DeliveryStreamDefinition;
import dev.shardwise.firehose.DeliveryStreamDefinitions;
import dev.shardwise.firehose.ExtendedS3Destination;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnTag;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kinesis.IStream;
import software.amazon.awscdk.services.kinesisfirehose.CfnDeliveryStream;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.LogStream;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The Firehose delivery streams, one per {@code firehose-config} definition, each with its own role
 * (least privilege: its prefixes, its log stream, its Glue table, its source) and its own
 * CloudWatch log group. The definition's {@code ExtendedS3DestinationConfiguration} goes into the
 * template as written, its placeholders filled with the real ARNs; infra adds only server-side
 * encryption of Direct PUT streams (a Kinesis-sourced stream reads the stream's own encryption).
 */
public final class DeliveryStreams extends Construct {
  private static final ObjectMapper JSON = DeliveryStreamDefinitions.mapper();

  private final Map<String, CfnDeliveryStream> streams = new LinkedHashMap<>();
  private final Map<String, DeliveryStreamDefinition> definitions = new LinkedHashMap<>();
  private final Map<String, Role> roles = new LinkedHashMap<>();

  public DeliveryStreams(Construct scope, String id, IKey key, IBucket archive, IStream source) {
    super(scope, id);
    for (String name : DeliveryStreamDefinitions.NAMES) {
      add(name, key, archive, source);
    }
  }

  private void add(String name, IKey key, IBucket archive, IStream source) {
    String id = Names.pascal(name);
    Role role =
        Role.Builder.create(this, id + "Role")
            .assumedBy(
                new ServicePrincipal(
                    "firehose.amazonaws.com",
                    software.amazon.awscdk.services.iam.ServicePrincipalOpts.builder()
                        .conditions(
                            Map.of("StringEquals", Map.of("sts:ExternalId", Aws.ACCOUNT_ID)))
                        .build()))
            .description("Firehose " + name + ": writes its prefixes of the archive")
            .build();
    Map<String, String> values = new LinkedHashMap<>();
    values.put("ArchiveBucketArn", archive.getBucketArn());
    values.put("DeliveryRoleArn", role.getRoleArn());
    values.put("SourceStreamArn", source.getStreamArn());
    values.put("ArchiveKmsKeyArn", key.getKeyArn());
    values.put("Region", Aws.REGION);
    Map<String, String> used = new LinkedHashMap<>();
    for (String p :
        DeliveryStreamDefinitions.placeholders(DeliveryStreamDefinitions.rawJson(name))) {
      used.put(p, values.get(p));
    }
    DeliveryStreamDefinition d = DeliveryStreamDefinitions.load(name, used);
    ExtendedS3Destination s3 = d.extendedS3DestinationConfiguration();

    LogGroup logs = logGroup(id, s3, key);
    Policy policy =
        FirehosePolicies.attach(this, id + "Policy", role, d, archive, key, logs, source);
    Nag.allowObjectWildcards(
        policy,
        archive,
        List.of(
            Names.fixedPrefix(s3.prefix()) + "*", Names.fixedPrefix(s3.errorOutputPrefix()) + "*"),
        "Firehose names each object itself (partition values, time, a random suffix): the role may"
            + " write only below the fixed start of this stream's own Prefix and ErrorOutputPrefix");

    CfnDeliveryStream.Builder stream =
        CfnDeliveryStream.Builder.create(this, id)
            .deliveryStreamName(d.deliveryStreamName())
            .deliveryStreamType(d.deliveryStreamType())
            .tags(tags(d));
    if (d.kinesisSource()) {
      stream.kinesisStreamSourceConfiguration(
          CfnDeliveryStream.KinesisStreamSourceConfigurationProperty.builder()
              .kinesisStreamArn(d.kinesisStreamSourceConfiguration().kinesisStreamARN())
              .roleArn(d.kinesisStreamSourceConfiguration().roleARN())
              .build());
    } else {
      stream.deliveryStreamEncryptionConfigurationInput(
          CfnDeliveryStream.DeliveryStreamEncryptionConfigurationInputProperty.builder()
              .keyType("CUSTOMER_MANAGED_CMK")
              .keyArn(key.getKeyArn())
              .build());
    }
    CfnDeliveryStream cfn = stream.build();
    if (d.kinesisSource()) {
      Nag.suppress(
          cfn,
          "AwsSolutions-KDF1",
          "A KinesisStreamAsSource delivery stream cannot take server-side encryption: Firehose"
              + " reads the stream encrypted with the stack's KMS key and writes S3 objects"
              + " encrypted with the same key (EncryptionConfiguration of the definition)");
    }
    cfn.addPropertyOverride("ExtendedS3DestinationConfiguration", asMap(s3));
    // The role's policy must exist before Firehose validates its access.
    cfn.getNode().addDependency(policy);
    streams.put(name, cfn);
    definitions.put(name, d);
    roles.put(name, role);
  }

  private LogGroup logGroup(String id, ExtendedS3Destination s3, IKey key) {
    var options = s3.cloudWatchLoggingOptions();
    if (options == null || !Boolean.TRUE.equals(options.enabled())) {
      return null;
    }
    LogGroup group =
        LogGroup.Builder.create(this, id + "Logs")
            .logGroupName(options.logGroupName())
            .retention(RetentionDays.ONE_MONTH)
            .encryptionKey(key)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    LogStream.Builder.create(this, id + "LogStream")
        .logGroup(group)
        .logStreamName(options.logStreamName())
        .removalPolicy(RemovalPolicy.DESTROY)
        .build();
    return group;
  }

  private static List<CfnTag> tags(DeliveryStreamDefinition d) {
    List<CfnTag> out = new ArrayList<>();
    if (d.tags() != null) {
      d.tags().forEach(t -> out.add(CfnTag.builder().key(t.key()).value(t.value()).build()));
    }
    return out;
  }

  private static Map<String, Object> asMap(ExtendedS3Destination s3) {
    return JSON.convertValue(s3, new TypeReference<Map<String, Object>>() {});
  }

  /** The delivery streams by name, in the order of {@link DeliveryStreamDefinitions#NAMES}. */
  public Map<String, CfnDeliveryStream> streams() {
    return java.util.Collections.unmodifiableMap(streams);
  }

  /** The ARNs of the Direct PUT streams (those the consumer writes to). */
  public List<String> directPutArns() {
    List<String> arns = new ArrayList<>();
    definitions.forEach(
        (name, d) -> {
          if (!d.kinesisSource()) {
            arns.add(streams.get(name).getAttrArn());
          }
        });
    return arns;
  }

  /** The role of each delivery stream, by name. */
  public Map<String, Role> roles() {
    return java.util.Collections.unmodifiableMap(roles);
  }

  /** The definitions the streams were built from (placeholders filled with CDK tokens). */
  public Map<String, DeliveryStreamDefinition> definitions() {
    return java.util.Collections.unmodifiableMap(definitions);
  }
}
