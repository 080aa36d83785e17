package dev.shardwise.core.event.internal;

/** Helpers for the text of rejection messages and for string rules counted in code points. */
public final class Text {

  /** How many characters of a value a rejection message quotes. */
  public static final int EXCERPT_CHARS = 40;

  private Text() {}

  /**
   * The value quoted for a message: at most {@link #EXCERPT_CHARS} characters, control characters
   * and unpaired surrogates escaped as {@code \\uXXXX}, an ellipsis when cut.
   */
  public static String excerpt(char[] text, int offset, int length) {
    StringBuilder sb = new StringBuilder(Math.min(length, EXCERPT_CHARS) + 8).append('\'');
    int end = offset + Math.min(length, EXCERPT_CHARS);
    for (int i = offset; i < end; i++) {
      char c = text[i];
      if (c < 0x20 || c == 0x7F || Character.isSurrogate(c) && !pairedAt(text, i, offset, end)) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    sb.append('\'');
    if (length > EXCERPT_CHARS) {
      sb.append("... (").append(length).append(" chars)");
    }
    return sb.toString();
  }

  /** {@link #excerpt(char[], int, int)} of a string. */
  public static String excerpt(String text) {
    return excerpt(text.toCharArray(), 0, text.length());
  }

  /**
   * The number of code points in {@code text[offset..offset+length)}, or -1 when it holds an
   * unpaired surrogate (not a Unicode string: it cannot be written as UTF-8).
   */
  public static int codePoints(char[] text, int offset, int length) {
    int end = offset + length;
    int pairs = 0;
    for (int i = offset; i < end; i++) {
      char c = text[i];
      if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
        if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(text[i + 1])) {
          pairs++;
          i++;
        } else {
          return -1;
        }
      }
    }
    return length - pairs;
  }

  /** Whether {@code s} has no unpaired surrogate, so that it can be written as UTF-8. */
  public static boolean isWellFormed(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean pairedAt(char[] text, int i, int start, int end) {
    char c = text[i];
    return Character.isHighSurrogate(c)
        ? i + 1 < end && Character.isLowSurrogate(text[i + 1])
        : i > start && Character.isHighSurrogate(text[i - 1]);
  }

  /** A duration for people: {@code 8d 2h 5m}, {@code 5m 0.5s}, {@code 0.000001s}. */
  public static String duration(java.time.Duration d) {
    long days = d.toDaysPart();
    int hours = d.toHoursPart();
    int minutes = d.toMinutesPart();
    StringBuilder sb = new StringBuilder();
    if (days != 0) {
      sb.append(days).append("d ");
    }
    if (hours != 0) {
      sb.append(hours).append("h ");
    }
    if (minutes != 0) {
      sb.append(minutes).append("m ");
    }
    int seconds = d.toSecondsPart();
    int nanos = d.toNanosPart();
    if (seconds != 0 || nanos != 0 || sb.length() == 0) {
      sb.append(
              java.math.BigDecimal.valueOf(seconds)
                  .add(java.math.BigDecimal.valueOf(nanos, 9))
                  .stripTrailingZeros()
                  .toPlainString())
          .append("s ");
    }
    return sb.substring(0, sb.length() - 1);
  }
}
