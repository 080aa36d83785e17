package dev.shardwise.core.event.internal;

import com.fasterxml.jackson.core.io.NumberOutput;

/**
 * The JSON text of a double as the event contract writes it: the shortest decimal that reads back
 * to the same double, in Java's {@code Double.toString} layout ({@code 12.5}, {@code 3.0}, {@code
 * 1.0E21}, {@code -0.0}), which is what Jackson's Schubfach writer ({@link
 * NumberOutput#toString(double, boolean)}) produces; a non-finite value as a quoted string ({@code
 * "NaN"}), as Jackson's generator writes it by default.
 *
 * <p>Fast path, for {@code 1e-3 <= |v| < 1e7} with at most 3 fraction digits (sensor readings,
 * amounts, rounded values): take the 3-or-fewer-digit decimal {@code D = round(|v| * 10^k) / 10^k}
 * and accept it when the correctly rounded IEEE division {@code (double) m / 10^k} gives back
 * {@code |v|}, i.e. when {@code D} rounds to {@code v}. It is then exactly what the
 * shortest-decimal algorithm prints, because in this range an ulp of {@code v} is below {@code
 * 2e-9}: the rounding interval of {@code v} holds at most one decimal with 4 or fewer fraction
 * digits, so every other decimal in it has 5 or more fraction digits, the same integer part (an
 * integer inside the interval would be a double rounding to itself) and, below 1, the same leading
 * zeros (a power of ten inside it would be that one short decimal); it is longer than {@code D} and
 * cannot be chosen, and among decimals of {@code D}'s length (or of length 2, when {@code D} has
 * one digit) {@code D} is the only one. Everything else goes to Jackson's writer. The differential
 * tests compare both paths with Jackson over every bit pattern class.
 */
public final class DoubleText {
  /** The most bytes {@link #write} writes ({@code "-2.2250738585072014E-308"} is 24). */
  public static final int MAX_LENGTH = 32;

  private static final double[] POW10 = {1, 10, 100, 1000};
  private static final long[] LONG_POW10 = {1, 10, 100, 1000};

  private DoubleText() {}

  /** Writes the text of {@code v} to {@code out[at..)} and returns the position after it. */
  public static int write(double v, byte[] out, int at) {
    double a = Math.abs(v);
    if (a >= 1e-3 && a < 1e7) {
      for (int k = 0; k < POW10.length; k++) {
        long m = Math.round(a * POW10[k]);
        if ((double) m / POW10[k] == a) {
          return writeDecimal(v < 0, m, k, out, at);
        }
      }
    }
    return writeSlow(v, out, at);
  }

  /** Writes {@code m / 10^k} (0 < m < 10^10) as {@code int.frac} without trailing zeros. */
  private static int writeDecimal(boolean negative, long m, int k, byte[] out, int at) {
    int p = at;
    if (negative) {
      out[p++] = '-';
    }
    long intPart = m / LONG_POW10[k];
    long frac = m - intPart * LONG_POW10[k];
    while (k > 0 && frac % 10 == 0) {
      frac /= 10;
      k--;
    }
    p = writeLong(intPart, out, p);
    out[p++] = '.';
    if (k == 0) {
      out[p++] = '0';
      return p;
    }
    for (int i = p + k - 1; i >= p; i--) {
      out[i] = (byte) ('0' + frac % 10);
      frac /= 10;
    }
    return p + k;
  }

  private static int writeSlow(double v, byte[] out, int at) {
    String text = NumberOutput.toString(v, true);
    int p = at;
    boolean quoted = !Double.isFinite(v);
    if (quoted) {
      out[p++] = '"';
    }
    for (int i = 0; i < text.length(); i++) {
      out[p++] = (byte) text.charAt(i);
    }
    if (quoted) {
      out[p++] = '"';
    }
    return p;
  }

  /** Writes the decimal digits of {@code v} (any long) and returns the position after them. */
  public static int writeLong(long v, byte[] out, int at) {
    if (v < 0) {
      if (v == Long.MIN_VALUE) {
        String s = Long.toString(v);
        for (int i = 0; i < s.length(); i++) {
          out[at++] = (byte) s.charAt(i);
        }
        return at;
      }
      out[at++] = '-';
      v = -v;
    }
    int digits = 1;
    for (long t = v; t >= 10; t /= 10) {
      digits++;
    }
    for (int i = at + digits - 1; i >= at; i--) {
      out[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    return at + digits;
  }
}
