package dev.shardwise.local.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.consumer.definitions.Statistic;
import dev.shardwise.local.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricStoreTest {
  static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  static final MetricKey AGE =
      MetricKey.of("AWS/Lambda", "IteratorAge", Map.of("FunctionName", "f"));

  private final MutableClock clock = new MutableClock(T0.plus(Duration.ofMinutes(10)));

  @Test
  void datapoints_landInTheMinuteOfTheirOwnTimestamp() {
    MetricStore store = MetricStore.inMemory(clock, MetricStore.Config.defaults());
    store.put(MetricDatum.of(AGE, T0.plusSeconds(59), "Milliseconds", 5));
    store.put(MetricDatum.of(AGE, T0.plusSeconds(60), "Milliseconds", 7));

    assertThat(store.value(AGE, Statistic.SUM, T0, T0.plusSeconds(60))).hasValue(5);
    assertThat(store.value(AGE, Statistic.SUM, T0, T0.plusSeconds(120))).hasValue(12);
    assertThat(store.value(AGE, Statistic.SAMPLE_COUNT, T0, T0.plusSeconds(120))).hasValue(2);
    assertThat(store.value(AGE, Statistic.SUM, T0.plusSeconds(120), T0.plusSeconds(180))).isEmpty();
  }

  @Test
  void dimensionsArePartOfTheIdentity() {
    MetricStore store = MetricStore.inMemory(clock, MetricStore.Config.defaults());
    store.put(MetricDatum.of(AGE, T0, "Milliseconds", 5));

    MetricKey withoutDimension = MetricKey.of("AWS/Lambda", "IteratorAge");
    assertThat(store.value(withoutDimension, Statistic.MAXIMUM, T0, T0.plusSeconds(60))).isEmpty();
    assertThat(store.keys("AWS/Lambda", "IteratorAge")).containsExactly(AGE);
  }

  @Test
  void percentiles_areNearestRank_andAbsentForNegativeValues() {
    Aggregate a = new Aggregate();
    for (int i = 1; i <= 100; i++) {
      a.add(i);
    }
    assertThat(a.value(Statistic.parse("p99"))).hasValue(99);
    assertThat(a.value(Statistic.parse("p99.5"))).hasValue(100);
    assertThat(a.value(Statistic.parse("p50"))).hasValue(50);
    Aggregate small = new Aggregate();
    for (double v : new double[] {4, 1, 3, 2}) {
      small.add(v);
    }
    assertThat(small.value(Statistic.parse("p50"))).hasValue(2);
    assertThat(small.value(Statistic.parse("p99"))).hasValue(4);
    small.add(-1);
    assertThat(small.value(Statistic.parse("p50"))).isEmpty();
    assertThat(small.value(Statistic.MINIMUM)).hasValue(-1);
  }

  @Test
  void manyDistinctValues_coarsenPercentilesButKeepCountsExact() {
    Aggregate a = new Aggregate();
    double sum = 0;
    for (int i = 0; i < 100_000; i++) {
      double v = 1 + i * 0.01237;
      a.add(v);
      sum += v;
    }
    assertThat(a.exact()).isFalse();
    assertThat(a.distribution().size()).isLessThanOrEqualTo(Aggregate.MAX_DISTINCT);
    assertThat(a.value(Statistic.SAMPLE_COUNT)).hasValue(100_000);
    assertThat(a.value(Statistic.SUM).getAsDouble())
        .isCloseTo(sum, org.assertj.core.data.Percentage.withPercentage(1e-9));
    double p99 = 1 + (99_000 - 1) * 0.01237;
    assertThat(a.value(Statistic.parse("p99")).getAsDouble())
        .isCloseTo(p99, org.assertj.core.data.Percentage.withPercentage(0.5));
  }

  @Test
  void retentionAndSkew_boundWhatIsKept() {
    MetricStore store =
        MetricStore.inMemory(
            clock, new MetricStore.Config(Duration.ofMinutes(5), 2, Duration.ofMinutes(1)));
    store.put(MetricDatum.of(AGE, T0, "Milliseconds", 1)); // 10 min old: refused
    store.put(
        MetricDatum.of(
            AGE, clock.instant().plus(Duration.ofMinutes(2)), "Milliseconds", 1)); // ahead
    store.put(MetricDatum.of(AGE, clock.instant(), "Milliseconds", Double.NaN));
    store.put(MetricDatum.of(AGE, clock.instant(), "Milliseconds", 1));
    store.put(MetricDatum.of(MetricKey.of("N", "a"), clock.instant(), "Count", 1));
    store.put(MetricDatum.of(MetricKey.of("N", "b"), clock.instant(), "Count", 1)); // third metric

    assertThat(store.refusedDatapoints()).isEqualTo(4);
    assertThat(store.keys()).hasSize(2);

    clock.advance(Duration.ofMinutes(7));
    store.put(MetricDatum.of(AGE, clock.instant(), "Milliseconds", 2));
    assertThat(store.value(AGE, Statistic.SAMPLE_COUNT, T0, clock.instant().plusSeconds(60)))
        .hasValue(1);
  }

  @Test
  void flushedRun_readsBackWithTheSameStatistics(@TempDir Path dir) {
    try (MetricStore store = MetricStore.open(dir, clock, MetricStore.Config.defaults())) {
      store.put(new MetricDatum(AGE, T0, "Milliseconds", new double[] {1, 2, 3}));
      store.flush();
      store.put(MetricDatum.of(AGE, T0.plusSeconds(30), "Milliseconds", 10)); // same minute, later
    }

    MetricStore back = MetricStore.open(dir, clock, MetricStore.Config.defaults());
    assertThat(back.value(AGE, Statistic.SUM, T0, T0.plusSeconds(60))).hasValue(16);
    assertThat(back.value(AGE, Statistic.MAXIMUM, T0, T0.plusSeconds(60))).hasValue(10);
    assertThat(back.value(AGE, Statistic.parse("p50"), T0, T0.plusSeconds(60))).hasValue(2);
    assertThat(back.unit(AGE)).hasValue("Milliseconds");
  }
}
