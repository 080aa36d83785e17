package dev.shardwise.core.window.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FrontCodedLogTest {

  private static byte[] written(FrontCodedLog log) {
    ByteWriter out = new ByteWriter(16);
    log.writeTo(out);
    return Arrays.copyOf(out.array(), out.size());
  }

  /** The dictionary encoding of format version 2, written the plain way. */
  private static byte[] reference(List<String> strings) {
    ByteWriter out = new ByteWriter(16);
    out.writeVarInt(strings.size());
    byte[] previous = new byte[0];
    for (String s : strings) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      int shared = Arrays.mismatch(previous, b);
      shared = shared < 0 ? b.length : shared;
      out.writeVarInt(shared);
      out.writeVarInt(b.length - shared);
      out.writeBytes(b, shared, b.length - shared);
      previous = b;
    }
    return Arrays.copyOf(out.array(), out.size());
  }

  @Property(tries = 200)
  void readBack_andAppendedTo_itWritesWhatOneLogOfAllTheStringsWrites(
      @ForAll @Size(max = 60) List<String> strings, @ForAll @IntRange(max = 60) int split) {
    int at = Math.min(split, strings.size());
    FrontCodedLog first = new FrontCodedLog(8);
    strings.subList(0, at).forEach(first::append);
    byte[] bytes = written(first);

    ByteReader in = new ByteReader(bytes, 0, bytes.length);
    String[] back = new String[in.readVarInt(1000, "count")];
    FrontCodedLog resumed = FrontCodedLog.read(in, back, 1 << 17, "string");
    strings.subList(at, strings.size()).forEach(resumed::append);

    // what UTF-8 can carry (an unpaired surrogate becomes '?', as in any UTF-8 text)
    assertThat(back)
        .containsExactlyElementsOf(
            strings.subList(0, at).stream()
                .map(x -> new String(x.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .toList());
    assertThat(in.remaining()).isZero();
    assertThat(written(resumed)).isEqualTo(reference(strings));
  }

  @Test
  void aSharedPrefixLongerThanThePreviousString_failsAsCorrupt() {
    ByteWriter out = new ByteWriter(16);
    out.writeVarInt(2); // "ab", then 5 bytes shared with it
    out.writeVarInt(0);
    out.writeVarInt(2);
    out.writeBytes("ab".getBytes(StandardCharsets.US_ASCII), 0, 2);
    out.writeVarInt(5);
    out.writeVarInt(0);
    ByteReader in = new ByteReader(out.array(), 0, out.size());
    String[] strings = new String[in.readVarInt(10, "count")];

    assertThatThrownBy(() -> FrontCodedLog.read(in, strings, 100, "page"))
        .isInstanceOf(CorruptInputException.class)
        .hasMessageContaining("page shared prefix length");
  }
}
