package dev.shardwise.athena.internal;

import dev.shardwise.athena.CatalogException;
import dev.shardwise.athena.PartitionProjection.Rule;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The projection types Athena defines, parsed from {@code projection.<column>.*} properties. */
public final class ProjectionRules {
  private static final Pattern RELATIVE =
      Pattern.compile("NOW(?:\\s*([+-])\\s*(\\d+)\\s*([A-Z]+?)S?)?", Pattern.CASE_INSENSITIVE);

  private ProjectionRules() {}

  /** The rule of one partition column; fails with the offending property named. */
  public static Rule parse(String column, Map<String, String> props) {
    String prefix = "projection." + column + ".";
    String type = props.get(prefix + "type");
    if (type == null) {
      throw new CatalogException(
          "projection.enabled is true but " + prefix + "type is missing for partition " + column);
    }
    return switch (type.trim().toLowerCase(Locale.ROOT)) {
      case "date" -> DateRule.parse(prefix, props);
      case "integer" -> IntegerRule.parse(prefix, props);
      case "enum" -> new EnumRule(Arrays.asList(required(prefix + "values", props).split(",")));
      case "injected" -> new InjectedRule();
      default ->
          throw new CatalogException(prefix + "type must be date, integer, enum or injected");
    };
  }

  private static String required(String key, Map<String, String> props) {
    String v = props.get(key);
    if (v == null || v.isBlank()) {
      throw new CatalogException(key + " is required");
    }
    return v;
  }

  /** {@code date}: values in a format, from a start to an end (either may be relative to NOW). */
  public record DateRule(String format, String start, String end, long interval, ChronoUnit unit)
      implements Rule {

    static DateRule parse(String prefix, Map<String, String> props) {
      String format = required(prefix + "format", props).trim();
      String[] range = required(prefix + "range", props).split(",");
      if (range.length != 2) {
        throw new CatalogException(prefix + "range must be two values separated by a comma");
      }
      long interval;
      try {
        interval = Long.parseLong(props.getOrDefault(prefix + "interval", "1").trim());
      } catch (NumberFormatException e) {
        throw new CatalogException(prefix + "interval must be a positive integer");
      }
      if (interval < 1) {
        throw new CatalogException(prefix + "interval must be a positive integer");
      }
      ChronoUnit unit = unit(props.getOrDefault(prefix + "interval.unit", "DAYS"), prefix);
      DateRule rule = new DateRule(format, range[0].trim(), range[1].trim(), interval, unit);
      try {
        rule.bound(rule.start, Instant.EPOCH);
        rule.bound(rule.end, Instant.EPOCH);
      } catch (DateTimeParseException | IllegalArgumentException e) {
        throw new CatalogException(prefix + "range: " + e.getMessage());
      }
      return rule;
    }

    @Override
    public boolean admits(String value, Instant now) {
      LocalDateTime v;
      try {
        v = read(value);
      } catch (DateTimeParseException e) {
        return false;
      }
      if (!formatter().format(v).equals(value)) {
        return false; // '2026-1-5' is not a projected value of yyyy-MM-dd
      }
      LocalDateTime from = bound(start, now);
      LocalDateTime to = bound(end, now);
      if (v.isBefore(from) || v.isAfter(to)) {
        return false;
      }
      return interval == 1 || unit.between(from, v) % interval == 0;
    }

    private LocalDateTime bound(String text, Instant now) {
      Matcher m = RELATIVE.matcher(text);
      if (!m.matches()) {
        return read(text);
      }
      LocalDateTime t = LocalDateTime.ofInstant(now, ZoneOffset.UTC);
      if (m.group(1) != null) {
        long n = Long.parseLong(m.group(2)) * ("-".equals(m.group(1)) ? -1 : 1);
        t = t.plus(n, unit(m.group(3) + "S", "projection range"));
      }
      return read(formatter().format(t)); // truncated to the format's precision
    }

    private LocalDateTime read(String text) {
      var parsed = formatter().parse(text);
      return LocalDateTime.of(
          parsed.get(ChronoField.YEAR),
          parsed.isSupported(ChronoField.MONTH_OF_YEAR) ? parsed.get(ChronoField.MONTH_OF_YEAR) : 1,
          parsed.isSupported(ChronoField.DAY_OF_MONTH) ? parsed.get(ChronoField.DAY_OF_MONTH) : 1,
          parsed.isSupported(ChronoField.HOUR_OF_DAY) ? parsed.get(ChronoField.HOUR_OF_DAY) : 0,
          parsed.isSupported(ChronoField.MINUTE_OF_HOUR)
              ? parsed.get(ChronoField.MINUTE_OF_HOUR)
              : 0,
          parsed.isSupported(ChronoField.SECOND_OF_MINUTE)
              ? parsed.get(ChronoField.SECOND_OF_MINUTE)
              : 0);
    }

    private DateTimeFormatter formatter() {
      return new DateTimeFormatterBuilder()
          .appendPattern(format.replace("yyyy", "uuuu"))
          .toFormatter(Locale.ROOT);
    }

    private static ChronoUnit unit(String text, String where) {
      return switch (text.trim().toUpperCase(Locale.ROOT)) {
        case "YEARS" -> ChronoUnit.YEARS;
        case "MONTHS" -> ChronoUnit.MONTHS;
        case "WEEKS" -> ChronoUnit.WEEKS;
        case "DAYS" -> ChronoUnit.DAYS;
        case "HOURS" -> ChronoUnit.HOURS;
        case "MINUTES" -> ChronoUnit.MINUTES;
        case "SECONDS" -> ChronoUnit.SECONDS;
        default ->
            throw new CatalogException(
                where + ": unit must be YEARS, MONTHS, WEEKS, DAYS, HOURS, MINUTES or SECONDS");
      };
    }
  }

  /** {@code integer}: a range with an interval, optionally zero-padded to a number of digits. */
  public record IntegerRule(long min, long max, long interval, int digits) implements Rule {

    static IntegerRule parse(String prefix, Map<String, String> props) {
      String[] range = required(prefix + "range", props).split(",");
      try {
        long min = Long.parseLong(range[0].trim());
        long max = Long.parseLong(range[1].trim());
        long interval = Long.parseLong(props.getOrDefault(prefix + "interval", "1").trim());
        int digits = Integer.parseInt(props.getOrDefault(prefix + "digits", "0").trim());
        if (range.length != 2 || min > max || interval < 1 || digits < 0) {
          throw new NumberFormatException();
        }
        return new IntegerRule(min, max, interval, digits);
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
        throw new CatalogException(
            prefix + "range must be 'min,max' integers, interval and digits positive");
      }
    }

    @Override
    public boolean admits(String value, Instant now) {
      long v;
      try {
        v = Long.parseLong(value);
      } catch (NumberFormatException e) {
        return false;
      }
      String expected = digits == 0 ? Long.toString(v) : String.format("%0" + digits + "d", v);
      return expected.equals(value) && v >= min && v <= max && (v - min) % interval == 0;
    }
  }

  /** {@code enum}: one of a list of values. */
  public record EnumRule(List<String> values) implements Rule {
    public EnumRule {
      values = List.copyOf(values);
    }

    @Override
    public boolean admits(String value, Instant now) {
      return values.contains(value);
    }
  }

  /** {@code injected}: whatever the query's equality conditions name. */
  public record InjectedRule() implements Rule {
    @Override
    public boolean admits(String value, Instant now) {
      return true;
    }
  }
}
