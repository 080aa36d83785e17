package dev.shardwise.producer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LaneCacheTest {
  private static final ShardMap MAP = ShardMap.uniform(3);

  private static Lane lane(int i) {
    return new Lane(MAP.shards().get(i), new TokenBucket(0, 0, 0), 1024, false);
  }

  @Test
  void manyKeys_eachFindsItsLane_byIdentityOrByContent() {
    // GIVEN more keys than the initial table holds (so it grows)
    LaneCache cache = new LaneCache(1 << 16);
    Lane[] lanes = {lane(0), lane(1), lane(2)};
    Map<String, Lane> expected = new HashMap<>();
    for (int i = 0; i < 5000; i++) {
      String key = "device-" + i;
      cache.put(key, lanes[i % 3]);
      expected.put(key, lanes[i % 3]);
    }

    // WHEN / THEN: the same strings, and equal strings built anew
    for (Map.Entry<String, Lane> e : expected.entrySet()) {
      assertThat(cache.get(e.getKey())).isSameAs(e.getValue());
      assertThat(cache.get(new String(e.getKey().toCharArray()))).isSameAs(e.getValue());
      assertThat(cache.get(e.getKey(), e.getKey().hashCode())).isSameAs(e.getValue());
    }
    assertThat(cache.get("device-5000")).isNull();
  }

  @Test
  void atItsLimit_startsOver() {
    LaneCache cache = new LaneCache(100);
    Lane lane = lane(0);
    for (int i = 0; i < 100; i++) {
      cache.put("k" + i, lane);
    }
    assertThat(cache.get("k0")).isSameAs(lane);

    cache.put("k100", lane);

    assertThat(cache.get("k0")).isNull();
    assertThat(cache.get("k99")).isNull();
    assertThat(cache.get("k100")).isSameAs(lane);
  }
}
