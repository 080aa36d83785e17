package dev.shardwise.local.firehose.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Java equivalents of the {@code MetadataExtractionQuery} programs we ship, registered by their
 * exact text. An equivalent answers the records it is sure about and defers ({@code null}) on any
 * other, so the caller falls back to jackson-jq there: every failure and every unusual input is
 * still evaluated by jq, and the equivalent only has to agree with jq where it answers.
 */
public final class CompiledQueries {
  /**
   * A Java equivalent of one jq program that reads one top-level string field of the record: it
   * sees only that field's text, so a caller that streams the record (no tree) can answer it too.
   */
  public interface CompiledQuery {
    /** The top-level field the program reads (matched exactly, as jq's {@code .field}). */
    String field();

    /**
     * @param value the field's string value
     * @return the object the jq program yields, as key to string value, when it yields exactly one
     *     object of string values; {@code null} to defer to jq (an error, or an input this
     *     equivalent does not handle)
     */
    Map<String, String> keys(String value);

    /**
     * The same on a parsed record: answers only when it is an object whose field is a string;
     * defers ({@code null}) otherwise.
     */
    default Map<String, String> keys(JsonNode record) {
      if (record == null || !record.isObject()) {
        return null;
      }
      JsonNode v = record.get(field());
      return v == null || !v.isTextual() ? null : keys(v.textValue());
    }
  }

  /**
   * The {@code shardwise-events} query (firehose-config {@code shardwise-events.json}): validates
   * {@code .time} as RFC 3339 and yields the UTC {@code dt} (yyyy-MM-dd) and {@code hour} (HH).
   */
  public static final String EVENTS_TIME_QUERY =
      ".time as $t | if ($t | type) != \"string\" or ($t | length) < 20 or $t[4:5] != \"-\" or"
          + " $t[7:8] != \"-\" or ($t[10:11] | ascii_downcase) != \"t\" or $t[13:14] != \":\" or"
          + " $t[16:17] != \":\" then error(\"time is not an RFC 3339 date-time\") else . end |"
          + " ($t[0:4] | tonumber) as $y | ($t[5:7] | tonumber) as $mo | ($t[8:10] | tonumber) as"
          + " $d | ($t[11:13] | tonumber) as $h | ($t[14:16] | tonumber) as $mi | [31, (if $y % 4"
          + " == 0 and ($y % 100 != 0 or $y % 400 == 0) then 29 else 28 end), 31, 30, 31, 30, 31,"
          + " 31, 30, 31, 30, 31] as $dim | if $mo < 1 or $mo > 12 or $d < 1 or $d > $dim[$mo -"
          + " 1] or $h > 23 or $mi > 59 then error(\"time is out of range\") else . end | (if"
          + " ($t[-1:] | ascii_downcase) == \"z\" then 0 elif $t[-3:-2] == \":\" and ($t[-6:-5]"
          + " == \"+\" or $t[-6:-5] == \"-\") then (($t[-5:-3] | tonumber) * 60 + ($t[-2:] |"
          + " tonumber)) * (if $t[-6:-5] == \"-\" then -1 else 1 end) else error(\"time has no"
          + " UTC offset\") end) as $off | ($h * 60 + $mi - $off) as $m | (if $m < 0 then (if $d"
          + " > 1 then [$y, $mo, $d - 1] elif $mo > 1 then [$y, $mo - 1, $dim[$mo - 2]] else [$y"
          + " - 1, 12, 31] end) elif $m >= 1440 then (if $d < $dim[$mo - 1] then [$y, $mo, $d +"
          + " 1] elif $mo < 12 then [$y, $mo + 1, 1] else [$y + 1, 1, 1] end) else [$y, $mo, $d]"
          + " end) as $u | ((((($m % 1440) + 1440) % 1440) / 60) | floor) as $uh | {dt: (($u[0]"
          + " | tostring) + \"-\" + (if $u[1] < 10 then \"0\" else \"\" end) + ($u[1] | tostring)"
          + " + \"-\" + (if $u[2] < 10 then \"0\" else \"\" end) + ($u[2] | tostring)), hour:"
          + " ((if $uh < 10 then \"0\" else \"\" end) + ($uh | tostring))}";

  private static final Map<String, CompiledQuery> REGISTRY =
      Map.of(EVENTS_TIME_QUERY, new Field("time", CompiledQueries::eventsTime));

  /** A compiled query over one field's text. */
  private record Field(String field, java.util.function.Function<String, Map<String, String>> fn)
      implements CompiledQuery {
    @Override
    public Map<String, String> keys(String value) {
      return fn.apply(value);
    }
  }

  private CompiledQueries() {}

