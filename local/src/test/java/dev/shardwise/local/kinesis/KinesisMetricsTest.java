package dev.shardwise.local.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shardwise.consumer.definitions.Statistic;
import dev.shardwise.local.metrics.MetricKey;
import dev.shardwise.local.metrics.MetricStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AWS/Kinesis stream metrics the local endpoint publishes, as the alarms read them. */
class KinesisMetricsTest {
  @TempDir Path dir;

  static MetricKey key(String name) {
    return MetricKey.of("AWS/Kinesis", name, Map.of("StreamName", "s"));
  }

  @Test
  void puts_countIncomingAndThrottledRecords_getsReportTheIteratorAge() throws Exception {
    FakeClock clock = new FakeClock();
    Instant start = clock.instant();
    MetricStore store =
        MetricStore.inMemory(Clock.fixed(start, ZoneOffset.UTC), MetricStore.Config.defaults());
    try (ServiceHarness h = new ServiceHarness(KinesisConfig.defaults(), dir, clock, store)) {
      h.create("s", 1);
      h.putRecords("s", 500, 10, "k");
      h.putRecords("s", 500, 10, "k");
      h.putRecords("s", 10, 10, "k"); // over 1000 records/s: all 10 throttled
      assertThatThrownBy(() -> h.putRecord("s", "k", new byte[20]))
          .hasMessageContaining("Rate exceeded");

      clock.advance(Duration.ofSeconds(7));
      String it = h.iterator("s", "shardId-000000000000", "TRIM_HORIZON");
      h.getRecords(it);
    }

    Instant from = start.minusSeconds(60);
    Instant to = start.plusSeconds(120);
    assertThat(store.value(key("IncomingRecords"), Statistic.SUM, from, to)).hasValue(1000);
    assertThat(store.value(key("IncomingBytes"), Statistic.SUM, from, to))
        .hasValue(1000 * 10 + 2 * (10 * 2 + 90 * 3 + 400 * 4)); // data + keys k0..k499
    assertThat(store.value(key("WriteProvisionedThroughputExceeded"), Statistic.SUM, from, to))
        .hasValue(11);
    assertThat(store.value(key("GetRecords.Records"), Statistic.SUM, from, to)).hasValue(1000);
    assertThat(store.value(key("GetRecords.IteratorAgeMilliseconds"), Statistic.MAXIMUM, from, to))
        .hasValue(7000);
  }
}
