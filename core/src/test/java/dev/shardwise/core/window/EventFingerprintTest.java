package dev.shardwise.core.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventFingerprintTest {

  @Test
  void fingerprint_isStableAcrossReleases() {
    // Persisted in window and shard state: a change here must bump both format versions.
    assertThat(EventFingerprint.of("evt-000001")).isEqualTo(EventFingerprint.of("evt-000001"));
    assertThat(Long.toHexString(EventFingerprint.of("a"))).isEqualTo("38dcbc128eb297ce");
    assertThat(Long.toHexString(EventFingerprint.of("evt-2026-11-21:0001")))
        .isEqualTo("9cd5adeabaae4430");
  }

  @Test
  void similarIds_getDistinctFingerprints() {
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < 300_000; i++) {
      assertThat(seen.add(EventFingerprint.of("evt-" + i))).isTrue();
    }
    assertThat(EventFingerprint.of("ab")).isNotEqualTo(EventFingerprint.of("ba"));
    assertThat(EventFingerprint.of("abcd")).isNotEqualTo(EventFingerprint.of("abcd\u0000"));
  }

  @Test
  void bitsAreBalanced() {
    int[] ones = new int[64];
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      long f = EventFingerprint.of("id-" + i);
      for (int b = 0; b < 64; b++) {
        ones[b] += (int) ((f >>> b) & 1);
      }
    }
    for (int b = 0; b < 64; b++) {
      assertThat(ones[b]).as("bit %d", b).isBetween(n / 2 - 600, n / 2 + 600);
    }
  }
}
