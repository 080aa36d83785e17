package dev.shardwise.local.athena;

import java.io.IOException;
import java.util.List;

/** Receives a statement's result as it is produced: the columns once, then each row. */
interface ResultSink {
  void columns(List<ColumnMeta> columns) throws IOException;

  /** One row; a {@code null} value is SQL NULL. */
  void row(String[] values) throws IOException;

  /** A result column: name, Athena type, precision and scale. */
  record ColumnMeta(String name, String type, int precision, int scale) {}
}
