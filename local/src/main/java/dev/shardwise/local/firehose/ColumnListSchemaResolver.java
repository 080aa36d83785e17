package dev.shardwise.local.firehose;

import dev.shardwise.local.firehose.TableSchema.Column;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link TableSchemaResolver} over tables given as column lists, e.g. {@code "row_id string,
 * views bigint, metrics map<string,double>"}. For tests and for wiring before the catalog exists.
 */
public final class ColumnListSchemaResolver implements TableSchemaResolver {
  private final Map<String, TableSchema> tables = new ConcurrentHashMap<>();

  /** Adds (or replaces) a table from a comma-separated {@code name type} list. */
  public ColumnListSchemaResolver table(String database, String table, String columns) {
    tables.put(database + "." + table, new TableSchema(database, table, parse(columns)));
    return this;
  }

  @Override
  public Optional<TableSchema> resolve(String database, String table) {
    return Optional.ofNullable(tables.get(database + "." + table));
  }

  /** Parses {@code name type, name type}; commas inside {@code <...>} belong to the type. */
  static List<Column> parse(String columns) {
    List<Column> out = new ArrayList<>();
    int depth = 0;
    int from = 0;
    for (int i = 0; i <= columns.length(); i++) {
      char c = i == columns.length() ? ',' : columns.charAt(i);
      if (c == '<') {
        depth++;
      } else if (c == '>') {
        depth--;
      } else if (c == ',' && depth == 0) {
        String def = columns.substring(from, i).trim();
        from = i + 1;
        if (def.isEmpty()) {
          continue;
        }
        int space = def.indexOf(' ');
        if (space < 0) {
          throw new IllegalArgumentException("column '" + def + "' needs a name and a type");
        }
        out.add(
            new Column(def.substring(0, space).trim(), def.substring(space + 1).replace(" ", "")));
      }
    }
    return out;
  }
}
