package dev.shardwise.producer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
  @Test
  void empty_reportsZeros() {
    LatencyHistogram h = new LatencyHistogram();

    assertThat(h.count()).isZero();
    assertThat(h.meanMillis()).isZero();
    assertThat(h.maxMillis()).isZero();
    assertThat(h.percentileMillis(0.99)).isZero();
  }

  @Test
  void recordedLatencies_giveCountMeanMaxAndPercentilesWithinABucket() {
    // GIVEN 1..1000 ms, once each
    LatencyHistogram h = new LatencyHistogram();
    for (int ms = 1; ms <= 1000; ms++) {
      h.record(ms * 1_000_000L);
    }

    // THEN
    assertThat(h.count()).isEqualTo(1000);
    assertThat(h.meanMillis()).isCloseTo(500.5, within(1e-9));
    assertThat(h.maxMillis()).isEqualTo(1000.0);
    assertThat(h.percentileMillis(0.5)).isBetween(500.0, 500 * 1.125);
    assertThat(h.percentileMillis(0.99)).isBetween(990.0, 1000.0); // capped by the maximum
  }

  @Test
  void aNegativeLatency_countsAsZero() {
    LatencyHistogram h = new LatencyHistogram();

    h.record(-5_000);

    assertThat(h.count()).isEqualTo(1);
    assertThat(h.maxMillis()).isZero();
    assertThat(h.percentileMillis(1.0)).isZero();
  }

  @Test
  void aReaderOnAnotherThread_neverSeesTheCountGoBack_andSeesTheFinalTotals()
      throws InterruptedException {
    // GIVEN one writer (as the I/O thread) and one reader (as a metrics snapshot)
    LatencyHistogram h = new LatencyHistogram();
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<String> problem = new AtomicReference<>();
    Thread reader =
        new Thread(
            () -> {
              long last = 0;
              while (!done.get()) {
                long n = h.count();
                if (n < last) {
                  problem.set("count went from " + last + " to " + n);
                }
                last = n;
              }
            });
    reader.start();

    // WHEN
    for (int i = 0; i < 200_000; i++) {
      h.record(1_000_000L);
    }
    done.set(true);
    reader.join();

    // THEN
    assertThat(problem.get()).isNull();
    assertThat(h.count()).isEqualTo(200_000);
    assertThat(h.meanMillis()).isEqualTo(1.0);
  }
}
