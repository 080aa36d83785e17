package dev.shardwise.local.athena.sql;

import dev.shardwise.local.athena.QueryFailure;
import io.trino.sql.tree.DataType;
import io.trino.sql.tree.DataTypeParameter;
import io.trino.sql.tree.DateTimeDataType;
import io.trino.sql.tree.GenericDataType;
import io.trino.sql.tree.NumericParameter;
import io.trino.sql.tree.TypeParameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Type names across the three type systems: Hive (DDL), Trino (queries) and DuckDB. */
public final class DuckDbTypes {
  private DuckDbTypes() {}

  /** The DuckDB type of a Hive column type ({@code map<string,double>} -> MAP(VARCHAR, DOUBLE)). */
  public static String ofHive(String hiveType) {
    return new HiveType(hiveType.toLowerCase(Locale.ROOT)).parse();
  }

  /** The DuckDB type of a Trino type in a CAST. */
  public static String ofTrino(DataType type) throws QueryFailure {
    if (type instanceof DateTimeDataType dt) {
      if (dt.getType() == DateTimeDataType.Type.TIMESTAMP) {
        return dt.isWithTimeZone() ? "TIMESTAMPTZ" : "TIMESTAMP";
      }
      throw QueryFailure.notSupported(type, "The type time");
    }
    if (!(type instanceof GenericDataType g)) {
      throw QueryFailure.notSupported(type, "The type " + type);
    }
    String name = g.getName().getValue().toLowerCase(Locale.ROOT);
    List<DataTypeParameter> args = g.getArguments();
    return switch (name) {
      case "varchar", "char" -> "VARCHAR";
      case "bigint" -> "BIGINT";
      case "integer", "int" -> "INTEGER";
      case "smallint" -> "SMALLINT";
      case "tinyint" -> "TINYINT";
      case "double" -> "DOUBLE";
      case "real" -> "FLOAT";
      case "boolean" -> "BOOLEAN";
      case "date" -> "DATE";
      case "varbinary" -> "BLOB";
      case "decimal" -> "DECIMAL" + numericArgs(args, type);
      case "array" -> typeArg(args, 0, type) + "[]";
      case "map" -> "MAP(" + typeArg(args, 0, type) + ", " + typeArg(args, 1, type) + ")";
      default -> throw QueryFailure.notSupported(type, "The type " + name);
    };
  }

  /**
   * The Athena type name of a DuckDB result column ({@code ColumnInfo.Type}). DuckDB sums bigint
   * into HUGEINT where Trino stays in bigint; both are reported as {@code bigint}.
   */
  public static String athenaName(String duckType) {
    String t = duckType.toUpperCase(Locale.ROOT);
    if (t.startsWith("DECIMAL")) {
      return "decimal";
    }
    if (t.endsWith("[]")) {
      return "array";
    }
    if (t.startsWith("MAP(")) {
      return "map";
    }
    if (t.startsWith("STRUCT(")) {
      return "row";
    }
    return switch (t) {
      case "VARCHAR" -> "varchar";
      case "BIGINT", "HUGEINT", "UBIGINT", "UINTEGER", "UHUGEINT" -> "bigint";
      case "INTEGER", "USMALLINT" -> "integer";
      case "SMALLINT", "UTINYINT" -> "smallint";
      case "TINYINT" -> "tinyint";
      case "DOUBLE" -> "double";
      case "FLOAT" -> "real";
      case "BOOLEAN" -> "boolean";
      case "DATE" -> "date";
      case "TIMESTAMP", "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMP_S" -> "timestamp";
      case "TIMESTAMP WITH TIME ZONE" -> "timestamp with time zone";
      case "BLOB" -> "varbinary";
      case "INTERVAL" -> "interval day to second";
      case "\"NULL\"", "NULL" -> "unknown";
      default -> "varchar";
    };
  }

  /** Athena's {@code ColumnInfo.Precision} for a type name. */
  public static int precision(String athenaType) {
    return switch (athenaType) {
      case "varchar" -> 2147483647;
      case "bigint" -> 19;
      case "integer" -> 10;
      case "smallint" -> 5;
      case "tinyint" -> 3;
      case "double" -> 17;
      case "real" -> 7;
      case "timestamp", "timestamp with time zone" -> 3;
      default -> 0;
    };
  }

  private static String numericArgs(List<DataTypeParameter> args, DataType at) throws QueryFailure {
    if (args.isEmpty()) {
      return "(38,0)";
    }
    List<String> values = new ArrayList<>();
    for (DataTypeParameter p : args) {
      if (!(p instanceof NumericParameter n)) {
        throw QueryFailure.notSupported(at, "The type " + at);
      }
      values.add(n.getValue());
    }
    return "(" + String.join(",", values) + ")";
  }

  private static String typeArg(List<DataTypeParameter> args, int i, DataType at)
      throws QueryFailure {
    if (args.size() <= i || !(args.get(i) instanceof TypeParameter t)) {
      throw QueryFailure.notSupported(at, "The type " + at);
    }
    return ofTrino(t.getValue());
  }

  /** A recursive-descent reader of the normalised Hive type strings the DDL parser produces. */
  private static final class HiveType {
    private final String s;
    private int i;

    HiveType(String s) {
      this.s = s.replace(" ", "");
    }

    String parse() {
      String t = type();
      if (i != s.length()) {
        throw new IllegalArgumentException("bad Hive type " + s);
      }
      return t;
    }

    private String type() {
      String word = word();
      switch (word) {
        case "array":
          expect('<');
          String e = type();
          expect('>');
          return e + "[]";
        case "map":
          expect('<');
          String k = type();
          expect(',');
          String v = type();
          expect('>');
          return "MAP(" + k + ", " + v + ")";
        case "struct":
          expect('<');
          StringBuilder sb = new StringBuilder("STRUCT(");
          do {
            String field = word();
            expect(':');
            sb.append('"').append(field).append("\" ").append(type());
            if (peek() == ',') {
              sb.append(", ");
            }
          } while (accept(','));
          expect('>');
          return sb.append(')').toString();
        default:
          String args = "";
          if (accept('(')) {
            int end = s.indexOf(')', i);
            args = "(" + s.substring(i, end) + ")";
            i = end + 1;
          }
          return primitive(word, args);
      }
    }

    private static String primitive(String word, String args) {
      return switch (word) {
        case "string", "varchar", "char" -> "VARCHAR";
        case "boolean" -> "BOOLEAN";
        case "tinyint" -> "TINYINT";
        case "smallint" -> "SMALLINT";
        case "int", "integer" -> "INTEGER";
        case "bigint" -> "BIGINT";
        case "float" -> "FLOAT";
        case "double" -> "DOUBLE";
        case "decimal" -> "DECIMAL" + (args.isEmpty() ? "(10,0)" : args);
        case "date" -> "DATE";
        case "timestamp" -> "TIMESTAMP";
        case "binary" -> "BLOB";
        default -> throw new IllegalArgumentException("unknown Hive type " + word);
      };
    }

    private String word() {
      int start = i;
      while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
        i++;
      }
      return s.substring(start, i);
    }

    private char peek() {
      return i < s.length() ? s.charAt(i) : 0;
    }

    private boolean accept(char c) {
      if (peek() == c) {
        i++;
        return true;
      }
      return false;
    }

    private void expect(char c) {
      if (!accept(c)) {
        throw new IllegalArgumentException("bad Hive type " + s + " at " + i);
      }
    }
  }
}
