package dev.shardwise.local.firehose.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shardwise.firehose.DataFormatConversion.OpenXJsonSerDe;
import dev.shardwise.local.firehose.TableSchema;
import dev.shardwise.local.firehose.internal.HiveType.ArrayType;
import dev.shardwise.local.firehose.internal.HiveType.Kind;
import dev.shardwise.local.firehose.internal.HiveType.MapType;
import dev.shardwise.local.firehose.internal.HiveType.Primitive;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Converts a JSON record to a row of a table's columns as the OpenX JSON SerDe does in Firehose:
 * keys matched case-insensitively (unless turned off), dots optionally read as underscores, column
 * to key mappings; missing keys and JSON nulls become nulls; numbers and booleans given as strings
 * are converted; nested values in a string column are kept as JSON text. Timestamps are accepted as
 * {@code yyyy-MM-dd'T'HH:mm:ss[.S{1,9}]Z}, {@code yyyy-M-d HH:mm:ss[.S]}, epoch seconds (with
 * fraction) or epoch milliseconds, and stored as UTC milliseconds. A value that cannot be converted
 * fails the record with a message naming the column. Thread-safe.
 */
public final class RowConverter {
  private static final DateTimeFormatter SPACED =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-M-d HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
          .optionalEnd()
          .toFormatter(Locale.ROOT);
  private static final DateTimeFormatter ISO_Z =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd'T'HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
          .optionalEnd()
          .appendLiteral('Z')
          .toFormatter(Locale.ROOT);

  private final List<TableSchema.Column> columns;
  private final HiveType[] types;
  private final String[] keys;
  private final boolean ignoreCase;
  private final boolean dotsToUnderscores;

  /** A record that does not fit the schema. */
  public static final class ConversionException extends Exception {
    private static final long serialVersionUID = 1L;

    ConversionException(String message) {
      super(message);
    }
  }

  public RowConverter(TableSchema schema, OpenXJsonSerDe serde) {
    this.columns = schema.columns();
    this.types = new HiveType[columns.size()];
    this.keys = new String[columns.size()];
    this.ignoreCase = serde == null || serde.ignoresCase();
    this.dotsToUnderscores = serde != null && serde.dotsToUnderscores();
    Map<String, String> mappings = serde == null ? Map.of() : serde.mappings();
    for (int i = 0; i < types.length; i++) {
      String name = columns.get(i).name();
      types[i] = HiveType.parse(columns.get(i).type());
      keys[i] = normalize(mappings.getOrDefault(name, name));
    }
  }

  public HiveType type(int column) {
    return types[column];
  }

  /** The number of columns (the length of every row). */
  int width() {
    return types.length;
  }

  /** The record key that fills {@code column}, in normalized form (see {@link #normalized}). */
  String key(int column) {
    return keys[column];
  }

