package dev.shardwise.infra;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kinesis.IStream;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.eventsources.KinesisEventSource;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The consumer: the Lambda function (arm64, SnapStart on published versions, invoked through the
 * {@code live} alias), its event source mapping on the stream, the on-failure SQS queue that
 * receives the metadata of batches Lambda gave up on, and that queue's own dead-letter queue for
 * messages a redrive could not process. The role may read the stream (and list its shards: a new
 * shard's parents), put records into the Direct PUT delivery streams, read and write its state
 * prefix, write its own log group and send to the on-failure queue: nothing else.
 */
public final class ConsumerFunction extends Construct {
  /**
   * Memory, which also sets the CPU share (1,769 MB = one vCPU). CPU is not the bound: a whole
   * invocation (deaggregate, decode, dedup, aggregate, encode the window state) costs ~2.5 µs per
   * event on one core ({@code ConsumerBatchBenchmark}: ~25 ms per 10,000 events, preliminary), so a
   * shard at its full write capacity (1 MB/s, ~4,000 events/s) needs ~2 % of the 0.58 vCPU this
   * size gets, and a full 6 MB batch (~24,000 events) ~100 ms. The size is for heap: a 6 MB batch
   * (12 MB as Java strings), the window state the consumer carries (its state budget) and the
   * detectors' forests, with room to spare, and for a faster init.
   */
  static final int MEMORY_MB = 1024;

  /**
   * Longer than a batch can take: the batching window is spent before the invocation, the CPU work
   * is milliseconds (above), and the Firehose emits are bounded by the consumer's own retry time
   * budget (ConsumerConfig's emit time limit, 20 s by default), so a timeout means a hung
   * dependency and Lambda retries the batch.
   */
  static final Duration TIMEOUT = Duration.seconds(60);

  private final Function function;
  private final Alias alias;
  private final Queue failures;
  private final Queue failuresDeadLetter;

  public ConsumerFunction(
      Construct scope,
      String id,
      ConsumerSpec spec,
      IKey key,
      IStream stream,
      IBucket stateBucket,
      List<String> deliveryStreamArns) {
    super(scope, id);
    if (!Files.isRegularFile(spec.jar())) {
      throw new SettingsException(
          StackSettings.CONSUMER_JAR,
          "no consumer jar at "
              + spec.jar().toAbsolutePath()
              + " (build it: mvn -B -pl consumer-lambda -am package -DskipTests)");
    }
    String statePrefix = spec.statePrefix();
    failuresDeadLetter = queue("FailuresDeadLetter", spec.failureQueueName() + "-dlq", key, null);
    failures =
        queue(
            "Failures",
            spec.failureQueueName(),
            key,
            DeadLetterQueue.builder().queue(failuresDeadLetter).maxReceiveCount(5).build());

    LogGroup logs =
        LogGroup.Builder.create(this, "Logs")
            .logGroupName("/aws/lambda/" + spec.functionName())
            .retention(RetentionDays.ONE_MONTH)
            .encryptionKey(key)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    Role role =
        Role.Builder.create(this, "Role")
            .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
            .description("shardwise consumer: stream in, delivery streams and state out")
            .build();
    List<PolicyStatement> statements = new java.util.ArrayList<>();
    statements.add(
        PolicyStatement.Builder.create()
            .sid("OwnLogs")
            .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
            .resources(List.of(logs.getLogGroupArn()))
            .build());
    statements.add(
        PolicyStatement.Builder.create()
            .sid("Rows")
            .actions(List.of("firehose:PutRecordBatch", "firehose:PutRecord"))
            .resources(deliveryStreamArns)
            .build());
    statements.add(
        PolicyStatement.Builder.create()
            .sid("StateObjects")
            .actions(List.of("s3:GetObject", "s3:PutObject"))
            .resources(List.of(stateBucket.arnForObjects(statePrefix + "*")))
            .build());
    // A new shard's parents (split, merge): the consumer starts it from their state objects; and a
    // shard's hash-key range, to skip KPL aggregates a stale shard map misrouted to it. The event
    // source mapping's own grant includes ListShards too; this one is the consumer's.
    statements.add(
        PolicyStatement.Builder.create()
            .sid("ShardLineage")
            .actions(List.of("kinesis:ListShards"))
            .resources(List.of(stream.getStreamArn()))
            .build());
    // Without ListBucket a missing state object reads as 403, not 404 (a new shard has none yet).
    statements.add(
        PolicyStatement.Builder.create()
            .sid("StateListing")
            .actions(List.of("s3:ListBucket"))
            .resources(List.of(stateBucket.getBucketArn()))
            .conditions(Map.of("StringLike", Map.of("s3:prefix", statePrefix + "*")))
            .build());
    statements.add(
        PolicyStatement.Builder.create()
            .sid("StateKey")
            .actions(List.of("kms:GenerateDataKey", "kms:Decrypt"))
            .resources(List.of(key.getKeyArn()))
            .conditions(
                Map.of(
                    "StringEquals",
                    Map.of(
                        "kms:ViaService",
                        "s3."
                            + software.amazon.awscdk.Aws.REGION
                            + "."
                            + software.amazon.awscdk.Aws.URL_SUFFIX)))
            .build());

    // The on-failure destination: Lambda sends with the function's role, into a KMS-encrypted
    // queue.
    statements.add(
        PolicyStatement.Builder.create()
            .sid("FailureQueue")
            .actions(List.of("sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"))
            .resources(List.of(failures.getQueueArn()))
            .build());
    statements.add(
        PolicyStatement.Builder.create()
            .sid("FailureQueueKey")
            .actions(List.of("kms:GenerateDataKey", "kms:Decrypt"))
            .resources(List.of(key.getKeyArn()))
            .conditions(
                Map.of(
                    "StringEquals",
                    Map.of(
                        "kms:ViaService",
                        "sqs."
                            + software.amazon.awscdk.Aws.REGION
                            + "."
                            + software.amazon.awscdk.Aws.URL_SUFFIX)))
            .build());
    Policy policy =
        Policy.Builder.create(this, "Policy").roles(List.of(role)).statements(statements).build();
    Nag.allowObjectWildcards(
        policy,
        stateBucket,
        List.of(statePrefix + "*"),
        "One state object per shard, named by the consumer (<prefix><stream>/<shard>): the role"
            + " reads and writes only below its state prefix");

    function =
        Function.Builder.create(this, "Function")
            .functionName(spec.functionName())
            .description("shardwise consumer: validate, window, detect; rows to Firehose")
            .runtime(Runtime.JAVA_25)
            .architecture(Architecture.ARM_64)
            .handler(spec.handler())
            .code(Code.fromAsset(spec.jar().toString()))
            .memorySize(MEMORY_MB)
            .timeout(TIMEOUT)
            .environment(environment(spec, stateBucket))
            .role(role)
            .logGroup(logs)
            .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
            .build();
    alias =
        Alias.Builder.create(this, "Live")
            .aliasName("live")
            .version(function.getCurrentVersion())
            .build();
    function.getNode().addDependency(policy);
    alias.addEventSource(
        new KinesisEventSource(stream, spec.mapping().apply(new QueueDestination(failures))));
  }

  private static Map<String, String> environment(ConsumerSpec spec, IBucket stateBucket) {
    Map<String, String> env = new java.util.TreeMap<>(spec.environment());
    env.put(spec.stateBucketVariable(), stateBucket.getBucketName());
    return env;
  }

  private Queue queue(String id, String name, IKey key, DeadLetterQueue dlq) {
    Queue.Builder b =
        Queue.Builder.create(this, id)
            .queueName(name)
            .encryption(QueueEncryption.KMS)
            .encryptionMasterKey(key)
            .enforceSsl(true)
            .retentionPeriod(Duration.days(14));
    if (dlq != null) {
      b.deadLetterQueue(dlq);
    }
    return b.build();
  }

  public Function function() {
    return function;
  }

  public Alias alias() {
    return alias;
  }

  public Queue failures() {
    return failures;
  }

  public Queue failuresDeadLetter() {
    return failuresDeadLetter;
  }
}
