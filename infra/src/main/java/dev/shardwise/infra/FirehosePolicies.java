package dev.shardwise.infra;

import dev.shardwise.firehose.DeliveryStreamDefinition;
import dev.shardwise.firehose.ExtendedS3Destination;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Arn;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kinesis.IStream;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The policy of one delivery stream's role, derived from its definition: objects only under its
 * {@code Prefix} and {@code ErrorOutputPrefix} (up to the first expression), its own log stream,
 * the Glue table its format conversion reads, the source stream when it has one, and the key only
 * through S3 and Kinesis. The actions are those Firehose documents for an S3 destination.
 */
final class FirehosePolicies {
  private FirehosePolicies() {}

  static Policy attach(
      Construct scope,
      String id,
      IRole role,
      DeliveryStreamDefinition d,
      IBucket archive,
      IKey key,
      LogGroup logs,
      IStream source) {
    ExtendedS3Destination s3 = d.extendedS3DestinationConfiguration();
    List<PolicyStatement> statements = new ArrayList<>();
    statements.add(
        PolicyStatement.Builder.create()
            .sid("ArchiveBucket")
            .actions(
                List.of("s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"))
            .resources(List.of(archive.getBucketArn()))
            .build());
    statements.add(
        PolicyStatement.Builder.create()
            .sid("ArchiveObjects")
            .actions(List.of("s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"))
            .resources(
                List.of(
                    archive.arnForObjects(Names.fixedPrefix(s3.prefix()) + "*"),
                    archive.arnForObjects(Names.fixedPrefix(s3.errorOutputPrefix()) + "*")))
            .build());
    Stack stack = Stack.of(scope);
    statements.add(
        PolicyStatement.Builder.create()
            .sid("ArchiveKey")
            .actions(List.of("kms:GenerateDataKey", "kms:Decrypt"))
            .resources(List.of(key.getKeyArn()))
            .conditions(
                Map.of(
                    "StringEquals",
                    Map.of("kms:ViaService", "s3." + Aws.REGION + "." + Aws.URL_SUFFIX)))
            .build());
    if (logs != null) {
      statements.add(
          PolicyStatement.Builder.create()
              .sid("DeliveryLogs")
              .actions(List.of("logs:PutLogEvents"))
              .resources(
                  List.of(
                      Arn.format(
                          ArnComponents.builder()
                              .service("logs")
                              .resource("log-group")
                              .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                              .resourceName(
                                  s3.cloudWatchLoggingOptions().logGroupName()
                                      + ":log-stream:"
                                      + s3.cloudWatchLoggingOptions().logStreamName())
                              .build(),
                          stack)))
              .build());
    }
    if (s3.formatConversionEnabled()) {
      var schema = s3.dataFormatConversionConfiguration().schemaConfiguration();
      statements.add(
          PolicyStatement.Builder.create()
              .sid("ConversionSchema")
              .actions(List.of("glue:GetTable", "glue:GetTableVersion", "glue:GetTableVersions"))
              .resources(
                  List.of(
                      glueArn(stack, "catalog", null),
                      glueArn(stack, "database", schema.databaseName()),
                      glueArn(stack, "table", schema.databaseName() + "/" + schema.tableName())))
              .build());
    }
    if (d.kinesisSource()) {
      statements.add(
          PolicyStatement.Builder.create()
              .sid("SourceStream")
              .actions(
                  List.of(
                      "kinesis:DescribeStream",
                      "kinesis:GetShardIterator",
                      "kinesis:GetRecords",
                      "kinesis:ListShards"))
              .resources(List.of(source.getStreamArn()))
              .build());
      statements.add(
          PolicyStatement.Builder.create()
              .sid("SourceStreamKey")
              .actions(List.of("kms:Decrypt"))
              .resources(List.of(key.getKeyArn()))
              .conditions(
                  Map.of(
                      "StringEquals",
                      Map.of("kms:ViaService", "kinesis." + Aws.REGION + "." + Aws.URL_SUFFIX)))
              .build());
    }
    return Policy.Builder.create(scope, id).roles(List.of(role)).statements(statements).build();
  }

  private static String glueArn(Stack stack, String resource, String name) {
    ArnComponents.Builder arn = ArnComponents.builder().service("glue").resource(resource);
    if (name != null) {
      arn.resourceName(name);
    }
    return Arn.format(arn.build(), stack);
  }
}
