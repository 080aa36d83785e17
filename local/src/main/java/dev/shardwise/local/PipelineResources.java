package dev.shardwise.local;

import dev.shardwise.consumer.ConsumerConfig;
import dev.shardwise.consumer.ConsumerHandler;
import dev.shardwise.consumer.definitions.Definitions;
import dev.shardwise.consumer.definitions.EventSourceMappingDefinition;
import dev.shardwise.consumer.definitions.StreamDefinition;
import dev.shardwise.firehose.DeliveryStreamDefinition;
import dev.shardwise.firehose.DeliveryStreamDefinitions;
import dev.shardwise.local.esm.EventSourceMapping;
import dev.shardwise.local.esm.EventSourceMappingConfig;
import dev.shardwise.local.esm.LocalFunction;
import dev.shardwise.local.esm.MappingSettings;
import dev.shardwise.local.firehose.FirehoseService;
import dev.shardwise.local.server.AwsServiceException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/**
 * Every resource of the pipeline on a {@link LocalRuntime}, created from the shared definitions the
 * way {@code infra} deploys them: the Kinesis stream ({@code stream.json}, shard count
 * overridable), the archive and state buckets, the four delivery streams ({@code firehose-config}),
 * the consumer's on-failure queue and its dead-letter queue, and the consumer ({@link
 * ConsumerHandler}) attached behind the shared event source mapping with its environment.
 *
 * <p>The stream, buckets and queues are created through the real SDK clients, as a user would; the
 * delivery streams through {@link FirehoseService#create} (the definition is already the
 * CreateDeliveryStream shape the API path parses). Creating is idempotent: on a runtime restarted
 * on the same data directory it finds what exists, creates the delivery streams again (which
 * replays their spill files) and attaches the consumer, which resumes from its checkpoints.
 *
 * <p>Order matters: the stream before the delivery stream that reads it (a Kinesis source starts at
 * {@code LATEST} for shards open at its creation), and both before any record is produced.
 */
public final class PipelineResources {
  /** The consumer's state bucket ({@code ConsumerConfig}'s default, as infra names it locally). */
  public static final String STATE_BUCKET = "shardwise-state";

  /** Memory and timeout of the deployed consumer function (infra's {@code ConsumerFunction}). */
  public static final int CONSUMER_MEMORY_MB = 1024;

  public static final Duration CONSUMER_TIMEOUT = Duration.ofSeconds(60);

  private final LocalRuntime runtime;
  private final StreamDefinition stream;
  private final int shardCount;
  private final EventSourceMappingDefinition mappingDefinition;
  private final MappingSettings mappingSettings;
  private final Map<String, String> environment;
  private EventSourceMapping mapping;
  private final List<String> deliveryStreams = new ArrayList<>();

  private PipelineResources(Builder b) {
    this.runtime = b.runtime;
    this.stream = Definitions.stream();
    this.shardCount = b.shardCount > 0 ? b.shardCount : stream.shardCount();
    this.mappingDefinition = Definitions.eventSourceMapping();
    this.mappingSettings = b.mappingSettings.apply(MappingSettings.from(mappingDefinition));
    Map<String, String> env = new LinkedHashMap<>();
    env.put(ConsumerConfig.ENDPOINT, runtime.endpoint().toString());
    env.put(ConsumerConfig.STATE_BUCKET, STATE_BUCKET);
    env.putAll(b.environment);
    this.environment =
        LocalFunction.withLambdaVariables(
            mappingDefinition.functionName(), CONSUMER_MEMORY_MB, env);
  }

  /** Starts describing the resources to create on {@code runtime}. */
  public static Builder on(LocalRuntime runtime) {
    return new Builder(runtime);
  }

  /** Options of {@link #create}; every one has the shared definitions' value by default. */
  public static final class Builder {
    private final LocalRuntime runtime;
    private int shardCount;
    private UnaryOperator<MappingSettings> mappingSettings = UnaryOperator.identity();
    private Consumer<EventSourceMappingConfig.Builder> mappingCustomizer = b -> {};
    private final Map<String, String> environment = new LinkedHashMap<>();
    private boolean attach = true;

    private Builder(LocalRuntime runtime) {
      this.runtime = Objects.requireNonNull(runtime, "runtime");
    }

    /** The stream's shard count instead of {@code stream.json}'s (1-500). */
    public Builder shards(int n) {
      if (n < 1 || n > 500) {
        throw new IllegalArgumentException("shards must be 1-500, was " + n);
      }
      this.shardCount = n;
      return this;
    }

    /** Changes the mapping settings read from the shared definition (tests: a smaller batch). */
    public Builder mappingSettings(UnaryOperator<MappingSettings> change) {
      this.mappingSettings = Objects.requireNonNull(change, "change");
      return this;
    }

    /** More of the local mapping's options (fault plan, poll interval, retry delay, clock). */
    public Builder mapping(Consumer<EventSourceMappingConfig.Builder> customizer) {
      this.mappingCustomizer = Objects.requireNonNull(customizer, "customizer");
      return this;
    }

    /** A variable of the consumer's environment ({@code ConsumerConfig} names). */
    public Builder environment(String name, String value) {
      environment.put(name, value);
      return this;
    }

