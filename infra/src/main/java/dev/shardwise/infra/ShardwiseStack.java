package dev.shardwise.infra;

import dev.shardwise.athena.QueryCatalog;
import dev.shardwise.firehose.DeliveryStreamDefinition;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kinesis.Stream;
import software.amazon.awscdk.services.kinesis.StreamEncryption;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * Every AWS resource of shardwise, built from the shared definitions: the stream, the consumer and
 * its event source mapping, the delivery streams, the buckets, the Glue catalogue and Athena work
 * group, the alarms and dashboard. One KMS key encrypts everything at rest.
 */
public final class ShardwiseStack extends Stack {
  private final Key key;
  private final Storage storage;
  private final Stream stream;
  private final DeliveryStreams deliveryStreams;
  private final Analytics analytics;
  private final Catalogue catalogue;
  private final ConsumerFunction consumer;
  private final Alerting alerting;
  private final Monitoring monitoring;
  private final Alarms alarms;

  public ShardwiseStack(
      Construct scope,
      String id,
      StackProps props,
      StackSettings settings,
      StreamSpec streamSpec,
      ConsumerSpec consumerSpec) {
    super(scope, id, props);
    key =
        Key.Builder.create(this, "Key")
            .alias("alias/shardwise")
            .description("shardwise: the stream, archive, state, results, queues, topic and logs")
            .enableKeyRotation(true)
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    allowLogsToUseKey();
    storage = new Storage(this, "Storage", key, settings);
    stream = kinesisStream(streamSpec);
    deliveryStreams = new DeliveryStreams(this, "Delivery", key, storage.archive(), stream);
    archiveLifecycle(settings);
    consumer =
        new ConsumerFunction(
            this,
            "Consumer",
            consumerSpec,
            key,
            stream,
            storage.state(),
            deliveryStreams.directPutArns());
    analytics = new Analytics(this, "Analytics", key, storage.athenaResults(), settings);
    catalogue =
        new Catalogue(
            this,
            "Catalogue",
            QueryCatalog.load(),
            storage.archive(),
            analytics,
            storage.athenaResults(),
            key);
    formatConversionReadsTheTables();
    alerting = new Alerting(this, "Alerting", key);
    monitoring =
        new Monitoring(
            this,
            "Monitoring",
            stream,
            consumer,
            List.copyOf(deliveryStreams.definitions().values()),
            Analytics.WORK_GROUP);
    alarms =
        new Alarms(
            this,
            "Alarms",
            Pipeline.alarmSpecification(streamSpec, consumerSpec),
            alerting.topic(),
            alerting.notifications());
    monitoring.addAlarms(alarms);
    outputs();
  }

