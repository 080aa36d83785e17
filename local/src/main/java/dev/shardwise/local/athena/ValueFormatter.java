package dev.shardwise.local.athena;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Values of a DuckDB result as Athena prints them in results and CSV files: timestamps with
 * milliseconds ({@code 2026-11-21 10:15:00.000}), zoned ones with their zone ({@code ... UTC}),
 * doubles as Java prints them ({@code 0.5}, {@code 1.0E10}), maps as {@code {k=v}}.
 */
final class ValueFormatter {
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS", Locale.ROOT);

  private ValueFormatter() {}

  /** Column {@code i} (1-based) of the current row, or {@code null} for SQL NULL. */
  static String format(ResultSet rs, int i, String duckType) throws SQLException {
    String t = duckType.toUpperCase(Locale.ROOT);
    switch (t) {
      case "TIMESTAMP", "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMP_S" -> {
        LocalDateTime v = rs.getObject(i, LocalDateTime.class);
        return v == null ? null : TS.format(v);
      }
      case "TIMESTAMP WITH TIME ZONE" -> {
        OffsetDateTime v = rs.getObject(i, OffsetDateTime.class);
        return v == null ? null : TS.format(v.withOffsetSameInstant(ZoneOffset.UTC)) + " UTC";
      }
      case "DATE" -> {
        LocalDate v = rs.getObject(i, LocalDate.class);
        return v == null ? null : v.toString();
      }
      default -> {
        Object v = rs.getObject(i);
        if (v == null) {
          return null;
        }
        if (v instanceof Double d) {
          return Double.toString(d);
        }
        if (v instanceof Float f) {
          return Float.toString(f);
        }
        if (v instanceof BigDecimal b) {
          return b.toPlainString();
        }
        return rs.getString(i);
      }
    }
  }
}
