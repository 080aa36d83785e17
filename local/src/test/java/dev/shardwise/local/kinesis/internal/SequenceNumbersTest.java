package dev.shardwise.local.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class SequenceNumbersTest {
  @Property
  void parse_invertsFormat(
      @ForAll @LongRange(min = 0, max = 4_000_000_000_000L) long epoch,
      @ForAll @IntRange(min = 0, max = 1_000_000) int shard,
      @ForAll @LongRange(min = 0) long position) {
    String s = SequenceNumbers.format(epoch, shard, position);

    assertThat(s).hasSize(56).startsWith("49").containsOnlyDigits();
    assertThat(SequenceNumbers.parse(s))
        .isEqualTo(new SequenceNumbers.Parsed(epoch, shard, position));
  }

  @Property
  void laterPositions_compareGreaterAsNumbersAndAsStrings(
      @ForAll @IntRange(min = 0, max = 1000) int shard,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE - 1) long position) {
    String a = SequenceNumbers.format(1_700_000_000_000L, shard, position);
    String b = SequenceNumbers.format(1_700_000_000_000L, shard, position + 1);

    assertThat(new BigInteger(b)).isGreaterThan(new BigInteger(a));
    assertThat(b.compareTo(a)).isPositive();
  }

  @Test
  void childShardNumbers_areAboveTheirParents() {
    String parentLast = SequenceNumbers.format(1L, 0, 1_000_000);
    String childFirst = SequenceNumbers.format(1L, 1, 0);

    assertThat(new BigInteger(childFirst)).isGreaterThan(new BigInteger(parentLast));
  }

  @Test
  void parse_rejectsForeignNumbers() {
    assertThat(SequenceNumbers.parse("49590338271490256608559692538361571095921575989136588898"))
        .isNull(); // a real AWS number: its shard part does not fit ours
    assertThat(SequenceNumbers.parse("12")).isNull();
    assertThat(SequenceNumbers.parse("59" + "0".repeat(54))).isNull();
    assertThat(SequenceNumbers.parse(null)).isNull();
  }
}
