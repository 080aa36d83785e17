package dev.shardwise.producer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void fullBucket_admitsOneSecondOfRecords_thenRefusesUntilRefilled() {
    TokenBucket bucket = new TokenBucket(1000, 0, 0);
    int admitted = 0;
    while (bucket.tryAcquire(1, 100, 0)) {
      admitted++;
    }
    assertThat(admitted).isEqualTo(1000);
    assertThat(bucket.nanosUntilAvailable(1, 100, 0)).isEqualTo(SECOND / 1000);
    assertThat(bucket.tryAcquire(1, 100, SECOND / 1000 - 1)).isFalse();
    assertThat(bucket.tryAcquire(1, 100, SECOND / 1000)).isTrue();
  }

  @Test
  void bytesBucket_limitsBytesPerSecond_overTenSeconds() {
    TokenBucket bucket = new TokenBucket(0, 1_048_576, 0);
    long sent = 0;
    for (long t = 0; t < 10 * SECOND; t += SECOND / 100) {
      while (bucket.tryAcquire(1, 50_000, t)) {
        sent += 50_000;
      }
    }
    // one initial second of burst plus ten seconds of refill, never more
    assertThat(sent).isLessThanOrEqualTo(11L * 1_048_576).isGreaterThan(10L * 1_048_576 - 50_000);
  }

  @Test
  void costLargerThanCapacity_isAdmittedWhenFull_andLeavesDebt() {
    TokenBucket bucket = new TokenBucket(0, 1000, 0);
    assertThat(bucket.tryAcquire(1, 5000, 0)).isTrue();
    assertThat(bucket.availableBytes(0)).isZero();
    // 4000 bytes of debt plus a full bucket: 5 seconds
    assertThat(bucket.nanosUntilAvailable(1, 5000, 0)).isEqualTo(5 * SECOND);
  }

  @Test
  void zeroRates_disableTheBuckets() {
    TokenBucket bucket = new TokenBucket(0, 0, 0);
    for (int i = 0; i < 100_000; i++) {
      assertThat(bucket.tryAcquire(1, 1 << 20, 0)).isTrue();
    }
    assertThat(bucket.availableRecords(0)).isEqualTo(Long.MAX_VALUE);
  }
}
