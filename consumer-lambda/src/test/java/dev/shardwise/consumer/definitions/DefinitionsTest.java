package dev.shardwise.consumer.definitions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DefinitionsTest {

  private static ByteArrayInputStream json(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shippedStream_isValid() {
    StreamDefinition s = Definitions.stream();

    assertThat(s.streamName()).isEqualTo("shardwise-events");
    assertThat(s.shardCount()).isPositive();
    assertThat(s.streamMode()).isEqualTo("PROVISIONED");
    assertThat(s.retention()).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void shippedEventSourceMapping_isWhatTheConsumerNeeds() {
    EventSourceMappingDefinition e = Definitions.eventSourceMapping();

    assertThat(e.functionName()).isEqualTo("shardwise-consumer");
    assertThat(e.tumblingWindow()).isEqualTo(Duration.ofSeconds(60));
    assertThat(e.reportsBatchItemFailures()).isTrue();
    assertThat(e.bisectBatchOnFunctionError()).isTrue();
    assertThat(e.parallelizationFactor()).isEqualTo(1);
    assertThat(e.maximumRetryAttempts()).isBetween(0, 10_000);
    assertThat(e.maximumRecordAge()).isLessThanOrEqualTo(Definitions.stream().retention());
    assertThat(e.onFailureQueue()).isEqualTo("shardwise-consumer-failures");
    assertThat(e.onFailureArn("aws", "eu-west-1", "123456789012"))
        .isEqualTo("arn:aws:sqs:eu-west-1:123456789012:shardwise-consumer-failures");
  }

  @Test
  void aMappingWithoutBatchItemFailures_isRejected_namingTheFileAndField() {
    String bad =
        """
        {"FunctionName": "f", "BatchSize": 100, "MaximumBatchingWindowInSeconds": 1,
         "ParallelizationFactor": 2, "StartingPosition": "TRIM_HORIZON",
         "TumblingWindowInSeconds": 60, "FunctionResponseTypes": [],
         "BisectBatchOnFunctionError": true, "MaximumRetryAttempts": -1,
         "MaximumRecordAgeInSeconds": 3600,
         "DestinationConfig": {"OnFailure": {"Destination": "q"}}}
        """;

    assertThatThrownBy(() -> Definitions.parseEventSourceMapping(json(bad), "esm.json"))
        .isInstanceOf(DefinitionException.class)
        .hasMessageStartingWith("esm.json: ")
        .hasMessageContaining(
            "FunctionResponseTypes must be a list holding ReportBatchItemFailures")
        .hasMessageContaining("ParallelizationFactor must be 1")
        .hasMessageContaining("MaximumRetryAttempts must be 0..10000");
  }

  @Test
  void aMissingOrMisspelledField_isRejected() {
    String misspelled =
        """
        {"StreamName": "s", "ShardCount": 1, "StreamModeDetails": {"StreamMode": "PROVISIONED"},
         "RetentionPeriodHour": 24}
        """;

    assertThatThrownBy(() -> Definitions.parseStream(json(misspelled), "stream.json"))
        .isInstanceOf(DefinitionException.class)
        .hasMessageStartingWith("stream.json: ")
        .hasMessageContaining("RetentionPeriodHour");
  }

  @Test
  void malformedJson_isRejectedWithoutAStackTraceInTheMessage() {
    assertThatThrownBy(() -> Definitions.parseStream(json("{\"StreamName\": "), "stream.json"))
        .isInstanceOf(DefinitionException.class)
        .hasMessageStartingWith("stream.json: ")
        .hasMessageNotContaining("\tat ");
  }
}
