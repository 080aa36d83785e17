package dev.shardwise.athena;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of a successful query: columns, rows (values as Athena returns them, {@code null} for
 * SQL NULL) and the statistics Athena reports.
 *
 * @param queryExecutionId Athena's id of the execution
 * @param statementType {@code DML}, {@code DDL} or {@code UTILITY}
 * @param columns name and Athena type of each column
 * @param rows the rows, without the header row Athena puts first
 * @param dataScannedBytes {@code Statistics.DataScannedInBytes}
 * @param engineTimeMillis {@code Statistics.EngineExecutionTimeInMillis}
 * @param outputLocation where Athena wrote the result CSV
 */
public record QueryResult(
    String queryExecutionId,
    String statementType,
    List<ResultColumn> columns,
    List<List<String>> rows,
    long dataScannedBytes,
    long engineTimeMillis,
    String outputLocation) {

  public QueryResult {
    Objects.requireNonNull(queryExecutionId, "queryExecutionId");
    columns = List.copyOf(columns);
    List<List<String>> copy = new ArrayList<>(rows.size());
    for (List<String> r : rows) {
      copy.add(Collections.unmodifiableList(new ArrayList<>(r))); // values may be null
    }
    rows = Collections.unmodifiableList(copy);
  }

  /** Estimated Athena cost of the data scanned ({@link AthenaCost}). */
  public double estimatedCostUsd() {
    return AthenaCost.usd(dataScannedBytes);
  }

  /** A column of a result: its name and Athena type ({@code varchar}, {@code bigint}, ...). */
  public record ResultColumn(String name, String type) {}
}
