package dev.shardwise.local.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Escaping, number formats, time ticks and the palette the charts share. */
final class Svg {
  /** Colour-blind-safe palette (Okabe-Ito), in order of use. */
  static final String[] PALETTE = {
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"
  };

  private static final DateTimeFormatter HHMM =
      DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY_HHMM =
      DateTimeFormatter.ofPattern("MMM d HH:mm", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  private Svg() {}

  /** Escapes text for HTML and SVG content and attribute values. */
  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t') {
            b.append(' ');
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  /** A coordinate with one decimal. */
  static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** A value for people: 950, 1.2k, 3.4M; decimals only below 10. */
  static String human(double v) {
    double a = Math.abs(v);
    if (a >= 1e9) {
      return trim(v / 1e9) + "G";
    }
    if (a >= 1e6) {
      return trim(v / 1e6) + "M";
    }
    if (a >= 1e3) {
      return trim(v / 1e3) + "k";
    }
    if (a >= 10 || a == 0) {
      return String.valueOf(Math.round(v));
    }
    return trim(v);
  }

  private static String trim(double v) {
    String s = String.format(Locale.ROOT, "%.1f", v);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }

  /** A tick step of 1, 2 or 5 times a power of ten giving about {@code count} ticks up to max. */
  static double niceStep(double max, int count) {
    if (max <= 0) {
      return 1;
    }
    double raw = max / count;
    double pow = Math.pow(10, Math.floor(Math.log10(raw)));
    double f = raw / pow;
    double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    return nice * pow;
  }

  /** Time ticks at a round step (1, 2, 5, 10, 15, 30 minutes, 1, 2, 3, 6, 12 hours). */
  static List<Instant> timeTicks(Instant from, Instant to, int maxTicks) {
    long[] steps = {60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400};
    long span = Math.max(60, Duration.between(from, to).getSeconds());
    long step = steps[steps.length - 1];
    for (long s : steps) {
      if (span / s <= maxTicks) {
        step = s;
        break;
      }
    }
    List<Instant> out = new ArrayList<>();
    long first = Math.floorDiv(from.getEpochSecond() + step - 1, step) * step;
    for (long t = first; t <= to.getEpochSecond(); t += step) {
      out.add(Instant.ofEpochSecond(t));
    }
    return out;
  }

  static String time(Instant t, boolean withDay) {
    return (withDay ? DAY_HHMM : HHMM).format(t);
  }
}