  /**
   * CloudWatch Logs encrypts the stack's log groups (Firehose delivery logs, the consumer's, the
   * view runner's) with the key; the key policy must let the service use it for this account's log
   * groups in this region, and nothing else.
   */
  private void allowLogsToUseKey() {
    key.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .sid("CloudWatchLogsOfThisAccount")
            .principals(List.of(new ServicePrincipal("logs." + getRegion() + "." + getUrlSuffix())))
            .actions(
                List.of(
                    "kms:Encrypt",
                    "kms:Decrypt",
                    "kms:ReEncryptFrom",
                    "kms:ReEncryptTo",
                    "kms:GenerateDataKey",
                    "kms:GenerateDataKeyWithoutPlaintext",
                    "kms:DescribeKey"))
            .resources(List.of("*"))
            .conditions(
                Map.of(
                    "ArnLike",
                    Map.of(
                        "kms:EncryptionContext:aws:logs:arn",
                        "arn:"
                            + getPartition()
                            + ":logs:"
                            + getRegion()
                            + ":"
                            + getAccount()
                            + ":log-group:*")))
            .build());
  }

  private Stream kinesisStream(StreamSpec spec) {
    Stream.Builder b =
        Stream.Builder.create(this, "Stream")
            .streamName(spec.name())
            .retentionPeriod(Duration.hours(spec.retentionHours()))
            .encryption(StreamEncryption.KMS)
            .encryptionKey(key);
    if (spec.mode() == StackSettings.StreamMode.ON_DEMAND) {
      b.streamMode(software.amazon.awscdk.services.kinesis.StreamMode.ON_DEMAND);
    } else {
      b.streamMode(software.amazon.awscdk.services.kinesis.StreamMode.PROVISIONED)
          .shardCount(spec.shardCount().orElseThrow());
    }
    Stream built = b.build();
    Nag.suppress(
        built,
        "AwsSolutions-KDS3",
        "One customer managed key encrypts every part of the pipeline so that one key policy"
            + " governs the data; Kinesis caches data keys, so the KMS cost is a few requests per"
            + " producer and consumer every five minutes");
    return built;
  }

  /**
   * Raw events (the Kinesis-sourced stream's prefix) move to Standard-IA; rejects and every
   * stream's error output expire. The prefixes are the definitions' own.
   */
  private void archiveLifecycle(StackSettings settings) {
    for (DeliveryStreamDefinition d : deliveryStreams.definitions().values()) {
      var s3 = d.extendedS3DestinationConfiguration();
      if (d.kinesisSource()) {
        storage.transitionToInfrequentAccess(
            Names.fixedPrefix(s3.prefix()), settings.rawEventsInfrequentAccessDays());
      }
      if (REJECTS_STREAM.equals(d.deliveryStreamName())) {
        storage.expire(Names.fixedPrefix(s3.prefix()), settings.rejectsExpirationDays());
      }
      storage.expire(Names.fixedPrefix(s3.errorOutputPrefix()), settings.rejectsExpirationDays());
    }
  }

  /**
   * A delivery stream that converts to Parquet reads its table's schema from Glue when it is
   * created: each waits for the table its conversion names.
   */
  private void formatConversionReadsTheTables() {
    deliveryStreams
        .definitions()
        .forEach(
            (name, d) -> {
              var conversion =
                  d.extendedS3DestinationConfiguration().dataFormatConversionConfiguration();
              if (conversion != null && conversion.schemaConfiguration() != null) {
                var table = catalogue.tables().get(conversion.schemaConfiguration().tableName());
                if (table == null) {
                  throw new IllegalStateException(
                      name
                          + " converts with Glue table "
                          + conversion.schemaConfiguration().tableName()
                          + ", which the catalogue does not define");
                }
                deliveryStreams.streams().get(name).addDependency(table);
              }
            });
  }

  /** The delivery stream of rejected records, whose archive expires. */
  static final String REJECTS_STREAM = "shardwise-rejects";

  private void outputs() {
    output("Region", getRegion(), "region of the stack (AWS_REGION for shardwise produce/query)");
    output("StreamName", stream.getStreamName(), "shardwise produce --stream");
    output("ArchiveBucket", storage.archive().getBucketName(), "the archive (every table)");
    output("AthenaResultsBucket", storage.athenaResults().getBucketName(), "query results");
    output("WorkGroup", Analytics.WORK_GROUP, "shardwise query --work-group");
    output("Dashboard", Monitoring.DASHBOARD, "CloudWatch dashboard");
    output("AlarmTopicArn", alerting.topic().getTopicArn(), "SNS topic of the paging alarm");
    output(
        "NotificationTopicArn",
        alerting.notifications().getTopicArn(),
        "SNS topic of the alarms that do not page");
  }

  private void output(String id, String value, String description) {
    CfnOutput.Builder.create(this, id).value(value).description(description).build();
  }

  public Key key() {
    return key;
  }

  public Storage storage() {
    return storage;
  }

  public Stream stream() {
    return stream;
  }

  public DeliveryStreams deliveryStreams() {
    return deliveryStreams;
  }

  public ConsumerFunction consumer() {
    return consumer;
  }

  public Catalogue catalogue() {
    return catalogue;
  }

  public Analytics analytics() {
    return analytics;
  }

  public Monitoring monitoring() {
    return monitoring;
  }

  public Alarms alarms() {
    return alarms;
  }

  public Alerting alerting() {
    return alerting;
  }
}
