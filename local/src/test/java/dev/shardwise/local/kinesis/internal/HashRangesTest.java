package dev.shardwise.local.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.core.kinesis.HashKeys;
import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class HashRangesTest {
  @Test
  void uniformStart_matchesAwsForTwoAndFourShards() {
    assertThat(HashRanges.uniformStart(1, 2).toString())
        .isEqualTo("170141183460469231731687303715884105728");
    assertThat(HashRanges.uniformStart(1, 4).toString())
        .isEqualTo("85070591730234615865843651857942052864");
    assertThat(HashRanges.uniformEnd(3, 4)).isEqualTo(HashKeys.MAX);
  }

  @Test
  void uniformRanges_matchTheAwsCliExampleForThreeShards() {
    assertThat(HashRanges.uniformEnd(0, 3).toString())
        .isEqualTo("113427455640312821154458202477256070484");
    assertThat(HashRanges.uniformStart(2, 3).toString())
        .isEqualTo("226854911280625642308916404954512140970");
  }

  @Property
  void uniformRanges_tileTheWholeSpaceWithoutGaps(@ForAll @IntRange(min = 1, max = 1000) int n) {
    assertThat(HashRanges.uniformStart(0, n)).isZero();
    for (int i = 1; i < n; i++) {
      assertThat(HashRanges.uniformEnd(i - 1, n).add(BigInteger.ONE))
          .isEqualTo(HashRanges.uniformStart(i, n));
      assertThat(HashRanges.uniformStart(i, n)).isGreaterThan(HashRanges.uniformStart(i - 1, n));
    }
    assertThat(HashRanges.uniformEnd(n - 1, n)).isEqualTo(HashKeys.MAX);
  }
}
