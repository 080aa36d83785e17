package dev.shardwise.athena.internal;

import dev.shardwise.athena.CatalogException;
import dev.shardwise.athena.Column;
import dev.shardwise.athena.TableDefinition;
import dev.shardwise.athena.TableFormat;
import dev.shardwise.athena.internal.HiveLexer.Kind;
import dev.shardwise.athena.internal.HiveLexer.Token;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code CREATE EXTERNAL TABLE} as Athena accepts it (Hive DDL): columns with Hive types and
 * comments, {@code PARTITIONED BY}, {@code ROW FORMAT SERDE ... WITH SERDEPROPERTIES}, {@code
 * STORED AS}, {@code LOCATION}, {@code TBLPROPERTIES}. Bucketing, skew and delimited row formats
 * are refused with the reason.
 */
public final class HiveDdlParser {
  private static final Set<String> PRIMITIVES =
      Set.of(
          "string",
          "varchar",
          "char",
          "boolean",
          "tinyint",
          "smallint",
          "int",
          "integer",
          "bigint",
          "float",
          "double",
          "decimal",
          "date",
          "timestamp",
          "binary");
  private static final Set<String> JSON_SERDES =
      Set.of("org.openx.data.jsonserde.JsonSerDe", "org.apache.hive.hcatalog.data.JsonSerDe");
  private static final String PARQUET_SERDE =
      "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";

  private final List<Token> tokens;
  private final String ddl;
  private int i;

  private HiveDdlParser(String ddl) {
    this.ddl = ddl;
    this.tokens = HiveLexer.tokens(ddl);
  }

  public static TableDefinition parse(String ddl) {
    return new HiveDdlParser(ddl).createTable();
  }

  private TableDefinition createTable() {
    expect("CREATE");
    accept("EXTERNAL");
    expect("TABLE");
    if (accept("IF")) {
      expect("NOT");
      expect("EXISTS");
    }
    String database = null;
    String name = name();
    if (accept(".")) {
      database = name;
      name = name();
    }
    List<Column> columns = columnList();
    List<Column> partitions = List.of();
    Map<String, String> serdeProps = new LinkedHashMap<>();
    Map<String, String> props = new LinkedHashMap<>();
    String serde = null;
    String storedAs = null;
    String inputFormat = null;
    String location = null;
    while (peek().kind() != Kind.END && !peek().is(";")) {
      Token t = peek();
      if (accept("COMMENT")) {
        string();
      } else if (accept("PARTITIONED")) {
        expect("BY");
        partitions = columnList();
      } else if (accept("ROW")) {
        expect("FORMAT");
        if (peek().is("DELIMITED")) {
          throw error(peek(), "ROW FORMAT DELIMITED is not supported here; use a SerDe");
        }
        expect("SERDE");
        serde = string();
        if (accept("WITH")) {
          expect("SERDEPROPERTIES");
          serdeProps = properties();
        }
      } else if (accept("STORED")) {
        expect("AS");
        if (accept("INPUTFORMAT")) {
          inputFormat = string();
          expect("OUTPUTFORMAT");
          string();
        } else {
          storedAs = word().toUpperCase(Locale.ROOT);
        }
      } else if (accept("LOCATION")) {
        location = string();
      } else if (accept("TBLPROPERTIES")) {
        props = properties();
      } else if (t.is("CLUSTERED") || t.is("SKEWED") || t.is("SORTED")) {
        throw error(t, t.text().toUpperCase(Locale.ROOT) + " BY is not supported");
      } else {
        throw error(t, "unexpected '" + t.text() + "'");
      }
    }
    accept(";");
    if (peek().kind() != Kind.END) {
      throw error(peek(), "one statement only; found more after ';'");
    }
    if (location == null) {
      throw new CatalogException("table " + name + ": LOCATION is required for an external table");
    }
    TableFormat format = format(storedAs, serde, inputFormat);
    return new TableDefinition(
        database == null ? null : database.toLowerCase(Locale.ROOT),
        name.toLowerCase(Locale.ROOT),
        columns,
        partitions,
        format,
        serde == null && format == TableFormat.PARQUET ? PARQUET_SERDE : serde,
        serdeProps,
        location,
        props,
        ddl.strip());
  }

