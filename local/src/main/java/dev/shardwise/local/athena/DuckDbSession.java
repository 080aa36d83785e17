package dev.shardwise.local.athena;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;

/**
 * One embedded DuckDB instance for one query: in memory, its own settings, macros and temporary
 * views, so concurrent queries never see each other's state, and its file-system log tells exactly
 * which bytes of which files the query read. Closing it frees everything.
 *
 * <p>Settings that make DuckDB answer as Trino does: time zone UTC, integer division for {@code /}
 * on integers, NULLS LAST whatever the direction.
 */
final class DuckDbSession implements AutoCloseable {
  private static final String MACROS =
      """
      CREATE MACRO athena_from_iso8601_timestamp(s) AS
        CASE WHEN length(s) = 10 OR substr(s, 11, 1) = 'T' THEN CAST(s AS TIMESTAMPTZ)
             ELSE CAST('Invalid format: "' || s || '"' AS TIMESTAMPTZ) END;
      CREATE MACRO athena_from_iso8601_date(s) AS
        CASE WHEN length(s) = 10 THEN CAST(s AS DATE)
             ELSE CAST('Invalid format: "' || s || '"' AS DATE) END;
      """;

  private final Connection connection;
  private final Path tempDirectory;
  private volatile Statement running;

  private DuckDbSession(Connection connection, Path tempDirectory) {
    this.connection = connection;
    this.tempDirectory = tempDirectory;
  }

  static DuckDbSession open(int threads, String memoryLimit, Path tempDirectory)
      throws SQLException {
    Properties props = new Properties();
    props.setProperty("threads", Integer.toString(threads));
    props.setProperty("memory_limit", memoryLimit);
    props.setProperty("temp_directory", tempDirectory.toString()); // created when DuckDB spills
    Connection c = DriverManager.getConnection("jdbc:duckdb:", props);
    DuckDbSession session = new DuckDbSession(c, tempDirectory);
    try {
      session.execute("SET TimeZone = 'UTC'");
      session.execute("SET integer_division = true");
      session.execute("SET default_null_order = 'nulls_last'");
      for (String macro : MACROS.split(";")) {
        if (!macro.isBlank()) {
          session.execute(macro);
        }
      }
      session.execute("CALL enable_logging('FileSystem')");
    } catch (SQLException e) {
      session.close();
      throw e;
    }
    return session;
  }

  void execute(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      running = s;
      s.execute(sql);
    } finally {
      running = null;
    }
  }

  /** Runs a query and hands its result set to the reader while the statement is open. */
  <T> T query(String sql, ResultReader<T> reader) throws SQLException {
    try (Statement s = connection.createStatement()) {
      running = s;
      try (ResultSet rs = s.executeQuery(sql)) {
        return reader.read(rs);
      }
    } finally {
      running = null;
    }
  }

  /** Interrupts the running statement, if any (StopQueryExecution). */
  void cancel() {
    Statement s = running;
    if (s != null) {
      try {
        s.cancel();
      } catch (SQLException | RuntimeException e) {
        // already finished
      }
    }
  }

  /**
   * What the session read from files outside {@code excluded} (our own schema files and spill
   * space): the bytes of every read call and the files they came from.
   */
  ScanStats scanStats(Path excluded) throws SQLException {
    String prefix = excluded.toAbsolutePath().normalize().toString();
    return query(
        "SELECT message->>'path' AS path, sum(CAST(message->>'bytes' AS BIGINT)) AS bytes"
            + " FROM duckdb_logs WHERE type = 'FileSystem' AND message->>'op' = 'READ'"
            + " GROUP BY 1",
        rs -> {
          long bytes = 0;
          Set<Path> files = new HashSet<>();
          while (rs.next()) {
            String path = rs.getString(1);
            if (path == null || path.startsWith(prefix)) {
              continue;
            }
            bytes += rs.getLong(2);
            files.add(Path.of(path));
          }
          return new ScanStats(bytes, Set.copyOf(files));
        });
  }

  /** Closes the instance and deletes what it spilled. */
  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // nothing left to release
    }
    if (Files.exists(tempDirectory)) {
      try (var paths = Files.walk(tempDirectory)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (java.io.IOException | RuntimeException e) {
        // spill files of a closed instance are garbage; a later run can remove them
      }
    }
  }

  @FunctionalInterface
  interface ResultReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** Bytes a query read and the files they came from. */
  record ScanStats(long bytes, Set<Path> files) {}
}
