package dev.shardwise.core.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.core.window.internal.BitReader;
import dev.shardwise.core.window.internal.BitWriter;
import dev.shardwise.core.window.internal.ByteReader;
import dev.shardwise.core.window.internal.ByteWriter;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class WindowStateFormatV2Test {

  private static List<Double> roundTrip(List<Double> values) {
    ByteWriter out = new ByteWriter(16);
    BitWriter bits = new BitWriter(out);
    for (double d : values) {
      WindowStateFormatV2.writeNumber(bits, d);
    }
    bits.flush();
    BitReader in = new BitReader(new ByteReader(out.array(), 0, out.size()), out.size());
    List<Double> back = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      back.add(WindowStateFormatV2.readNumber(in));
    }
    in.requireOnlyPadding();
    return back;
  }

  private static long bits(double d) {
    return Double.doubleToRawLongBits(d);
  }

  @Property(tries = 300)
  void anyDouble_readsBackBitForBit(@ForAll double a, @ForAll double b, @ForAll int c) {
    List<Double> values = List.of(a, b, c / 10.0, c / 1000.0, 20 + (c & 0xFF) / 10.0);

    List<Double> back = roundTrip(values);

    for (int i = 0; i < values.size(); i++) {
      assertThat(bits(back.get(i))).as("value %s", values.get(i)).isEqualTo(bits(values.get(i)));
    }
  }

  @Test
  void specialValues_readBackBitForBit() {
    List<Double> values =
        List.of(
            -0.0,
            0.0,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE,
            Double.MAX_VALUE,
            9.007199254740993E15,
            -1e12,
            0.1 + 0.2,
            23.456);

    List<Double> back = roundTrip(values);

    for (int i = 0; i < values.size(); i++) {
      assertThat(bits(back.get(i))).as("value %s", values.get(i)).isEqualTo(bits(values.get(i)));
    }
  }

  @Test
  void shortDecimals_costFarLessThanRawBits() {
    ByteWriter out = new ByteWriter(16);
    BitWriter bits = new BitWriter(out);
    WindowStateFormatV2.writeNumber(bits, 23.4);
    bits.flush();

    assertThat(out.size()).isLessThanOrEqualTo(3);
  }
}
