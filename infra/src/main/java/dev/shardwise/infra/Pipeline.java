package dev.shardwise.infra;

import dev.shardwise.consumer.ConfigException;
import dev.shardwise.consumer.ConsumerConfig;
import dev.shardwise.consumer.ConsumerHandler;
import dev.shardwise.consumer.definitions.AlarmSpecification;
import dev.shardwise.consumer.definitions.Definitions;
import dev.shardwise.consumer.definitions.EventSourceMappingDefinition;
import dev.shardwise.consumer.definitions.StreamDefinition;
import dev.shardwise.firehose.DeliveryStreamDefinition;
import dev.shardwise.firehose.DeliveryStreamDefinitions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.eventsources.KinesisEventSourceProps;

/**
 * Resolves what the stack deploys from the shared definitions and the deployment's settings: the
 * stream from {@code stream.json} (context overrides mode, shards and retention), the consumer from
 * {@code event-source-mapping.json}, {@link ConsumerConfig}'s variables and the handler class.
 */
final class Pipeline {
  /**
   * Which consumer output goes to which delivery stream: {@link ConsumerConfig}'s variable to the
   * table whose archive prefix the delivery stream writes ({@code page_views/...}).
   */
  static final Map<String, String> OUTPUT_TABLES =
      Map.of(
          ConsumerConfig.PAGE_VIEWS_STREAM, "page_views",
          ConsumerConfig.ANOMALIES_STREAM, "anomalies",
          ConsumerConfig.REJECTS_STREAM, "rejects");

  /**
   * A stand-in for the state bucket's name when the environment is checked at synth (the real one
   * is generated at deploy time).
   */
  private static final String SYNTH_STATE_BUCKET = "synth-check-state-bucket";

  private static final String SYNTH_REGION = "us-east-1";

  private Pipeline() {}

  /** The stream definition with the context's overrides. */
  static StreamSpec streamSpec(StackSettings settings) {
    StreamDefinition d = Definitions.stream();
    return StreamSpec.resolve(
        d.streamName(),
        StackSettings.StreamMode.valueOf(d.streamMode()),
        d.shardCount(),
        d.retentionPeriodHours(),
        settings);
  }

  /**
   * The consumer as its module defines it: function name and mapping from {@code
   * event-source-mapping.json}, the handler class, the jar from the settings, and its environment:
   * each output variable names the Direct PUT delivery stream that archives that table, the state
   * prefix and metrics namespace are {@link ConsumerConfig}'s defaults made explicit (the stack's
   * IAM policy and alarms use the same values). The environment is checked with {@link
   * ConsumerConfig#fromEnvironment} at synth, so a value the consumer would refuse at init fails
   * here.
   */
  static ConsumerSpec consumerSpec(StackSettings settings) {
    EventSourceMappingDefinition esm = Definitions.eventSourceMapping();
    Map<String, String> env = new LinkedHashMap<>();
    OUTPUT_TABLES.forEach((variable, table) -> env.put(variable, deliveryStreamOf(table)));
    ConsumerConfig defaults = check(env);
    env.put(ConsumerConfig.STATE_PREFIX, defaults.statePrefix());
    env.put(ConsumerConfig.METRICS_NAMESPACE, defaults.metricsNamespace());
    return new ConsumerSpec(
        esm.functionName(),
        ConsumerHandler.class.getName(),
        settings.consumerJar(),
        env,
        ConsumerConfig.STATE_BUCKET,
        defaults.statePrefix(),
        esm.onFailureQueue(),
        dlq -> mapping(esm, dlq));
  }

  /**
   * The alarm specification with its variables set to what the stack deploys: the stream, the
   * consumer function, its on-failure queue and the namespace the consumer writes its metrics to.
   */
  static AlarmSpecification alarmSpecification(StreamSpec stream, ConsumerSpec consumer) {
    return AlarmSpecification.load(
        Map.of(
            "Namespace", consumer.environment().get(ConsumerConfig.METRICS_NAMESPACE),
            "StreamName", stream.name(),
            "FunctionName", consumer.functionName(),
            "FailureQueueName", consumer.failureQueueName()));
  }

  private static KinesisEventSourceProps mapping(
      EventSourceMappingDefinition esm,
      software.amazon.awscdk.services.lambda.IEventSourceDlq onFailure) {
    return KinesisEventSourceProps.builder()
        .batchSize(esm.batchSize())
        .maxBatchingWindow(Duration.seconds(esm.maximumBatchingWindowInSeconds()))
        .parallelizationFactor(esm.parallelizationFactor())
        .startingPosition(StartingPosition.valueOf(esm.startingPosition()))
        .tumblingWindow(Duration.seconds(esm.tumblingWindowInSeconds()))
        .reportBatchItemFailures(esm.reportsBatchItemFailures())
        .bisectBatchOnError(esm.bisectBatchOnFunctionError())
        .retryAttempts(esm.maximumRetryAttempts())
        .maxRecordAge(Duration.seconds(esm.maximumRecordAgeInSeconds()))
        .onFailure(onFailure)
        .build();
  }

  /** The Direct PUT delivery stream whose archive prefix is {@code table}'s. */
  static String deliveryStreamOf(String table) {
    List<String> found =
        DeliveryStreamDefinitions.NAMES.stream()
            .map(DeliveryStreamDefinitions::loadTemplate)
            .filter(d -> !d.kinesisSource())
            .filter(d -> tableOf(d).equals(table))
            .map(DeliveryStreamDefinition::deliveryStreamName)
            .toList();
    if (found.size() != 1) {
      throw new IllegalStateException(
          "expected one Direct PUT delivery stream archiving " + table + ", found " + found);
    }
    return found.get(0);
  }

  /** The table a delivery stream archives: the first segment of its S3 prefix. */
  static String tableOf(DeliveryStreamDefinition d) {
    String prefix = d.extendedS3DestinationConfiguration().prefix();
    int slash = prefix.indexOf('/');
    return slash < 0 ? prefix : prefix.substring(0, slash);
  }

  private static ConsumerConfig check(Map<String, String> env) {
    Map<String, String> probe = new LinkedHashMap<>(env);
    probe.put(ConsumerConfig.STATE_BUCKET, SYNTH_STATE_BUCKET);
    probe.put(ConsumerConfig.REGION, SYNTH_REGION);
    try {
      return ConsumerConfig.fromEnvironment(probe);
    } catch (ConfigException e) {
      throw new IllegalStateException("the consumer would refuse its environment: " + e, e);
    }
  }
}
