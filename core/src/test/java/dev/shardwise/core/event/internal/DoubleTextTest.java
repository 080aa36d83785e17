package dev.shardwise.core.event.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.io.NumberOutput;
import dev.shardwise.core.testing.EventArbitraries;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

/** {@link DoubleText} against Jackson's double writer, the text the contract had before it. */
class DoubleTextTest {

  @Property(tries = 3000)
  void anyFiniteDouble_isJacksonsText(@ForAll("finite") double v) {
    assertThat(text(v)).isEqualTo(jackson(v));
  }

  @Property(tries = 3000)
  void decimalsOfFewDigits_areJacksonsText(
      @ForAll @DoubleRange(min = -2e7, max = 2e7) @Scale(3) double v) {
    assertThat(text(v)).isEqualTo(jackson(v));
  }

  @Test
  void roundedReadings_inAndAroundTheFastPathsRange_areJacksonsText() {
    // GIVEN values rounded to 0-4 decimals (as sensors report them), and their neighbours
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 300_000; i++) {
      double scale = Math.pow(10, random.nextInt(5));
      double magnitude = Math.pow(10, random.nextInt(-4, 9));
      double v = Math.round(random.nextDouble(-1, 1) * magnitude * scale) / scale;
      for (double x : new double[] {v, Math.nextUp(v), Math.nextDown(v)}) {
        // WHEN / THEN
        assertThat(text(x)).as("%s", x).isEqualTo(jackson(x));
      }
    }
  }

  @Test
  void edges_areJacksonsText_andNonFiniteValuesAreQuoted() {
    double[] edges = {
      0.0,
      -0.0,
      1e-3,
      -1e-3,
      9.999e-4,
      1e7,
      -1e7,
      9_999_999.999,
      9_999_999.0,
      1e7 - 1e-9,
      Math.nextDown(1e-3),
      Math.nextUp(1e-3),
      Math.nextDown(1e7),
      0.1,
      0.2,
      0.3,
      0.7,
      1.0 / 3,
      2.0 / 3,
      0.005,
      0.015,
      0.025,
      1.005,
      4.35,
      100.0,
      1234567.125,
      5e-324,
      Double.MIN_NORMAL,
      Double.MAX_VALUE,
      -Double.MAX_VALUE,
      1e21,
      1e23,
      9007199254740993.0,
      2e-3,
      123.456
    };
    for (double v : edges) {
      assertThat(text(v)).as("%s", v).isEqualTo(jackson(v));
    }
    assertThat(text(Double.NaN)).isEqualTo("\"NaN\"");
    assertThat(text(Double.POSITIVE_INFINITY)).isEqualTo("\"Infinity\"");
    assertThat(text(Double.NEGATIVE_INFINITY)).isEqualTo("\"-Infinity\"");
  }

  @Test
  void longs_areTheirDecimalDigits() {
    for (long v :
        new long[] {0, 1, -1, 9, 10, 600_000, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE}) {
      byte[] out = new byte[DoubleText.MAX_LENGTH];
      int end = DoubleText.writeLong(v, out, 0);
      assertThat(new String(out, 0, end, StandardCharsets.US_ASCII)).isEqualTo(Long.toString(v));
    }
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<Double> finite() {
    return EventArbitraries.finiteDoubles();
  }

  private static String text(double v) {
    byte[] out = new byte[2 + DoubleText.MAX_LENGTH];
    out[0] = 'x';
    int end = DoubleText.write(v, out, 1);
    return new String(out, 1, end - 1, StandardCharsets.US_ASCII);
  }

  private static String jackson(double v) {
    String s = NumberOutput.toString(v, true);
    return Double.isFinite(v) ? s : "\"" + s + "\"";
  }
}
