package dev.shardwise.local.firehose.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.shardwise.local.firehose.internal.HiveType.ArrayType;
import dev.shardwise.local.firehose.internal.HiveType.Kind;
import dev.shardwise.local.firehose.internal.HiveType.MapType;
import dev.shardwise.local.firehose.internal.HiveType.Primitive;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fast path of a record through a delivery stream: one pass of Jackson's streaming parser that
 * builds the Parquet row ({@link RowConverter}'s columns) and reads the partitioning field, with no
 * tree. It answers only the records it is sure about and returns {@code null} for every other one
 * (not an object, a key that is not in normalized form, a duplicate key, a value that needs a
 * conversion or fails one, the partitioning field missing or not a string, any parse error), so the
 * caller takes the tree path there ({@link RowConverter#convert}, {@link Partitioner}): every error
 * record and every unusual input still goes through the reference, and this class only has to agree
 * with it where it answers. Thread-safe.
 */
public final class RecordScanner {
  /** Same defaults as the tree path's {@code new ObjectMapper()}. */
  private static final JsonFactory JSON = new JsonFactory();

  private final RowConverter converter;
  private final String field;
  private final int width;
  private final HiveType[] types;

  /** Record key to the columns it fills (a key mapped to two columns fills both). */
  private final Map<String, int[]> columnsOf = new HashMap<>();

  /** What one record gives: its row (null without conversion) and the field's string value. */
  public record Scan(Object[] row, String fieldValue) {}

  /**
   * @param converter the conversion's columns and SerDe, or {@code null} without conversion
   * @param field the top-level field to read (exact name), or {@code null}
   */
  public RecordScanner(RowConverter converter, String field) {
    this.converter = converter;
    this.field = field;
    this.width = converter == null ? 0 : converter.width();
    this.types = new HiveType[width];
    for (int i = 0; i < width; i++) {
      types[i] = converter.type(i);
      int[] old = columnsOf.get(converter.key(i));
      int[] cols = old == null ? new int[] {i} : append(old, i);
      columnsOf.put(converter.key(i), cols);
    }
  }

  /**
   * @return the row and field value, or {@code null}: take the tree path
   */
  public Scan scan(byte[] data) {
    try (JsonParser p = JSON.createParser(data)) {
      return scan(p);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private Scan scan(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    Object[] row = converter == null ? null : new Object[width];
    boolean[] seen = width == 0 ? null : new boolean[width];
    String fieldValue = null;
    boolean fieldSeen = false;
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      String name = p.currentName();
      t = p.nextToken();
      if (converter != null && !converter.normalized(name)) {
        return null; // the tree path matches such keys case-insensitively
      }
      boolean isField = name.equals(field);
      if (isField) {
        if (fieldSeen || t != JsonToken.VALUE_STRING) {
          return null;
        }
        fieldSeen = true;
      }
      int[] cols = width == 0 ? null : columnsOf.get(name);
      if (cols == null) {
        if (isField) {
          fieldValue = p.getText();
        } else {
          p.skipChildren();
        }
        continue;
      }
      Object v = null;
      if (t != JsonToken.VALUE_NULL) {
        v = value(p, t, types[cols[0]]);
        if (v == null) {
          return null;
        }
      }
      for (int c : cols) {
        if (seen[c] || (cols.length > 1 && v != null && !types[c].equals(types[cols[0]]))) {
          return null;
        }
        seen[c] = true;
        row[c] = v;
      }
      if (isField) {
        fieldValue = p.getText();
      }
    }
    if (field != null && fieldValue == null) {
      return null;
    }
    return new Scan(row, fieldValue);
  }

  /** The value of the current token for a column of this type, or null: take the tree path. */
  private static Object value(JsonParser p, JsonToken t, HiveType type) throws IOException {
    if (type instanceof Primitive prim) {
      return primitive(p, t, prim.kind());
    }
    if (type instanceof MapType m) {
      if (t != JsonToken.START_OBJECT
          || !(m.key() instanceof Primitive k && k.kind() == Kind.STRING)
          || !(m.value() instanceof Primitive vt)) {
        return null;
      }
      Map<String, Object> out = new LinkedHashMap<>();
      for (JsonToken e = p.nextToken(); e != JsonToken.END_OBJECT; e = p.nextToken()) {
        String key = p.currentName();
        JsonToken vtok = p.nextToken();
        Object v = null;
        if (vtok != JsonToken.VALUE_NULL) {
          v = primitive(p, vtok, vt.kind());
          if (v == null) {
            return null;
          }
        }
        out.put(key, v);
      }
      return out;
    }
    if (t != JsonToken.START_ARRAY || !(((ArrayType) type).element() instanceof Primitive et)) {
      return null;
    }
    List<Object> out = new ArrayList<>();
    for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
      Object v = null;
      if (e != JsonToken.VALUE_NULL) {
        v = primitive(p, e, et.kind());
        if (v == null) {
          return null;
        }
      }
      out.add(v);
    }
    return out;
  }

  /**
   * The value {@link RowConverter} gives for the common JSON shapes of each kind (a string for a
   * string, an integer for an integer...); null for anything else, including values it would
   * convert from another JSON type or reject.
   */
  private static Object primitive(JsonParser p, JsonToken t, Kind kind) throws IOException {
    switch (kind) {
      case STRING:
        return t == JsonToken.VALUE_STRING ? p.getText() : null;
      case INT:
        return integral(p, t, Integer.MIN_VALUE, Integer.MAX_VALUE, true);
      case SMALLINT:
        return integral(p, t, Short.MIN_VALUE, Short.MAX_VALUE, true);
      case TINYINT:
        return integral(p, t, Byte.MIN_VALUE, Byte.MAX_VALUE, true);
      case BIGINT:
        return integral(p, t, Long.MIN_VALUE, Long.MAX_VALUE, false);
      case DOUBLE:
        if (t == JsonToken.VALUE_NUMBER_INT && smallInt(p)) {
          return (double) p.getLongValue();
        }
        return t == JsonToken.VALUE_NUMBER_FLOAT ? p.getDoubleValue() : null;
      case FLOAT:
        if (t == JsonToken.VALUE_NUMBER_INT && smallInt(p)) {
          return (float) p.getLongValue();
        }
        return t == JsonToken.VALUE_NUMBER_FLOAT ? (float) p.getDoubleValue() : null;
      case BOOLEAN:
        return t == JsonToken.VALUE_TRUE
            ? Boolean.TRUE
            : t == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
      case TIMESTAMP:
        if (t != JsonToken.VALUE_STRING) {
          return null;
        }
        try {
          return RowConverter.timestampMillis(p.getText());
        } catch (RuntimeException e) {
          return null;
        }
      case DATE:
        if (t != JsonToken.VALUE_STRING) {
          return null;
        }
        try {
          return (int) LocalDate.parse(p.getText()).toEpochDay();
        } catch (RuntimeException e) {
          return null;
        }
      default:
        return null;
    }
  }

  private static Object integral(JsonParser p, JsonToken t, long min, long max, boolean asInt)
      throws IOException {
    if (t != JsonToken.VALUE_NUMBER_INT || !smallInt(p)) {
      return null;
    }
    long n = p.getLongValue();
    if (n < min || n > max) {
      return null;
    }
    if (asInt) {
      return Integer.valueOf((int) n); // not a ?: (it would widen both to Long)
    }
    return Long.valueOf(n);
  }

  /** An integer that fits a long (the tree keeps larger ones as BigInteger). */
  private static boolean smallInt(JsonParser p) throws IOException {
    JsonParser.NumberType nt = p.getNumberType();
    return nt == JsonParser.NumberType.INT || nt == JsonParser.NumberType.LONG;
  }

  private static int[] append(int[] a, int v) {
    int[] out = java.util.Arrays.copyOf(a, a.length + 1);
    out[a.length] = v;
    return out;
  }
}
