package dev.shardwise.core.event.internal;

import java.time.Instant;

/**
 * RFC 3339 {@code date-time} (section 5.6) parsed and written by hand: {@code
 * java.time.format.DateTimeFormatter} is an order of magnitude slower and accepts more than the
 * RFC.
 *
 * <p>Accepted: {@code YYYY-MM-DDTHH:MM:SS[.F]Z} or with a {@code +hh:mm} / {@code -hh:mm} offset
 * ({@code -00:00} included); {@code T} and {@code Z} in either case (the RFC's ABNF is
 * case-insensitive); 1 to 9 fraction digits. Rejected, beyond what RFC 3339 rejects: more than 9
 * fraction digits (an {@link Instant} holds nanoseconds) and the leap second {@code :60} (an {@link
 * Instant} cannot hold it, and no leap second is recent enough to pass the age rule).
 */
public final class Rfc3339 {

  private static final int[] POW10 = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
  };
  private static final int DATE_AND_TIME = "0000-00-00T00:00:00".length();
  private static final long MIN_WRITABLE = -62_167_219_200L; // 0000-01-01T00:00:00Z
  private static final long MAX_WRITABLE = 253_402_300_799L; // 9999-12-31T23:59:59Z

  private Rfc3339() {}

  /** Why a text is not an RFC 3339 date-time. Stackless: it is an expected outcome. */
  public static final class InvalidTimeException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidTimeException(String message) {
      super(message, null, false, false);
    }
  }

  /** Parses {@code text[offset..offset+length)}. */
  public static Instant parse(char[] text, int offset, int length) throws InvalidTimeException {
    if (length < DATE_AND_TIME) {
      throw new InvalidTimeException("too short for YYYY-MM-DDTHH:MM:SS and an offset");
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
      throw new InvalidTimeException("expected 'T' between date and time at position 10");
    }
    int hour = digits(text, o + 11, 2, "hour");
    expect(text, o, 13, ':');
    int minute = digits(text, o + 14, 2, "minute");
    expect(text, o, 16, ':');
    int second = digits(text, o + 17, 2, "second");
    int i = o + 19;
    int nanos = 0;
    if (i < end && text[i] == '.') {
      int start = ++i;
      while (i < end && isDigit(text[i])) {
        i++;
      }
      int n = i - start;
      if (n == 0) {
        throw new InvalidTimeException("'.' without fraction digits");
      }
      if (n > 9) {
        throw new InvalidTimeException("more than 9 fraction digits");
      }
      nanos = digits(text, start, n, "fraction") * POW10[9 - n];
    }
    if (i >= end) {
      throw new InvalidTimeException("missing offset ('Z' or +hh:mm)");
    }
    int offsetSeconds = 0;
    char z = text[i];
    if (z == 'Z' || z == 'z') {
      i++;
    } else if (z == '+' || z == '-') {
      if (end - i < 6) {
        throw new InvalidTimeException("offset must be +hh:mm or -hh:mm");
      }
      int oh = digits(text, i + 1, 2, "offset hour");
      expect(text, o, i + 3 - o, ':');
      int om = digits(text, i + 4, 2, "offset minute");
      if (oh > 23 || om > 59) {
        throw new InvalidTimeException("offset out of range");
      }
      offsetSeconds = (oh * 3600 + om * 60) * (z == '-' ? -1 : 1);
      i += 6;
    } else {
      throw new InvalidTimeException("missing offset ('Z' or +hh:mm)");
    }
    if (i != end) {
      throw new InvalidTimeException("unexpected text after the offset");
    }
    if (month < 1 || month > 12) {
      throw new InvalidTimeException("month out of range");
    }
    if (day < 1 || day > daysInMonth(year, month)) {
      throw new InvalidTimeException("day out of range for the month");
    }
    if (hour > 23 || minute > 59) {
      throw new InvalidTimeException("hour or minute out of range");
    }
    if (second > 59) {
      throw new InvalidTimeException(
          second == 60 ? "leap seconds are not accepted" : "second out of range");
    }
    long epochSecond =
        daysFromCivil(year, month, day) * 86_400L
            + hour * 3600L
            + minute * 60L
            + second
            - offsetSeconds;
    return Instant.ofEpochSecond(epochSecond, nanos);
  }

  /**
   * Writes {@code time} in UTC as {@code YYYY-MM-DDTHH:MM:SS[.fff[fff[fff]]]Z} into {@code out} (at
   * least 30 chars) and returns the length. The fraction has 0, 3, 6 or 9 digits, the fewest that
   * hold the nanoseconds (as {@link Instant#toString()} writes them).
   *
   * @throws IllegalArgumentException when the year is outside 0000-9999 (RFC 3339 has 4 digits)
   */
  public static int format(Instant time, char[] out) {
    long seconds = time.getEpochSecond();
    if (seconds < MIN_WRITABLE || seconds > MAX_WRITABLE) {
      throw new IllegalArgumentException(
          "time " + time + " is outside the years 0000-9999 that RFC 3339 can write");
    }
    long days = Math.floorDiv(seconds, 86_400L);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
    // civil_from_days (H. Hinnant), days since 1970-01-01
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long doe = z - era * 146_097;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int day = (int) (doy - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
    put(out, 0, year, 4);
    out[4] = '-';
    put(out, 5, month, 2);
    out[7] = '-';
    put(out, 8, day, 2);
    out[10] = 'T';
    put(out, 11, secondOfDay / 3600, 2);
    out[13] = ':';
    put(out, 14, secondOfDay / 60 % 60, 2);
    out[16] = ':';
    put(out, 17, secondOfDay % 60, 2);
    int i = 19;
    int nanos = time.getNano();
    if (nanos != 0) {
      out[i++] = '.';
      if (nanos % 1_000_000 == 0) {
        put(out, i, nanos / 1_000_000, 3);
        i += 3;
      } else if (nanos % 1_000 == 0) {
        put(out, i, nanos / 1_000, 6);
        i += 6;
      } else {
        put(out, i, nanos, 9);
        i += 9;
      }
    }
    out[i++] = 'Z';
    return i;
  }

  /** Days from 1970-01-01 to the proleptic Gregorian date (days_from_civil, H. Hinnant). */
  static long daysFromCivil(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yoe = y - era * 400;
    int mp = month > 2 ? month - 3 : month + 9;
    int doy = (153 * mp + 2) / 5 + day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146_097L + doe - 719_468L;
  }

  private static int daysInMonth(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  private static int digits(char[] text, int at, int count, String what)
      throws InvalidTimeException {
    int v = 0;
    for (int i = at; i < at + count; i++) {
      char c = text[i];
      if (!isDigit(c)) {
        throw new InvalidTimeException("expected " + count + " digits for the " + what);
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static void expect(char[] text, int offset, int position, char c)
      throws InvalidTimeException {
    if (text[offset + position] != c) {
      throw new InvalidTimeException("expected '" + c + "' at position " + position);
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static void put(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
