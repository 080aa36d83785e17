package dev.shardwise.local.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class HashKeysTest {
  @Test
  void ofPartitionKey_isMd5ReadAsUnsigned128BitInteger() {
    // MD5("abc") = 900150983cd24fb0d6963f7d28e17f72
    assertThat(HashKeys.ofPartitionKey("abc"))
        .isEqualTo(new BigInteger("900150983cd24fb0d6963f7d28e17f72", 16));
  }

  @Test
  void uniformStart_matchesAwsForFourShards() {
    assertThat(HashKeys.uniformStart(1, 4).toString())
        .isEqualTo("85070591730234615865843651857942052864");
    assertThat(HashKeys.uniformEnd(3, 4)).isEqualTo(HashKeys.MAX);
  }

  @Property
  void uniformRanges_tileTheWholeSpaceWithoutGaps(@ForAll @IntRange(min = 1, max = 1000) int n) {
    assertThat(HashKeys.uniformStart(0, n)).isZero();
    for (int i = 1; i < n; i++) {
      assertThat(HashKeys.uniformEnd(i - 1, n).add(BigInteger.ONE))
          .isEqualTo(HashKeys.uniformStart(i, n));
      assertThat(HashKeys.uniformStart(i, n)).isGreaterThan(HashKeys.uniformStart(i - 1, n));
    }
    assertThat(HashKeys.uniformEnd(n - 1, n)).isEqualTo(HashKeys.MAX);
  }

  @Test
  void parse_rejectsValuesOutsideTheSpace() {
    assertThat(HashKeys.parse(HashKeys.MAX.toString())).isEqualTo(HashKeys.MAX);
    assertThatThrownBy(() -> HashKeys.parse(HashKeys.SPACE.toString()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HashKeys.parse("-1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HashKeys.parse("")).isInstanceOf(IllegalArgumentException.class);
  }
}
