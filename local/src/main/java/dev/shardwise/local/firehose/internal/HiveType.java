package dev.shardwise.local.firehose.internal;

import java.util.Locale;

/** A Glue/Hive column type the local Firehose converts to: a primitive, a map or an array. */
public sealed interface HiveType {

  enum Kind {
    STRING,
    INT,
    BIGINT,
    SMALLINT,
    TINYINT,
    DOUBLE,
    FLOAT,
    BOOLEAN,
    TIMESTAMP,
    DATE
  }

  record Primitive(Kind kind) implements HiveType {}

  record MapType(HiveType key, HiveType value) implements HiveType {}

  record ArrayType(HiveType element) implements HiveType {}

  /**
   * Parses {@code string}, {@code varchar(10)}, {@code map<string,double>}, {@code array<int>}...
   *
   * @throws IllegalArgumentException for a type the local Firehose cannot write (decimal, struct)
   */
  static HiveType parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("map<") && t.endsWith(">")) {
      String inner = t.substring(4, t.length() - 1);
      int comma = topLevelComma(inner);
      if (comma < 0) {
        throw new IllegalArgumentException("map type needs a key and a value: " + text);
      }
      HiveType key = parse(inner.substring(0, comma));
      if (!(key instanceof Primitive)) {
        throw new IllegalArgumentException("map keys must be primitive: " + text);
      }
      return new MapType(key, parse(inner.substring(comma + 1)));
    }
    if (t.startsWith("array<") && t.endsWith(">")) {
      return new ArrayType(parse(t.substring(6, t.length() - 1)));
    }
    if (t.startsWith("varchar(") || t.startsWith("char(")) {
      return new Primitive(Kind.STRING);
    }
    return switch (t) {
      case "string" -> new Primitive(Kind.STRING);
      case "int", "integer" -> new Primitive(Kind.INT);
      case "bigint" -> new Primitive(Kind.BIGINT);
      case "smallint" -> new Primitive(Kind.SMALLINT);
      case "tinyint" -> new Primitive(Kind.TINYINT);
      case "double" -> new Primitive(Kind.DOUBLE);
      case "float" -> new Primitive(Kind.FLOAT);
      case "boolean" -> new Primitive(Kind.BOOLEAN);
      case "timestamp" -> new Primitive(Kind.TIMESTAMP);
      case "date" -> new Primitive(Kind.DATE);
      default ->
          throw new IllegalArgumentException(
              "column type '" + text + "' is not supported by the local Firehose");
    };
  }

  private static int topLevelComma(String s) {
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '<') {
        depth++;
      } else if (c == '>') {
        depth--;
      } else if (c == ',' && depth == 0) {
        return i;
      }
    }
    return -1;
  }
}
