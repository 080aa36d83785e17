package dev.shardwise.core.event.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TextTest {

  @Test
  void excerpt_escapesControlCharactersAndUnpairedSurrogates() {
    assertThat(Text.excerpt("a\nb\u0000")).isEqualTo("'a\\u000ab\\u0000'");
    assertThat(Text.excerpt("x\ud800y")).isEqualTo("'x\\ud800y'");
    assertThat(Text.excerpt("😀")).isEqualTo("'😀'");
  }

  @Test
  void excerpt_cutsLongValues_sayingHowLongTheyWere() {
    assertThat(Text.excerpt("a".repeat(100))).isEqualTo("'" + "a".repeat(40) + "'... (100 chars)");
  }

  @Test
  void codePoints_countsPairsOnce_andFlagsUnpairedSurrogates() {
    assertThat(Text.codePoints("a😀b".toCharArray(), 0, 4)).isEqualTo(3);
    assertThat(Text.codePoints("a\ud83d".toCharArray(), 0, 2)).isEqualTo(-1);
    assertThat(Text.codePoints("\ude00a".toCharArray(), 0, 2)).isEqualTo(-1);
    assertThat(Text.codePoints("😀".toCharArray(), 0, 1)).isEqualTo(-1); // pair cut by the range
  }

  @Test
  void duration_isShortAndExact() {
    assertThat(Text.duration(Duration.ofDays(8).plusHours(1))).isEqualTo("8d 1h");
    assertThat(Text.duration(Duration.ofMinutes(5).plusMillis(500))).isEqualTo("5m 0.5s");
    assertThat(Text.duration(Duration.ofNanos(1))).isEqualTo("0.000000001s");
    assertThat(Text.duration(Duration.ZERO)).isEqualTo("0s");
  }
}
