package dev.shardwise.producer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff =
      new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), new SplittableRandom(7));

  @Test
  void ceiling_doublesPerFailure_upToTheMaximum() {
    assertThat(backoff.ceilingNanos(1)).isEqualTo(Duration.ofMillis(100).toNanos());
    assertThat(backoff.ceilingNanos(2)).isEqualTo(Duration.ofMillis(200).toNanos());
    assertThat(backoff.ceilingNanos(6)).isEqualTo(Duration.ofMillis(3200).toNanos());
    assertThat(backoff.ceilingNanos(7)).isEqualTo(Duration.ofSeconds(5).toNanos());
    assertThat(backoff.ceilingNanos(1000)).isEqualTo(Duration.ofSeconds(5).toNanos());
  }

  @Test
  void delay_isFullJitter_uniformBetweenZeroAndTheCeiling() {
    long ceiling = backoff.ceilingNanos(3);
    long below = 0;
    int n = 20_000;
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < n; i++) {
      long d = backoff.delayNanos(3);
      assertThat(d).isBetween(0L, ceiling);
      below += d < ceiling / 2 ? 1 : 0;
      min = Math.min(min, d);
      max = Math.max(max, d);
    }
    assertThat((double) below / n).isBetween(0.47, 0.53);
    assertThat(min).isLessThan(ceiling / 50);
    assertThat(max).isGreaterThan(ceiling - ceiling / 50);
  }

  @Test
  void sameSeed_sameDelays() {
    Backoff a = new Backoff(Duration.ofMillis(10), Duration.ofSeconds(1), new SplittableRandom(1));
    Backoff b = new Backoff(Duration.ofMillis(10), Duration.ofSeconds(1), new SplittableRandom(1));
    for (int i = 1; i < 20; i++) {
      assertThat(a.delayNanos(i)).isEqualTo(b.delayNanos(i));
    }
  }
}
