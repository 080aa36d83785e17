package dev.shardwise.core.window.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class BitCodesTest {

  @Property(tries = 200)
  void riceAndGammaCodes_readBackWhatWasWritten(
      @ForAll @Size(max = 200) List<@LongRange(min = 0, max = Long.MAX_VALUE - 1) Long> values,
      @ForAll @IntRange(max = 62) int k) {
    ByteWriter out = new ByteWriter(16);
    BitWriter bits = new BitWriter(out);
    for (long v : values) {
      bits.writeRice(v, k);
      bits.writeGamma(v);
      bits.write(v & 0x1F, 5);
    }
    bits.flush();

    BitReader in = new BitReader(new ByteReader(out.array(), 0, out.size()), out.size());
    for (long v : values) {
      assertThat(in.readRice(k)).isEqualTo(v);
      assertThat(in.readGamma()).isEqualTo(v);
      assertThat(in.read(5)).isEqualTo(v & 0x1F);
    }
    in.requireOnlyPadding();
  }

  @Property(tries = 200)
  void unaryCodes_readBackAsStartsAndOwners(
      @ForAll @Size(max = 300) List<@IntRange(max = 200) Integer> counts,
      @ForAll @IntRange(max = 13) int before,
      @ForAll @IntRange(min = 40, max = 64) int shift) {
    ByteWriter out = new ByteWriter(16);
    BitWriter bits = new BitWriter(out);
    bits.write(0x1555, before); // not aligned to bytes or words
    int total = 0;
    for (int c : counts) {
      bits.writeUnary(c);
      total += c;
    }
    bits.write(0x2A, 6);
    bits.flush();

    BitReader in = new BitReader(new ByteReader(out.array(), 0, out.size()), out.size());
    in.read(before);
    int[] starts = new int[counts.size() + 1];
    long[] owners = new long[total];
    in.readUnaryCodes(starts, owners, shift);

    for (int i = 0, k = 0; i < counts.size(); i++) {
      assertThat(starts[i + 1] - starts[i]).isEqualTo(counts.get(i));
      for (int j = 0; j < counts.get(i); j++, k++) {
        assertThat(owners[k]).isEqualTo(shift == 64 ? 0 : (long) i << shift);
      }
    }
    assertThat(in.read(6)).isEqualTo(0x2A);
  }

  @Test
  void unaryCodesAboveTheirBound_failAsCorrupt() {
    ByteWriter out = new ByteWriter(16);
    BitWriter bits = new BitWriter(out);
    bits.writeUnary(3);
    bits.writeUnary(100);
    bits.flush();

    BitReader in = new BitReader(new ByteReader(out.array(), 0, out.size()), out.size());
    assertThatThrownBy(() -> in.readUnaryCodes(new int[3], new long[50], 60))
        .isInstanceOf(CorruptInputException.class)
        .hasMessageContaining("above 50");
  }

  @Test
  void anOutlier_isEscaped_notWrittenInUnary() {
    ByteWriter out = new ByteWriter(16);
    BitWriter bits = new BitWriter(out);
    bits.writeRice(1_000_000_000L, 0);
    bits.flush();

    assertThat(out.size()).isLessThanOrEqualTo(10); // 24 ones, 6 bits of length, 30 bits
    assertThat(new BitReader(new ByteReader(out.array(), 0, out.size()), out.size()).readRice(0))
        .isEqualTo(1_000_000_000L);
  }

  @Test
  void aTruncatedStream_failsAsCorrupt() {
    ByteWriter out = new ByteWriter(16);
    BitWriter bits = new BitWriter(out);
    bits.writeRice(5_000, 2);
    bits.flush();

    BitReader in = new BitReader(new ByteReader(out.array(), 0, 1), 1);
    assertThatThrownBy(() -> in.readRice(2))
        .isInstanceOf(CorruptInputException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void bitsLeftOverAfterTheValues_areCorrupt() {
    ByteWriter out = new ByteWriter(16);
    BitWriter bits = new BitWriter(out);
    bits.write(0b101, 3);
    bits.write(1, 1);
    bits.flush();

    BitReader in = new BitReader(new ByteReader(out.array(), 0, out.size()), out.size());
    in.read(3);
    assertThatThrownBy(in::requireOnlyPadding).isInstanceOf(CorruptInputException.class);
  }
}
