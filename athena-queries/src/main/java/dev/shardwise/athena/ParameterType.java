package dev.shardwise.athena;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The type of a named query's parameter, and how a value a user typed becomes an Athena execution
 * parameter: a SQL literal, validated here, so user input is never spliced into SQL text.
 */
public enum ParameterType {
  /** Any text; sent as a quoted string literal. */
  VARCHAR("text"),
  /**
   * A UTC date and time ({@code 2026-11-21 10:00}, {@code 2026-11-21T10:00:00Z}, {@code
   * 2026-11-21}); sent as the string {@code '2026-11-21 10:00:00.000'}, which the query casts.
   */
  TIMESTAMP("yyyy-MM-dd HH:mm[:ss[.SSS]], UTC"),
  /** A date {@code yyyy-MM-dd}; sent as a string literal (partition values are strings). */
  DATE("yyyy-MM-dd"),
  /** A whole number; sent as a numeric literal. */
  BIGINT("a whole number"),
  /** A finite number; sent as a numeric literal. */
  DOUBLE("a number");

  private static final DateTimeFormatter OUT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS", Locale.ROOT);

  private final String expected;

  ParameterType(String expected) {
    this.expected = expected;
  }

  /** What a value of this type looks like, for messages. */
  public String expected() {
    return expected;
  }

  /** The type named in a query header ({@code varchar}, {@code timestamp}, ...). */
  public static ParameterType of(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CatalogException(
          "unknown parameter type '" + name + "' (varchar, timestamp, date, bigint, double)");
    }
  }

  /**
   * The execution-parameter literal for a value.
   *
   * @throws IllegalArgumentException when the value is not of this type; the message says what is
   *     expected
   */
  public String literal(String value) {
    String v = value.trim();
    return switch (this) {
      case VARCHAR -> quote(value);
      case TIMESTAMP -> quote(OUT.format(timestamp(v)));
      case DATE -> quote(date(v).toString());
      case BIGINT -> Long.toString(integer(v));
      case DOUBLE -> number(v);
    };
  }

  private LocalDateTime timestamp(String v) {
    String t = v.replace(' ', 'T');
    try {
      if (t.length() == 10) {
        return LocalDate.parse(t).atStartOfDay();
      }
      if (t.endsWith("Z") || t.matches(".*[+-]\\d\\d:\\d\\d$")) {
        return OffsetDateTime.parse(t).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
      }
      return LocalDateTime.parse(t);
    } catch (DateTimeParseException e) {
      throw invalid(v);
    }
  }

  private LocalDate date(String v) {
    try {
      return LocalDate.parse(v);
    } catch (DateTimeParseException e) {
      throw invalid(v);
    }
  }

  private long integer(String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw invalid(v);
    }
  }

  private String number(String v) {
    try {
      BigDecimal d = new BigDecimal(v);
      return d.toPlainString();
    } catch (NumberFormatException e) {
      throw invalid(v);
    }
  }

  private IllegalArgumentException invalid(String v) {
    return new IllegalArgumentException(
        "'" + v + "' is not a " + name().toLowerCase(Locale.ROOT) + " (" + expected + ")");
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
