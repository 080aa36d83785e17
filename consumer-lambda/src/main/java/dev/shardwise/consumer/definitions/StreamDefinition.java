package dev.shardwise.consumer.definitions;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * The Kinesis stream, in the shape of {@code CreateStream} plus {@code RetentionPeriodHours}
 * (applied with {@code IncreaseStreamRetentionPeriod}). Read by {@code infra} and {@code local}
 * from {@code dev/shardwise/consumer/definitions/stream.json}.
 */
public record StreamDefinition(
    @JsonProperty(value = "StreamName", required = true) String streamName,
    @JsonProperty(value = "ShardCount", required = true) int shardCount,
    @JsonProperty(value = "StreamModeDetails", required = true) StreamModeDetails streamModeDetails,
    @JsonProperty(value = "RetentionPeriodHours", required = true) int retentionPeriodHours) {

  /** {@code {"StreamMode": "PROVISIONED"}}. */
  public record StreamModeDetails(
      @JsonProperty(value = "StreamMode", required = true) String streamMode) {}

  public String streamMode() {
    return streamModeDetails.streamMode();
  }

  public Duration retention() {
    return Duration.ofHours(retentionPeriodHours);
  }
}
