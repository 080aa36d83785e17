package dev.shardwise.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublisherConfigTest {

  @Test
  void defaults_areTheKinesisLimits() {
    PublisherConfig c = PublisherConfig.builder("s").build();
    assertThat(c.maxBatchRecords()).isEqualTo(500);
    assertThat(c.maxBatchBytes()).isEqualTo(5L * 1024 * 1024);
    assertThat(c.shardRecordsPerSecond()).isEqualTo(1000);
    assertThat(c.shardBytesPerSecond()).isEqualTo(1024 * 1024);
    assertThat(c.aggregation()).isFalse();
    assertThat(c.backpressure()).isEqualTo(Backpressure.BLOCK);
  }

  @Test
  void fromMap_readsEveryKindOfValue() {
    PublisherConfig c =
        PublisherConfig.fromMap(
            Map.of(
                "stream", "shardwise-events",
                "aggregation", "true",
                "linger", "250ms",
                "record-ttl", "PT2M",
                "backpressure", "fail-fast",
                "max-batch-records", "100",
                "shard-bytes-per-second", "0"));
    assertThat(c.streamName()).isEqualTo("shardwise-events");
    assertThat(c.aggregation()).isTrue();
    assertThat(c.linger()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.recordTtl()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.backpressure()).isEqualTo(Backpressure.FAIL_FAST);
    assertThat(c.maxBatchRecords()).isEqualTo(100);
    assertThat(c.shardBytesPerSecond()).isZero();
  }

  @Test
  void invalidValues_failNamingTheKey() {
    assertThatThrownBy(() -> PublisherConfig.fromMap(Map.of("stream", "s", "linger", "soon")))
        .hasMessageStartingWith("linger:");
    assertThatThrownBy(
            () -> PublisherConfig.fromMap(Map.of("stream", "s", "max-batch-records", "501")))
        .hasMessageStartingWith("max-batch-records: must be 1-500");
    assertThatThrownBy(() -> PublisherConfig.fromMap(Map.of("stream", "s", "lingr", "1s")))
        .hasMessageStartingWith("lingr: is not a publisher setting");
    assertThatThrownBy(() -> PublisherConfig.fromMap(Map.of("linger", "1s")))
        .hasMessageStartingWith("stream: is required");
    assertThatThrownBy(() -> PublisherConfig.builder("bad name!").build())
        .hasMessageStartingWith("stream: must be");
    assertThatThrownBy(
            () ->
                PublisherConfig.builder("s")
                    .backoffBase(Duration.ofSeconds(2))
                    .backoffMax(Duration.ofSeconds(1))
                    .build())
        .hasMessageStartingWith("backoff-max:");
    assertThatThrownBy(() -> PublisherConfig.builder("s").recordTtl(Duration.ZERO).build())
        .hasMessageStartingWith("record-ttl: must be > 0");
  }

  @Test
  void with_changesOneSetting_andChecksAgain() {
    PublisherConfig c = PublisherConfig.builder("s").build();
    assertThat(c.with(b -> b.aggregation(true)).aggregation()).isTrue();
    assertThatThrownBy(() -> c.with(b -> b.maxRequestsInFlight(0)))
        .hasMessageStartingWith("max-requests-in-flight:");
  }

  @Test
  void durations_parseHumanAndIsoForms() {
    assertThat(Durations.parse("d", "1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse("d", "2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse("d", "1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("d", "PT0.1S")).isEqualTo(Duration.ofMillis(100));
    assertThatThrownBy(() -> Durations.parse("--duration", "10")).hasMessageContaining("no unit");
    assertThatThrownBy(() -> Durations.parse("--duration", "-1s"))
        .hasMessageStartingWith("--duration:");
  }
}
