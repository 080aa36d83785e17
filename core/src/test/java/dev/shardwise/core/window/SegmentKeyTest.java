package dev.shardwise.core.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SegmentKeyTest {
  private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");

  @Test
  void id_isTheSequenceNumber_withTheSubSequenceInsideAnAggregate() {
    assertThat(new SegmentKey(T, "4959", -1).id()).isEqualTo("4959");
    assertThat(new SegmentKey(T, "4959", 0).id()).isEqualTo("4959:0");
  }

  @Test
  void sequenceNumbers_compareNumerically() {
    assertThat(SegmentKey.compareSequence("9", "10")).isNegative();
    assertThat(SegmentKey.compareSequence("0010", "10")).isZero();
    assertThat(
            SegmentKey.compareSequence(
                "49590338271490256608559692538361571095921575989136588898",
                "49590338271490256608559692540925702759324208523137515618"))
        .isNegative();
  }

  @Test
  void aSequenceNumberMustBeDecimal() {
    assertThatThrownBy(() -> new SegmentKey(T, "12a", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not decimal");
    assertThatThrownBy(() -> new SegmentKey(T, "", -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
