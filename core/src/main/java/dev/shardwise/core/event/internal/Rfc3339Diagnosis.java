package dev.shardwise.core.event.internal;

/**
 * The slow path of {@link Rfc3339#parse}: says what is wrong with a text the fast parser refused.
 * Kept apart so that the fast parser stays small enough for the JIT to inline. Both accept exactly
 * the same texts ({@code Rfc3339Test} checks it).
 */
final class Rfc3339Diagnosis {

  private static final int DATE_AND_TIME = "0000-00-00T00:00:00".length();

  private Rfc3339Diagnosis() {}

  /**
   * Why {@code text[offset..offset+length)} is not a date-time {@link Rfc3339} accepts, or null.
   */
  static String explain(char[] text, int offset, int length) {
    try {
      check(text, offset, length);
      return null;
    } catch (Rfc3339.InvalidTimeException e) {
      return e.getMessage();
    }
  }

  private static void check(char[] text, int offset, int length)
      throws Rfc3339.InvalidTimeException {
    if (length < DATE_AND_TIME) {
      throw new Rfc3339.InvalidTimeException("too short for YYYY-MM-DDTHH:MM:SS and an offset");
    }
    int end = offset + length;
    int o = offset;
    int year = digits(text, o, 4, "year");
    expect(text, o, 4, '-');
    int month = digits(text, o + 5, 2, "month");
    expect(text, o, 7, '-');
    int day = digits(text, o + 8, 2, "day");
    char t = text[o + 10];
    if (t != 'T' && t != 't') {
      throw new Rfc3339.InvalidTimeException("expected 'T' between date and time at position 10");
    }
    int hour = digits(text, o + 11, 2, "hour");
    expect(text, o, 13, ':');
    int minute = digits(text, o + 14, 2, "minute");
    expect(text, o, 16, ':');
    int second = digits(text, o + 17, 2, "second");
    int i = o + 19;
    if (i < end && text[i] == '.') {
      int start = ++i;
      while (i < end && isDigit(text[i])) {
        i++;
      }
      int n = i - start;
      if (n == 0) {
        throw new Rfc3339.InvalidTimeException("'.' without fraction digits");
      }
      if (n > 9) {
        throw new Rfc3339.InvalidTimeException("more than 9 fraction digits");
      }
      digits(text, start, n, "fraction");
    }
    if (i >= end) {
      throw new Rfc3339.InvalidTimeException("missing offset ('Z' or +hh:mm)");
    }
    char z = text[i];
    if (z == 'Z' || z == 'z') {
      i++;
    } else if (z == '+' || z == '-') {
      if (end - i < 6) {
        throw new Rfc3339.InvalidTimeException("offset must be +hh:mm or -hh:mm");
      }
      int oh = digits(text, i + 1, 2, "offset hour");
      expect(text, o, i + 3 - o, ':');
      int om = digits(text, i + 4, 2, "offset minute");
      if (oh > 23 || om > 59) {
        throw new Rfc3339.InvalidTimeException("offset out of range");
      }
      i += 6;
    } else {
      throw new Rfc3339.InvalidTimeException("missing offset ('Z' or +hh:mm)");
    }
    if (i != end) {
      throw new Rfc3339.InvalidTimeException("unexpected text after the offset");
    }
    if (month < 1 || month > 12) {
      throw new Rfc3339.InvalidTimeException("month out of range");
    }
    if (day < 1 || day > Rfc3339.daysInMonth(year, month)) {
      throw new Rfc3339.InvalidTimeException("day out of range for the month");
    }
    if (hour > 23 || minute > 59) {
      throw new Rfc3339.InvalidTimeException("hour or minute out of range");
    }
    if (second > 59) {
      throw new Rfc3339.InvalidTimeException(
          second == 60 ? "leap seconds are not accepted" : "second out of range");
    }
  }

  private static int digits(char[] text, int at, int count, String what)
      throws Rfc3339.InvalidTimeException {
    int v = 0;
    for (int i = at; i < at + count; i++) {
      char c = text[i];
      if (!isDigit(c)) {
        throw new Rfc3339.InvalidTimeException("expected " + count + " digits for the " + what);
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static void expect(char[] text, int offset, int position, char c)
      throws Rfc3339.InvalidTimeException {
    if (text[offset + position] != c) {
      throw new Rfc3339.InvalidTimeException("expected '" + c + "' at position " + position);
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
