package dev.shardwise.core.window.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class Base64CodecTest {

  @Property(tries = 300)
  void encoding_isTheJdksBase64_andDecodesBack(@ForAll @Size(max = 300) byte[] bytes) {
    String encoded = Base64Codec.encode(bytes);

    assertThat(encoded).isEqualTo(Base64.getEncoder().encodeToString(bytes));
    assertThat(encoded).hasSize(Base64Codec.encodedLength(bytes.length));
    assertThat(Base64Codec.decode(encoded)).isEqualTo(bytes);
  }

  @Property(tries = 100)
  void scratchBuffers_largerThanNeeded_giveTheSameText(
      @ForAll @Size(max = 300) byte[] bytes, @ForAll @IntRange(max = 7) int off) {
    byte[] src = new byte[off + bytes.length + 5];
    System.arraycopy(bytes, 0, src, off, bytes.length);
    byte[] scratch = new byte[Base64Codec.encodedLength(bytes.length) + 9];

    String encoded = Base64Codec.encode(src, off, bytes.length, scratch);
    byte[] decoded = new byte[Base64Codec.decodedLength(encoded) + 4];
    Base64Codec.decode(encoded, decoded);

    assertThat(encoded).isEqualTo(Base64.getEncoder().encodeToString(bytes));
    assertThat(Base64Codec.decodedLength(encoded)).isEqualTo(bytes.length);
    assertThat(java.util.Arrays.copyOf(decoded, bytes.length)).isEqualTo(bytes);
  }

  @Test
  void badInput_failsNamingWhatAndWhere() {
    assertThatThrownBy(() -> Base64Codec.decode("QUJD="))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("length 5 is not a multiple of 4");
    assertThatThrownBy(() -> Base64Codec.decode("QU=DQUJD"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("illegal character '=' at index 2");
    assertThatThrownBy(() -> Base64Codec.decode("QUJDQUJ\u00e9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("U+00E9 at index 7");
    assertThatThrownBy(() -> Base64Codec.decode("QUJD\nUJD"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("U+000A at index 4");
    assertThatThrownBy(() -> Base64Codec.decode("Q==="))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at index 1");
  }
}