  /**
   * Whether a record key is already in the form column keys are matched in (lower case when the
   * SerDe ignores case, no dots when it converts them), so that an exact match decides.
   */
  boolean normalized(String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if ((ignoreCase && (c >= 'A' && c <= 'Z' || c > 127)) || (dotsToUnderscores && c == '.')) {
        return false;
      }
    }
    return true;
  }

  public Object[] convert(JsonNode record) throws ConversionException {
    if (record == null || !record.isObject()) {
      throw new ConversionException("The record is not a JSON object");
    }
    Object[] row = new Object[types.length];
    boolean normalized = alreadyNormalized(record);
    for (int i = 0; i < types.length; i++) {
      JsonNode v = find(record, keys[i], normalized);
      if (v != null && !v.isNull()) {
        row[i] = value(columns.get(i).name(), types[i], v);
      }
    }
    return row;
  }

  private JsonNode find(JsonNode record, String key, boolean normalized) {
    JsonNode direct = record.get(key);
    if (direct != null || normalized || (!ignoreCase && !dotsToUnderscores)) {
      return direct;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = record.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (normalize(e.getKey()).equals(key)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** True when every key is already in normalized form, so a direct lookup decides. */
  private boolean alreadyNormalized(JsonNode record) {
    for (Iterator<String> it = record.fieldNames(); it.hasNext(); ) {
      if (!normalized(it.next())) {
        return false;
      }
    }
    return true;
  }

  private String normalize(String key) {
    String k = dotsToUnderscores ? key.replace('.', '_') : key;
    return ignoreCase ? k.toLowerCase(Locale.ROOT) : k;
  }

  private Object value(String column, HiveType type, JsonNode v) throws ConversionException {
    if (type instanceof Primitive p) {
      return primitive(column, p.kind(), v);
    }
    if (type instanceof MapType m) {
      if (!v.isObject()) {
        throw fail(column, type, v);
      }
      Map<String, Object> out = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        Object key =
            primitive(
                column,
                ((Primitive) m.key()).kind(),
                com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getKey()));
        out.put(
            String.valueOf(key),
            e.getValue().isNull() ? null : value(column, m.value(), e.getValue()));
      }
      return out;
    }
    ArrayType a = (ArrayType) type;
    if (!v.isArray()) {
      throw fail(column, type, v);
    }
    List<Object> out = new ArrayList<>(v.size());
    for (JsonNode e : v) {
      out.add(e.isNull() ? null : value(column, a.element(), e));
    }
    return out;
  }

  private static Object primitive(String column, Kind kind, JsonNode v) throws ConversionException {
    try {
      switch (kind) {
        case STRING:
          if (v.isTextual()) {
            return v.textValue();
          }
          return v.isValueNode() ? v.asText() : v.toString();
        case INT:
          return (int) integral(v, Integer.MIN_VALUE, Integer.MAX_VALUE);
        case SMALLINT:
          return (int) integral(v, Short.MIN_VALUE, Short.MAX_VALUE);
        case TINYINT:
          return (int) integral(v, Byte.MIN_VALUE, Byte.MAX_VALUE);
        case BIGINT:
          return integral(v, Long.MIN_VALUE, Long.MAX_VALUE);
        case DOUBLE:
          return v.isNumber() ? v.doubleValue() : Double.parseDouble(text(v));
        case FLOAT:
          return v.isNumber() ? v.floatValue() : Float.parseFloat(text(v));
        case BOOLEAN:
          if (v.isBoolean()) {
            return v.booleanValue();
          }
          String b = text(v).toLowerCase(Locale.ROOT);
          if (b.equals("true") || b.equals("false")) {
            return Boolean.parseBoolean(b);
          }
          break;
        case TIMESTAMP:
          return timestampMillis(v);
        case DATE:
          return (int) LocalDate.parse(text(v)).toEpochDay();
        default:
          break;
      }
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      // falls through to the conversion error below
    }
    throw fail(column, new Primitive(kind), v);
  }

  private static long integral(JsonNode v, long min, long max) {
    BigDecimal d = v.isNumber() ? v.decimalValue() : new BigDecimal(text(v).trim());
    long n = d.longValueExact();
    if (n < min || n > max) {
      throw new ArithmeticException("out of range");
    }
    return n;
  }

  private static long timestampMillis(JsonNode v) {
    if (v.isNumber()) {
      return epochMillis(v.decimalValue());
    }
    return timestampMillis(text(v));
  }

  /**
   * A timestamp string as {@link #convert} reads it, in UTC milliseconds.
   *
   * @throws java.time.DateTimeException or {@link NumberFormatException} or {@link
   *     ArithmeticException} when it is not one
   */
  static long timestampMillis(String text) {
    String s = text.trim();
    long fast = isoMillis(s);
    if (fast != Long.MIN_VALUE) {
      return fast;
    }
    if (!s.isEmpty() && (Character.isDigit(s.charAt(0)) && s.indexOf('-') < 0)) {
      return epochMillis(new BigDecimal(s));
    }
    LocalDateTime t =
        s.indexOf('T') > 0 ? LocalDateTime.parse(s, ISO_Z) : LocalDateTime.parse(s, SPACED);
    return t.toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  /**
   * {@code yyyy-MM-ddTHH:mm:ss.SSSZ} (the consumer's format) without a formatter, or {@code
   * Long.MIN_VALUE} for anything else (then the general parsers decide).
   */
  static long isoMillis(String s) {
    if (s.length() != 24
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':'
        || s.charAt(19) != '.'
        || s.charAt(23) != 'Z') {
      return Long.MIN_VALUE;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    int millis = digits(s, 20, 3);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > 31
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59
        || millis < 0) {
      return Long.MIN_VALUE;
    }
    try {
      long days = LocalDate.of(year, month, day).toEpochDay();
      return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    } catch (java.time.DateTimeException e) {
      return Long.MIN_VALUE;
    }
  }

  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** Epoch seconds (with fraction), or milliseconds when the integral value is that large. */
  private static long epochMillis(BigDecimal n) {
    if (n.scale() <= 0 && n.abs().compareTo(BigDecimal.valueOf(100_000_000_000L)) >= 0) {
      return n.longValueExact();
    }
    return n.movePointRight(3).setScale(0, java.math.RoundingMode.DOWN).longValueExact();
  }

  private static String text(JsonNode v) {
    if (!v.isValueNode()) {
      throw new NumberFormatException("not a scalar");
    }
    return v.asText();
  }

  private static ConversionException fail(String column, HiveType type, JsonNode v) {
    String shown = v.toString();
    if (shown.length() > 100) {
      shown = shown.substring(0, 100) + "...";
    }
    return new ConversionException(
        "Cannot convert the value " + shown + " of column '" + column + "' to " + describe(type));
  }

  private static String describe(HiveType type) {
    if (type instanceof Primitive p) {
      return p.kind().name().toLowerCase(Locale.ROOT);
    }
    if (type instanceof MapType m) {
      return "map<" + describe(m.key()) + "," + describe(m.value()) + ">";
    }
    return "array<" + describe(((ArrayType) type).element()) + ">";
  }
}
