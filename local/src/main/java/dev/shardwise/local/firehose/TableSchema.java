package dev.shardwise.local.firehose;

import java.util.List;
import java.util.Objects;

/**
 * The columns of a Glue table, in order, with Hive type names ({@code string}, {@code int}, {@code
 * bigint}, {@code double}, {@code float}, {@code boolean}, {@code timestamp}, {@code date}, {@code
 * smallint}, {@code tinyint}, {@code map<string,double>}, {@code array<string>}, ...). Partition
 * columns are not part of it: Firehose writes them into the object key, not the file.
 */
public record TableSchema(String database, String table, List<Column> columns) {

  public TableSchema {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(table, "table");
    columns = List.copyOf(columns);
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("table " + database + "." + table + " has no columns");
    }
  }

  /** One column: a lower-case name and a Hive type. */
  public record Column(String name, String type) {
    public Column {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
    }
  }
}
