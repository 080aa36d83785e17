package dev.shardwise.athena;

import java.util.Locale;
import java.util.Objects;

/**
 * A column of a Glue table as its DDL declares it.
 *
 * @param name lower-case column name
 * @param type the Hive type, lower case and without spaces: {@code string}, {@code bigint}, {@code
 *     timestamp}, {@code map<string,double>}, {@code decimal(10,2)}, ... (the form Glue stores and
 *     Firehose's Parquet conversion reads)
 * @param comment the column comment, or {@code null}
 */
public record Column(String name, String type, String comment) {
  public Column {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a column needs a name");
    }
    name = name.toLowerCase(Locale.ROOT);
    type = type.toLowerCase(Locale.ROOT);
  }

  public Column(String name, String type) {
    this(name, type, null);
  }
}
