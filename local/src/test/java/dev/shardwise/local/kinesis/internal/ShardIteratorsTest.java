package dev.shardwise.local.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class ShardIteratorsTest {
  final ShardIterators iterators = new ShardIterators(new byte[32]);
  final ShardIterators.Position p =
      new ShardIterators.Position("stream-é", 1_700_000_000_000L, 7, 123_456L, 1_700_000_100_000L);

  @Test
  void decode_invertsEncode() {
    String it = iterators.encode(p);

    assertThat(it.length()).isLessThanOrEqualTo(512);
    assertThat(iterators.decode(it)).isEqualTo(p);
  }

  @Test
  void alteredIterator_isRejected() {
    byte[] raw = Base64.getDecoder().decode(iterators.encode(p));
    raw[14] ^= 1; // the position

    assertThat(iterators.decode(Base64.getEncoder().encodeToString(raw))).isNull();
  }

  @Test
  void iteratorOfAnotherServiceInstance_isRejected() {
    byte[] otherKey = new byte[32];
    otherKey[0] = 1;
    String foreign = new ShardIterators(otherKey).encode(p);

    assertThat(iterators.decode(foreign)).isNull();
  }

  @Test
  void garbage_isRejected() {
    assertThat(iterators.decode("not base64 !")).isNull();
    assertThat(iterators.decode("AAAA")).isNull();
    assertThat(iterators.decode("")).isNull();
  }
}
