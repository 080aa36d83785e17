package dev.shardwise.local.alarms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.consumer.definitions.AlarmSpecification;
import dev.shardwise.local.metrics.MetricKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlarmCoverageTest {
  private final AlarmSpecification spec = AlarmSpecification.load();

  @Test
  void metricEmittedWithOtherDimensions_isAGap_andNamesWhatIsEmitted() {
    List<MetricKey> emitted =
        List.of(
            MetricKey.of("AWS/Lambda", "Errors"), // without FunctionName
            MetricKey.of("Shardwise", "BatchFailures", Map.of("ShardId", "shardId-000000000000")));

    List<AlarmCoverage.Gap> gaps =
        AlarmCoverage.gaps(
            spec,
            emitted,
            s -> s.metricName().equals("Errors") || s.metricName().equals("BatchFailures"));

    assertThat(gaps)
        .extracting(AlarmCoverage.Gap::toString)
        .containsExactly(
            "shardwise-consumer-errors watches AWS/Lambda Errors {FunctionName=shardwise-consumer}, but only"
                + " these are emitted: [AWS/Lambda Errors {}]",
            "shardwise-consumer-errors watches Shardwise BatchFailures {}, but only these are emitted:"
                + " [Shardwise BatchFailures {ShardId=shardId-000000000000}]");
  }

  @Test
  void exactMatch_isNoGap() {
    List<MetricKey> emitted =
        List.of(
            MetricKey.of("AWS/Lambda", "Errors", Map.of("FunctionName", "shardwise-consumer")),
            MetricKey.of("Shardwise", "BatchFailures"));
    assertThat(
            AlarmCoverage.gaps(
                spec,
                emitted,
                s -> s.metricName().equals("Errors") || s.metricName().equals("BatchFailures")))
        .isEmpty();
  }
}
