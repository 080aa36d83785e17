package dev.shardwise.core.event.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class Utf8Test {

  @Provide
  Arbitrary<byte[]> utf8ish() {
    // mostly ASCII with lead and continuation bytes, so sequences are often almost valid
    Arbitrary<Byte> b =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, Arbitraries.bytes().between((byte) 0x20, (byte) 0x7E)),
            net.jqwik.api.Tuple.of(3, Arbitraries.bytes().between((byte) 0x80, (byte) 0xBF)),
            net.jqwik.api.Tuple.of(
                2,
                Arbitraries.of(
                    (byte) 0xC0,
                    (byte) 0xC1,
                    (byte) 0xC2,
                    (byte) 0xDF,
                    (byte) 0xE0,
                    (byte) 0xED,
                    (byte) 0xEF,
                    (byte) 0xF0,
                    (byte) 0xF4,
                    (byte) 0xF5,
                    (byte) 0xFF)));
    return b.array(byte[].class).ofMaxSize(40);
  }

  @Property(tries = 2000)
  void firstInvalid_agreesWithTheJdksStrictDecoder(@ForAll("utf8ish") byte[] data) {
    assertThat(Utf8.firstInvalid(data, 0, data.length)).isEqualTo(jdkFirstInvalid(data));
  }

  @Test
  void validText_ofEveryPlane_isValid() {
    byte[] text =
        "a\u00e9\u4e2d\uFFFF\uD83D\uDE00\uDBFF\uDFFF".repeat(9).getBytes(StandardCharsets.UTF_8);

    assertThat(Utf8.firstInvalid(text, 0, text.length)).isEqualTo(-1);
  }

  @Test
  void aBadByteAtAnyPositionOfAnAsciiRun_isFound() {
    for (int len = 1; len <= 100; len++) {
      for (int at = 0; at < len; at++) {
        byte[] data = new byte[len];
        Arrays.fill(data, (byte) 'a');
        data[at] = (byte) 0xFF;

        assertThat(Utf8.firstInvalid(data, 0, len)).isEqualTo(at);
      }
    }
  }

  @Test
  void onlyTheGivenRangeIsChecked() {
    byte[] data = {(byte) 0xFF, 'a', 'b', (byte) 0xC3, (byte) 0xA9, (byte) 0xFF};

    assertThat(Utf8.firstInvalid(data, 1, 4)).isEqualTo(-1);
    assertThat(Utf8.firstInvalid(data, 1, 3)).isEqualTo(3); // sequence cut by the range
  }

  private static int jdkFirstInvalid(byte[] data) {
    CharsetDecoder d =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(data);
    CharBuffer out = CharBuffer.allocate(data.length * 2 + 2);
    CoderResult r = d.decode(in, out, true);
    if (r.isError()) {
      return in.position();
    }
    return -1;
  }
}
