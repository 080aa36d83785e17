package dev.shardwise.consumer.definitions;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;

/**
 * How Lambda feeds the consumer, in the shape of {@code CreateEventSourceMapping} (without {@code
 * EventSourceArn}: the stream is {@link StreamDefinition}). Read by {@code infra} and {@code local}
 * from {@code dev/shardwise/consumer/definitions/event-source-mapping.json}.
 *
 * <p>{@code DestinationConfig.OnFailure.Destination} holds the SQS queue <em>name</em>; {@link
 * #onFailureArn} builds the ARN the API wants.
 */
public record EventSourceMappingDefinition(
    @JsonProperty(value = "FunctionName", required = true) String functionName,
    @JsonProperty(value = "BatchSize", required = true) int batchSize,
    @JsonProperty(value = "MaximumBatchingWindowInSeconds", required = true)
        int maximumBatchingWindowInSeconds,
    @JsonProperty(value = "ParallelizationFactor", required = true) int parallelizationFactor,
    @JsonProperty(value = "StartingPosition", required = true) String startingPosition,
    @JsonProperty(value = "TumblingWindowInSeconds", required = true) int tumblingWindowInSeconds,
    @JsonProperty(value = "FunctionResponseTypes", required = true)
        List<String> functionResponseTypes,
    @JsonProperty(value = "BisectBatchOnFunctionError", required = true)
        boolean bisectBatchOnFunctionError,
    @JsonProperty(value = "MaximumRetryAttempts", required = true) int maximumRetryAttempts,
    @JsonProperty(value = "MaximumRecordAgeInSeconds", required = true)
        int maximumRecordAgeInSeconds,
    @JsonProperty(value = "DestinationConfig", required = true)
        DestinationConfig destinationConfig) {

  /** {@code {"OnFailure": {"Destination": "queue-name"}}}. */
  public record DestinationConfig(
      @JsonProperty(value = "OnFailure", required = true) OnFailure onFailure) {}

  /** The on-failure destination. */
  public record OnFailure(
      @JsonProperty(value = "Destination", required = true) String destination) {}

  public EventSourceMappingDefinition {
    functionResponseTypes =
        functionResponseTypes == null ? List.of() : List.copyOf(functionResponseTypes);
  }

  public Duration tumblingWindow() {
    return Duration.ofSeconds(tumblingWindowInSeconds);
  }

  public Duration maximumBatchingWindow() {
    return Duration.ofSeconds(maximumBatchingWindowInSeconds);
  }

  public Duration maximumRecordAge() {
    return Duration.ofSeconds(maximumRecordAgeInSeconds);
  }

  public boolean reportsBatchItemFailures() {
    return functionResponseTypes.contains("ReportBatchItemFailures");
  }

  /** The on-failure SQS queue's name. */
  public String onFailureQueue() {
    return destinationConfig.onFailure().destination();
  }

  /** The on-failure queue's ARN in an account and region. */
  public String onFailureArn(String partition, String region, String account) {
    return "arn:" + partition + ":sqs:" + region + ":" + account + ":" + onFailureQueue();
  }
}
