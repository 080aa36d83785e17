package dev.shardwise.producer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardMapTest {

  @Test
  void uniform_coversTheKeySpace_andFindsTheOwningShard() {
    ShardMap map = ShardMap.uniform(4);
    assertThat(map.size()).isEqualTo(4);
    assertThat(map.shardFor(BigInteger.ZERO).shardId()).isEqualTo("shardId-000000000000");
    assertThat(map.shardFor(ShardMap.MAX_HASH_KEY).shardId()).isEqualTo("shardId-000000000003");
    for (ShardMap.Shard s : map.shards()) {
      assertThat(map.shardFor(s.startingHashKey())).isEqualTo(s);
      assertThat(map.shardFor(s.endingHashKey())).isEqualTo(s);
    }
  }

  @Test
  void of_rejectsGapsAndShortCoverage() {
    BigInteger half = ShardMap.MAX_HASH_KEY.shiftRight(1);
    assertThatThrownBy(
            () ->
                ShardMap.of(
                    List.of(
                        new ShardMap.Shard("a", BigInteger.ZERO, half),
                        new ShardMap.Shard("b", half.add(BigInteger.TWO), ShardMap.MAX_HASH_KEY))))
        .hasMessageContaining("do not cover");
    assertThatThrownBy(() -> ShardMap.of(List.of(new ShardMap.Shard("a", BigInteger.ZERO, half))))
        .hasMessageContaining("end before");
    assertThatThrownBy(() -> ShardMap.of(List.of())).hasMessageContaining("no open shard");
  }
}
