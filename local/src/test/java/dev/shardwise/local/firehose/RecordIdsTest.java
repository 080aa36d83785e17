package dev.shardwise.local.firehose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RecordIdsTest {
  @Test
  void next_isTheCounterAndTwoRandomLongsAsZeroPaddedHex() {
    // GIVEN ids from a seeded source and the same source replayed
    RecordIds ids = new RecordIds(new SplittableRandom(5));
    SplittableRandom expected = new SplittableRandom(5);
    for (long n = 1; n <= 1000; n++) {
      // WHEN / THEN each id is 48 hex digits: counter, then the next two longs
      assertThat(ids.next())
          .isEqualTo(String.format("%016x%016x%016x", n, expected.nextLong(), expected.nextLong()));
    }
  }
}