  /**
   * {@code {key: .field[0:n]}}, the form of the other shipped queries ({@code {dt: .minute[0:10]}}
   * and the like): one key, the first {@code n} characters of a top-level string field.
   */
  private static final Pattern PREFIX_OF_FIELD =
      Pattern.compile(
          "\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*:\\s*\\.([A-Za-z_][A-Za-z0-9_]*)\\[0:([1-9][0-9]{0,3})\\]\\s*\\}");

  /** The Java equivalent registered for exactly this query text, or of its form, if any. */
  public static Optional<CompiledQuery> forQuery(String query) {
    CompiledQuery q = REGISTRY.get(query);
    if (q != null) {
      return Optional.of(q);
    }
    Matcher m = PREFIX_OF_FIELD.matcher(query);
    if (m.matches()) {
      return Optional.of(prefixOfField(m.group(1), m.group(2), Integer.parseInt(m.group(3))));
    }
    return Optional.empty();
  }

  /**
   * {@code {key: .field[0:n]}} in Java. Answers only when the record is an object whose {@code
   * field} is a non-empty string with ASCII characters in the slice (jq slices by code point); a
   * missing, null or non-string field, or an empty result, is left to jq.
   */
  static CompiledQuery prefixOfField(String key, String field, int n) {
    return new Field(
        field,
        s -> {
          int end = Math.min(n, s.length());
          if (end == 0) {
            return null;
          }
          for (int i = 0; i < end; i++) {
            if (s.charAt(i) >= 0x80) {
              return null;
            }
          }
          return Map.of(key, s.substring(0, end));
        });
  }

  /**
   * {@link #EVENTS_TIME_QUERY} in Java. Answers only when {@code .time} is an ASCII string whose
   * fields the program reads with {@code tonumber} are plain digits and every check passes; the
   * arithmetic mirrors the program step by step (offsets are not range-checked there, and the day
   * moves by at most one, so neither is here).
   */
  static Map<String, String> eventsTime(JsonNode record) {
    return REGISTRY.get(EVENTS_TIME_QUERY).keys(record);
  }

  /** {@link #EVENTS_TIME_QUERY} on the text of {@code .time}. */
  static Map<String, String> eventsTime(String t) {
    int n = t.length();
    if (n < 20) {
      return null;
    }
    for (int i = 0; i < n; i++) {
      if (t.charAt(i) >= 0x80) {
        return null; // jq slices by code point; leave anything but ASCII to jq
      }
    }
    if (t.charAt(4) != '-'
        || t.charAt(7) != '-'
        || (t.charAt(10) | 0x20) != 't'
        || t.charAt(13) != ':'
        || t.charAt(16) != ':') {
      return null;
    }
    int y = digits(t, 0, 4);
    int mo = digits(t, 5, 7);
    int d = digits(t, 8, 10);
    int h = digits(t, 11, 13);
    int mi = digits(t, 14, 16);
    if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0) {
      return null;
    }
    if (mo < 1 || mo > 12 || h > 23 || mi > 59) {
      return null;
    }
    if (d < 1 || d > daysIn(y, mo)) {
      return null;
    }
    int off;
    char last = t.charAt(n - 1);
    if ((last | 0x20) == 'z') {
      off = 0;
    } else if (t.charAt(n - 3) == ':' && (t.charAt(n - 6) == '+' || t.charAt(n - 6) == '-')) {
      int oh = digits(t, n - 5, n - 3);
      int om = digits(t, n - 2, n);
      if (oh < 0 || om < 0) {
        return null;
      }
      off = (oh * 60 + om) * (t.charAt(n - 6) == '-' ? -1 : 1);
    } else {
      return null;
    }
    int m = h * 60 + mi - off;
    int uy = y;
    int umo = mo;
    int ud = d;
    if (m < 0) {
      if (d > 1) {
        ud = d - 1;
      } else if (mo > 1) {
        umo = mo - 1;
        ud = daysIn(y, mo - 1);
      } else {
        uy = y - 1;
        umo = 12;
        ud = 31;
      }
    } else if (m >= 1440) {
      if (d < daysIn(y, mo)) {
        ud = d + 1;
      } else if (mo < 12) {
        umo = mo + 1;
        ud = 1;
      } else {
        uy = y + 1;
        umo = 1;
        ud = 1;
      }
    }
    int uh = Math.floorMod(m, 1440) / 60;
    Map<String, String> out = new LinkedHashMap<>(4);
    out.put("dt", uy + "-" + (umo < 10 ? "0" : "") + umo + "-" + (ud < 10 ? "0" : "") + ud);
    out.put("hour", (uh < 10 ? "0" : "") + uh);
    return out;
  }

  /** The decimal value of {@code t[from, to)}, or -1 unless it is all ASCII digits. */
  private static int digits(String t, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** The program's {@code $dim[$mo - 1]}: Gregorian days in the month. */
  private static int daysIn(int y, int mo) {
    return switch (mo) {
      case 2 -> (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }
}
