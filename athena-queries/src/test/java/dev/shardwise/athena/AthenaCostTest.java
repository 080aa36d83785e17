package dev.shardwise.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AthenaCostTest {
  private static final long MB = 1L << 20;

  @Test
  void billedBytes_isAtLeastTenMegabytesAndRoundsUpToTheMegabyte() {
    assertThat(AthenaCost.billedBytes(0)).isEqualTo(10 * MB);
    assertThat(AthenaCost.billedBytes(10 * MB - 1)).isEqualTo(10 * MB);
    assertThat(AthenaCost.billedBytes(10 * MB + 1)).isEqualTo(11 * MB);
  }

  @Test
  void usd_isFiveDollarsPerTerabyte() {
    assertThat(AthenaCost.usd(1L << 40)).isCloseTo(5.0, within(1e-12));
    assertThat(AthenaCost.usd(1)).isCloseTo(10.0 / (1 << 20) * 5.0, within(1e-15));
  }

  @Test
  void humanBytes() {
    assertThat(AthenaCost.humanBytes(512)).isEqualTo("512 B");
    assertThat(AthenaCost.humanBytes(1536)).isEqualTo("1.50 KB");
    assertThat(AthenaCost.humanBytes(123 * MB)).isEqualTo("123.0 MB");
  }
}
