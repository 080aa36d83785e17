package dev.shardwise.core.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class HashKeyRangeTest {

  @Test
  void contains_bothEnds_andNothingOutside() {
    HashKeyRange r = HashKeyRange.of("10", "20");
    assertThat(r.contains(BigInteger.valueOf(10))).isTrue();
    assertThat(r.contains(BigInteger.valueOf(20))).isTrue();
    assertThat(r.contains(BigInteger.valueOf(9))).isFalse();
    assertThat(r.contains(BigInteger.valueOf(21))).isFalse();
    assertThat(r.isAll()).isFalse();
  }

  @Test
  void all_holdsTheWholeKeySpace() {
    assertThat(HashKeyRange.ALL.isAll()).isTrue();
    assertThat(HashKeyRange.ALL.contains(HashKeys.MIN)).isTrue();
    assertThat(HashKeyRange.ALL.contains(HashKeys.MAX)).isTrue();
    assertThat(HashKeyRange.of("0", HashKeys.MAX.subtract(BigInteger.ONE).toString()).isAll())
        .isFalse();
  }

  @Test
  void anEmptyOrOutOfSpaceRange_isRefused_namingIt() {
    assertThatThrownBy(() -> HashKeyRange.of("20", "10"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[20, 10]");
    assertThatThrownBy(() -> new HashKeyRange(BigInteger.ZERO, HashKeys.MAX.add(BigInteger.ONE)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