    /** Whether {@link #create} attaches the consumer (default yes); else {@link #attach()}. */
    public Builder attachConsumer(boolean on) {
      this.attach = on;
      return this;
    }

    /** Creates what is missing and attaches the consumer. */
    public PipelineResources create() {
      PipelineResources r = new PipelineResources(this);
      r.createResources();
      if (attach) {
        r.attach(mappingCustomizer);
      }
      return r;
    }
  }

  private void createResources() {
    if (runtime.firehose() == null) {
      throw new IllegalStateException(
          "the pipeline needs the local Firehose; the runtime was started with firehose=off");
    }
    try (KinesisClient kinesis = runtime.sdk(KinesisClient.builder());
        S3Client s3 = runtime.sdk(S3Client.builder().forcePathStyle(true));
        SqsClient sqs = runtime.sdk(SqsClient.builder())) {
      try {
        kinesis.createStream(b -> b.streamName(stream.streamName()).shardCount(shardCount));
      } catch (ResourceInUseException e) {
        // created by an earlier start on this data directory
      }
      kinesis.waiter().waitUntilStreamExists(b -> b.streamName(stream.streamName()));
      for (String bucket : List.of(LocalRuntime.ARCHIVE_BUCKET, STATE_BUCKET)) {
        try {
          s3.createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException e) {
          // already there
        }
      }
      String queue = mappingDefinition.onFailureQueue();
      if (queue != null) {
        // as infra deploys them: 14 days of retention, 5 receives before the dead-letter queue
        Map<QueueAttributeName, String> retention =
            Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, Integer.toString(14 * 24 * 3600));
        String dlqUrl = queue(sqs, queue + "-dlq", retention);
        String dlqArn =
            sqs.getQueueAttributes(
                    b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        queue(
            sqs,
            queue,
            Map.of(
                QueueAttributeName.MESSAGE_RETENTION_PERIOD,
                retention.get(QueueAttributeName.MESSAGE_RETENTION_PERIOD),
                QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"5\"}"));
      }
    }
    Map<String, String> values =
        DeliveryStreamDefinitions.localValues(
            "us-east-1", "000000000000", LocalRuntime.ARCHIVE_BUCKET, stream.streamName());
    FirehoseService firehose = runtime.firehose();
    for (DeliveryStreamDefinition d : DeliveryStreamDefinitions.loadAll(values)) {
      if (!firehose.names().contains(d.deliveryStreamName())) {
        try {
          firehose.create(d);
        } catch (AwsServiceException e) {
          throw new IllegalStateException(
              "creating delivery stream " + d.deliveryStreamName() + " failed: " + e.getMessage(),
              e);
        }
      }
      deliveryStreams.add(d.deliveryStreamName());
    }
  }

  /**
   * Attaches the consumer behind the shared mapping; its pollers start at once.
   *
   * @throws IllegalStateException when it is attached already
   */
  public synchronized EventSourceMapping attach(
      Consumer<EventSourceMappingConfig.Builder> customizer) {
    if (mapping != null) {
      throw new IllegalStateException("the consumer is attached already");
    }
    Map<String, String> env = environment;
    java.time.InstantSource clock = runtime.clock();
    LocalFunction fn =
        new LocalFunction(
            mappingDefinition.functionName(),
            () -> new ConsumerHandler(env, clock),
            env,
            CONSUMER_TIMEOUT,
            CONSUMER_MEMORY_MB);
    mapping = runtime.attachFunction(fn, mappingSettings, stream.streamName(), customizer);
    return mapping;
  }

  /** The attached mapping, or {@code null} before {@link #attach}. */
  public synchronized EventSourceMapping mapping() {
    return mapping;
  }

  public LocalRuntime runtime() {
    return runtime;
  }

  public String streamName() {
    return stream.streamName();
  }

  public int shardCount() {
    return shardCount;
  }

  /** The delivery streams, in the order of {@link DeliveryStreamDefinitions#NAMES}. */
  public List<String> deliveryStreams() {
    return List.copyOf(deliveryStreams);
  }

  /**
   * Creates a queue with these attributes, or gives an existing one (a data directory of an earlier
   * release, whose queues kept no attributes) these attributes, as a redeploy would.
   */
  private static String queue(
      SqsClient sqs, String name, Map<QueueAttributeName, String> attributes) {
    try {
      return sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
    } catch (QueueNameExistsException e) {
      String url = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
      sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(attributes));
      return url;
    }
  }

  /** The consumer's on-failure queue ({@code null} when the mapping has none). */
  public String failureQueue() {
    return mappingDefinition.onFailureQueue();
  }

  public MappingSettings mappingSettings() {
    return mappingSettings;
  }

  /** The consumer's environment, Lambda's variables included. */
  public Map<String, String> consumerEnvironment() {
    return environment;
  }

  /**
   * Waits until the consumer has read everything in the stream and closed every window, then until
   * Firehose has read its source to the end and delivered everything buffered to S3.
   *
   * @return whether both finished within {@code timeout}
   */
  public boolean drain(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    EventSourceMapping m = mapping();
    if (m != null && !m.awaitIdle(timeout)) {
      return false;
    }
    if (System.nanoTime() > deadline) {
      return false;
    }
    return runtime.firehose().flushAll();
  }
}
