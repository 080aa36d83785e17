package dev.shardwise.local.firehose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.consumer.definitions.AlarmSpecification;
import dev.shardwise.consumer.definitions.MetricAlarmSpec;
import dev.shardwise.firehose.DeliveryStreamDefinition;
import dev.shardwise.firehose.DeliveryStreamDefinitions;
import dev.shardwise.local.alarms.AlarmCoverage;
import dev.shardwise.local.metrics.MetricStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The freshness alarms against the Firehose definitions and the metrics the local Firehose emits.
 */
class FirehoseAlarmsTest {
  private final AlarmSpecification spec = AlarmSpecification.load();

  private List<MetricAlarmSpec> freshnessAlarms() {
    return spec.metricAlarms().stream()
        .filter(
            a ->
                !a.isMetricMath()
                    && a.metric().metricName().equals(FirehoseMetrics.DELIVERY_FRESHNESS))
        .toList();
  }

  @Test
  void everyDeliveryStream_hasAFreshnessAlarmAtItsBufferIntervalPlusFiveMinutes() {
    Map<String, Duration> intervals =
        DeliveryStreamDefinitions.loadAll(FirehoseFixture.LOCAL).stream()
            .collect(
                Collectors.toMap(
                    DeliveryStreamDefinition::deliveryStreamName,
                    d -> d.extendedS3DestinationConfiguration().interval()));
    Map<String, Double> thresholds =
        freshnessAlarms().stream()
            .collect(
                Collectors.toMap(
                    a -> a.metric().dimensions().get("DeliveryStreamName"),
                    MetricAlarmSpec::threshold));

    assertThat(thresholds.keySet()).containsExactlyInAnyOrderElementsOf(intervals.keySet());
    intervals.forEach(
        (stream, interval) ->
            assertThat(thresholds.get(stream)).as(stream).isEqualTo(interval.toSeconds() + 300.0));
  }

  @Test
  void freshnessAlarm_watchesTheMetricTheLocalFirehoseEmits(@TempDir Path dir) throws Exception {
    FirehoseFixture f = new FirehoseFixture(dir);
    MetricStore store =
        MetricStore.inMemory(
            Clock.fixed(f.clock.instant(), ZoneOffset.UTC), MetricStore.Config.defaults());
    f.service.close(); // the fixture's service reports elsewhere; this one reports to the store
    f.service =
        FirehoseService.builder()
            .dataDir(dir.resolve("second"))
            .store(f.store)
            .clock(f.clock)
            .random(new java.util.SplittableRandom(7))
            .schemas(f.schemas)
            .metrics(FirehoseMetrics.to(store))
            .build();
    String rejects = "shardwise-rejects";
    f.createShipped(rejects);
    f.put(rejects, List.of(FirehoseServiceTest.reject("2026-11-21", 1)));
    f.clock.advance(Duration.ofSeconds(90));
    f.service.tick();

    assertThat(
            AlarmCoverage.gaps(
                spec,
                store.keys(),
                s ->
                    s.namespace().equals(FirehoseMetrics.NAMESPACE)
                        && rejects.equals(s.dimensions().get("DeliveryStreamName"))))
        .isEmpty();
    assertThat(store.keys()).anyMatch(k -> k.name().equals(FirehoseMetrics.DELIVERY_FRESHNESS));
    f.service.close();
  }
}