  private static TableFormat format(String storedAs, String serde, String inputFormat) {
    if ("PARQUET".equals(storedAs)
        || PARQUET_SERDE.equals(serde)
        || (inputFormat != null && inputFormat.contains("Parquet"))) {
      return TableFormat.PARQUET;
    }
    if (serde != null && JSON_SERDES.contains(serde)) {
      return TableFormat.JSON;
    }
    return TableFormat.OTHER;
  }

  private List<Column> columnList() {
    expect("(");
    List<Column> out = new ArrayList<>();
    do {
      String name = name();
      String type = type();
      String comment = accept("COMMENT") ? string() : null;
      out.add(new Column(name, type, comment));
    } while (accept(","));
    expect(")");
    return out;
  }

  private String type() {
    Token t = peek();
    String base = word().toLowerCase(Locale.ROOT);
    switch (base) {
      case "array" -> {
        expect("<");
        String element = type();
        expect(">");
        return "array<" + element + ">";
      }
      case "map" -> {
        expect("<");
        String key = type();
        expect(",");
        String value = type();
        expect(">");
        return "map<" + key + "," + value + ">";
      }
      case "struct" -> {
        expect("<");
        StringBuilder sb = new StringBuilder("struct<");
        do {
          String field = name().toLowerCase(Locale.ROOT);
          expect(":");
          sb.append(field).append(':').append(type());
          if (peek().is(",")) {
            sb.append(',');
          }
        } while (accept(","));
        expect(">");
        return sb.append('>').toString();
      }
      default -> {
        if (!PRIMITIVES.contains(base)) {
          throw error(t, "unknown type '" + t.text() + "'");
        }
        if (accept("(")) {
          StringBuilder sb = new StringBuilder(base).append('(').append(word());
          while (accept(",")) {
            sb.append(',').append(word());
          }
          expect(")");
          return sb.append(')').toString();
        }
        return base;
      }
    }
  }

  private Map<String, String> properties() {
    expect("(");
    Map<String, String> out = new LinkedHashMap<>();
    if (accept(")")) {
      return out;
    }
    do {
      Token keyToken = peek();
      String key = string();
      expect("=");
      if (out.put(key, string()) != null) {
        throw error(keyToken, "property '" + key + "' is set twice");
      }
    } while (accept(","));
    expect(")");
    return out;
  }

  // ---- token helpers ---------------------------------------------------------------------------

  private Token peek() {
    return tokens.get(i);
  }

  private boolean accept(String word) {
    if (peek().is(word)) {
      i++;
      return true;
    }
    return false;
  }

  private void expect(String word) {
    if (!accept(word)) {
      throw error(peek(), "expected " + word + " but found '" + peek().text() + "'");
    }
  }

  private String name() {
    Token t = peek();
    if (t.kind() == Kind.WORD || t.kind() == Kind.QUOTED_NAME) {
      i++;
      return t.text();
    }
    throw error(t, "expected a name but found '" + t.text() + "'");
  }

  private String word() {
    Token t = peek();
    if (t.kind() == Kind.WORD) {
      i++;
      return t.text();
    }
    throw error(t, "expected a word but found '" + t.text() + "'");
  }

  private String string() {
    Token t = peek();
    if (t.kind() != Kind.STRING) {
      throw error(t, "expected a quoted string but found '" + t.text() + "'");
    }
    i++;
    StringBuilder sb = new StringBuilder(t.text());
    while (peek().kind() == Kind.STRING) { // Hive concatenates adjacent literals
      sb.append(tokens.get(i++).text());
    }
    return sb.toString();
  }

  private static CatalogException error(Token at, String message) {
    return new CatalogException(at.where() + ": " + message);
  }
}
