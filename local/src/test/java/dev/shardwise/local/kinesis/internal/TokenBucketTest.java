package dev.shardwise.local.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
  @Test
  void startsFull_refusesWhenEmpty_refillsWithTime() {
    TokenBucket b = new TokenBucket(1000, 1000, 0);

    assertThat(b.tryTake(0, 1000)).isTrue();
    assertThat(b.tryTake(0, 1)).isFalse();
    assertThat(b.tryTake(1, 1)).isTrue(); // 1 ms at 1000/s refills one token
    assertThat(b.tryTake(500, 500)).isFalse(); // 499 tokens so far
    assertThat(b.tryTake(501, 500)).isTrue();
  }

  @Test
  void neverHoldsMoreThanItsCapacity() {
    TokenBucket b = new TokenBucket(10, 5, 0);

    assertThat(b.available(10_000)).isEqualTo(5.0);
  }

  @Test
  void debt_blocksUntilRepaid() {
    TokenBucket b = new TokenBucket(2, 2, 0);

    b.takeDebt(0, 10);

    assertThat(b.available(0)).isEqualTo(-8.0);
    assertThat(b.available(4000)).isEqualTo(0.0);
    assertThat(b.available(4500)).isPositive();
  }

  @Test
  void refusedTake_takesNothing() {
    TokenBucket b = new TokenBucket(1, 3, 0);

    assertThat(b.tryTake(0, 4)).isFalse();
    assertThat(b.available(0)).isEqualTo(3.0);
  }
}
