package dev.shardwise.core.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shardwise.core.window.internal.ByteReader;
import dev.shardwise.core.window.internal.ByteWriter;
import dev.shardwise.core.window.internal.CorruptInputException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FingerprintSetTest {

  private static byte[] encode(FingerprintSet s) {
    ByteWriter w = new ByteWriter(64);
    s.writeTo(w);
    return w.toByteArray();
  }

  private static FingerprintSet decode(byte[] b) {
    ByteReader r = new ByteReader(b, 0, b.length);
    FingerprintSet s = FingerprintSet.readFrom(r, Integer.MAX_VALUE);
    assertThat(r.remaining()).isZero();
    return s;
  }

  @Property(tries = 200)
  void decodeOfEncode_isTheSameSet(@ForAll @Size(max = 3000) List<Long> values) {
    FingerprintSet set = new FingerprintSet();
    Set<Long> model = new HashSet<>();
    for (long v : values) {
      assertThat(set.add(v)).isEqualTo(model.add(v));
    }

    FingerprintSet back = decode(encode(set));

    assertThat(back.size()).isEqualTo(model.size());
    for (long v : model) {
      assertThat(back.contains(v)).isTrue();
    }
    assertThat(back).isEqualTo(set);
  }

  @Property(tries = 100)
  void encoding_isCanonical_whateverTheInsertionOrder(@ForAll @Size(max = 2000) List<Long> values) {
    FingerprintSet forward = new FingerprintSet();
    values.forEach(forward::add);
    FingerprintSet backward = new FingerprintSet(4);
    for (int i = values.size() - 1; i >= 0; i--) {
      backward.add(values.get(i));
    }

    assertThat(encode(backward)).isEqualTo(encode(forward));
  }

  @Test
  void encoding_costsAboutFiftyBitsPerMember_at60000() {
    // GIVEN 60,000 fingerprints of distinct ids
    FingerprintSet set = new FingerprintSet();
    for (int i = 0; i < 60_000; i++) {
      set.add(EventFingerprint.of("evt-" + i));
    }

    byte[] encoded = encode(set);

    // THEN about 66 - log2(n) bits per member: well under 8 bytes, close to 6.3
    assertThat(set.size()).isEqualTo(60_000);
    assertThat(encoded.length).isBetween(60_000 * 6, 60_000 * 65 / 10);
  }

  @Test
  void zeroAndExtremes_areMembersLikeAnyOther() {
    FingerprintSet set = new FingerprintSet();
    long[] values = {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1};
    for (long v : values) {
      assertThat(set.add(v)).isTrue();
      assertThat(set.add(v)).isFalse();
    }

    FingerprintSet back = decode(encode(set));

    assertThat(back.toSortedArray()).containsExactly(0, 1, Long.MAX_VALUE, Long.MIN_VALUE, -1);
    assertThat(Arrays.stream(values).allMatch(back::contains)).isTrue();
  }

  @Test
  void truncatedBytes_failWithCorruptInput() {
    FingerprintSet set = new FingerprintSet();
    for (int i = 0; i < 100; i++) {
      set.add(EventFingerprint.of("e" + i));
    }
    byte[] encoded = encode(set);
    byte[] cut = Arrays.copyOf(encoded, encoded.length - 10);

    assertThatThrownBy(() -> FingerprintSet.readFrom(new ByteReader(cut, 0, cut.length), 1000))
        .isInstanceOf(CorruptInputException.class)
        .hasMessageContaining("truncated");
  }
}
