package dev.shardwise.consumer.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy =
      new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10));

  @Test
  void delays_areFullJitter_underADoublingCappedCeiling() {
    SplittableRandom random = new SplittableRandom(1);
    long[] max = new long[8];
    for (int i = 0; i < 5_000; i++) {
      for (int retry = 1; retry <= 7; retry++) {
        long d = policy.delayBefore(retry, random).toMillis();
        assertThat(d).isGreaterThanOrEqualTo(0);
        max[retry] = Math.max(max[retry], d);
      }
    }
    assertThat(max[1]).isBetween(90L, 100L);
    assertThat(max[2]).isBetween(180L, 200L);
    assertThat(max[3]).isBetween(360L, 400L);
    assertThat(max[4]).isBetween(720L, 800L);
    assertThat(max[5]).isBetween(900L, 1000L);
    assertThat(max[7]).isBetween(900L, 1000L);
  }

  @Test
  void policy_rejectsInconsistentSettings() {
    assertThatThrownBy(
            () -> new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO))
        .hasMessageContaining("max delay");
    assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, Duration.ofSeconds(1), Duration.ZERO))
        .hasMessageContaining("base delay");
  }

  @Test
  void veryLateRetries_doNotOverflow() {
    assertThat(policy.delayBefore(10_000, new SplittableRandom(3)))
        .isLessThanOrEqualTo(Duration.ofSeconds(1));
  }
}
