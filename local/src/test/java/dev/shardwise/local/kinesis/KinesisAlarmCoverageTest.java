package dev.shardwise.local.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.consumer.definitions.AlarmSpecification;
import dev.shardwise.local.alarms.AlarmCoverage;
import dev.shardwise.local.metrics.MetricStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every alarm on an {@code AWS/Kinesis} metric watches a metric the local Kinesis actually
 * publishes, with the same dimensions: the stream the specification names, driven through its real
 * operations.
 */
class KinesisAlarmCoverageTest {
  @TempDir Path dir;

  @Test
  void everyKinesisAlarm_watchesAnEmittedMetric() throws Exception {
    AlarmSpecification spec = AlarmSpecification.load();
    String stream = spec.variables().get("StreamName");
    FakeClock clock = new FakeClock();
    MetricStore store =
        MetricStore.inMemory(
            Clock.fixed(clock.instant(), ZoneOffset.UTC), MetricStore.Config.defaults());
    try (ServiceHarness h = new ServiceHarness(KinesisConfig.defaults(), dir, clock, store)) {
      h.create(stream, 2);
      h.putRecords(stream, 10, 100, "device-");
      h.getRecords(h.iterator(stream, "shardId-000000000000", "TRIM_HORIZON"));
    }

    assertThat(spec.metricAlarms().stream().flatMap(a -> a.metricStats().stream()))
        .anyMatch(s -> s.namespace().equals("AWS/Kinesis"));
    assertThat(AlarmCoverage.gaps(spec, store.keys(), s -> s.namespace().equals("AWS/Kinesis")))
        .isEmpty();
  }
}
