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
  private static final int SHORTEST = "0000-00-00T00:00:00Z".length();
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
  public static Instant parse(char[] s, int o, int length) throws InvalidTimeException {
    int end = o + length;
    if (length < SHORTEST) {
      throw invalid(s, o, length);
    }
    int y1 = d2(s, o);
    int y2 = d2(s, o + 2);
    int month = d2(s, o + 5);
    int day = d2(s, o + 8);
    int hour = d2(s, o + 11);
    int minute = d2(s, o + 14);
    int second = d2(s, o + 17);
    if ((y1 | y2 | month | day | hour | minute | second) < 0
        || s[o + 4] != '-'
        || s[o + 7] != '-'
        || (s[o + 10] | 0x20) != 't'
        || s[o + 13] != ':'
        || s[o + 16] != ':') {
      throw invalid(s, o, length);
    }
    int i = o + 19;
    int nanos = 0;
    if (s[i] == '.') {
      int start = ++i;
      int limit = Math.min(end, start + 10);
      while (i < limit && s[i] >= '0' && s[i] <= '9') {
        nanos = nanos * 10 + (s[i++] - '0');
      }
      int n = i - start;
      if (n == 0 || n > 9) {
        throw invalid(s, o, length);
      }
      nanos *= POW10[9 - n];
    }
    int offsetSeconds = 0;
    char z = i < end ? s[i] : 0;
    if ((z | 0x20) == 'z') {
      i++;
    } else if ((z == '+' || z == '-') && end - i >= 6) {
      int oh = d2(s, i + 1);
      int om = d2(s, i + 4);
      if ((oh | om) < 0 || s[i + 3] != ':' || oh > 23 || om > 59) {
        throw invalid(s, o, length);
      }
      offsetSeconds = z == '-' ? -(oh * 3600 + om * 60) : oh * 3600 + om * 60;
      i += 6;
    } else {
      throw invalid(s, o, length);
    }
    if (i != end
        || month < 1
        || month > 12
        || day < 1
        || day > daysInMonth(y1 * 100 + y2, month)
        || hour > 23
        || minute > 59
        || second > 59) {
      throw invalid(s, o, length);
    }
    long days = daysFromCivil(y1 * 100 + y2, month, day);
    return Instant.ofEpochSecond(
        days * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds, nanos);
  }

  /**
   * {@link #parse(char[], int, int)} of ASCII bytes, for the decoder's fast path: the same instant
   * for every text {@code parse} accepts, {@code null} for every text it refuses (the caller then
   * takes the path that says why). Kept step for step the same as {@code parse}; {@code
   * Rfc3339Test} and the decoder's differential test hold the two equal.
   */
  public static Instant parseAscii(byte[] s, int o, int length) {
    int end = o + length;
    if (length < SHORTEST) {
      return null;
    }
    int y1 = d2(s, o);
    int y2 = d2(s, o + 2);
    int month = d2(s, o + 5);
    int day = d2(s, o + 8);
    int hour = d2(s, o + 11);
    int minute = d2(s, o + 14);
    int second = d2(s, o + 17);
    if ((y1 | y2 | month | day | hour | minute | second) < 0
        || s[o + 4] != '-'
        || s[o + 7] != '-'
        || (s[o + 10] | 0x20) != 't'
        || s[o + 13] != ':'
        || s[o + 16] != ':') {
      return null;
    }
    int i = o + 19;
    int nanos = 0;
    if (s[i] == '.') {
      int start = ++i;
      int limit = Math.min(end, start + 10);
      while (i < limit && s[i] >= '0' && s[i] <= '9') {
        nanos = nanos * 10 + (s[i++] - '0');
      }
      int n = i - start;
      if (n == 0 || n > 9) {
        return null;
      }
      nanos *= POW10[9 - n];
    }
    int offsetSeconds = 0;
    int z = i < end ? s[i] : 0;
    if ((z | 0x20) == 'z') {
      i++;
    } else if ((z == '+' || z == '-') && end - i >= 6) {
      int oh = d2(s, i + 1);
      int om = d2(s, i + 4);
      if ((oh | om) < 0 || s[i + 3] != ':' || oh > 23 || om > 59) {
        return null;
      }
      offsetSeconds = z == '-' ? -(oh * 3600 + om * 60) : oh * 3600 + om * 60;
      i += 6;
    } else {
      return null;
    }
    if (i != end
        || month < 1
        || month > 12
        || day < 1
        || day > daysInMonth(y1 * 100 + y2, month)
        || hour > 23
        || minute > 59
        || second > 59) {
      return null;
    }
    long days = daysFromCivil(y1 * 100 + y2, month, day);
    return Instant.ofEpochSecond(
        days * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds, nanos);
  }

  /** Two ASCII digits as a number, or -1. */
  private static int d2(byte[] s, int at) {
    int a = s[at] - '0';
    int b = s[at + 1] - '0';
    return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
  }

  /** Two ASCII digits as a number, or -1. */
  private static int d2(char[] s, int at) {
    int a = s[at] - '0';
    int b = s[at + 1] - '0';
    return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
  }

  /** The exception for a refused text, with what is wrong (the cold path). */
  private static InvalidTimeException invalid(char[] s, int o, int length) {
    String why = Rfc3339Diagnosis.explain(s, o, length);
    return new InvalidTimeException(why != null ? why : "not an RFC 3339 date-time");
  }

  /**
   * Writes instants in UTC as {@code YYYY-MM-DDTHH:MM:SS[.fff[fff[fff]]]Z}, ASCII bytes: the
   * fraction has 0, 3, 6 or 9 digits, the fewest that hold the nanoseconds (the text of {@link
   * Instant#toString()} for the years 0000-9999). Keeps the date text of the last day it wrote,
   * since the times of a stream of events share their day. Not thread-safe: one per thread.
   */
  public static final class Formatter {
    /** The most bytes {@link #format} writes. */
    public static final int MAX_LENGTH = 30;

    private long cachedDay = Long.MIN_VALUE;
    private final byte[] date = new byte[10];

    /**
     * Writes {@code time} to {@code out[at..)} (at least {@link #MAX_LENGTH} bytes free) and
     * returns the position after it.
     *
     * @throws IllegalArgumentException when the year is outside 0000-9999 (RFC 3339 has 4 digits);
     *     nothing is written then
     */
    public int format(Instant time, byte[] out, int at) {
      long seconds = time.getEpochSecond();
      checkWritable(time);
      long day = Math.floorDiv(seconds, 86_400L);
      if (day != cachedDay) {
        writeDate(day, date);
        cachedDay = day;
      }
      System.arraycopy(date, 0, out, at, 10);
      int secondOfDay = (int) (seconds - day * 86_400L);
      int i = at + 10;
      out[i] = 'T';
      put(out, i + 1, secondOfDay / 3600, 2);
      out[i + 3] = ':';
      put(out, i + 4, secondOfDay / 60 % 60, 2);
      out[i + 6] = ':';
      put(out, i + 7, secondOfDay % 60, 2);
      i += 9;
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
  }

  /**
   * Checks that {@code time} lies in the years 0000-9999, which RFC 3339 can write.
   *
   * @throws IllegalArgumentException when it does not
   */
  public static void checkWritable(Instant time) {
    long seconds = time.getEpochSecond();
    if (seconds < MIN_WRITABLE || seconds > MAX_WRITABLE) {
      throw new IllegalArgumentException(
          "time " + time + " is outside the years 0000-9999 that RFC 3339 can write");
    }
  }

  /** Writes {@code YYYY-MM-DD} of the day {@code days} after 1970-01-01 to {@code out[0..10)}. */
  private static void writeDate(long days, byte[] out) {
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

  static int daysInMonth(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  private static void put(byte[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }
}
