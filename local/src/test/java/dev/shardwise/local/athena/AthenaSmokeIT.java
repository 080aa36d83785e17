package dev.shardwise.local.athena;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.athena.AthenaQueryRunner;
import dev.shardwise.athena.QueryResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AthenaSmokeIT {
  @TempDir Path dir;

  @Test
  void selectOverAParquetPartition() throws Exception {
    Path part = dir.resolve("shardwise-archive/events/dt=2026-11-21/hour=10");
    Files.createDirectories(part);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute(
          "COPY (SELECT 1 AS schema, 'e' || i AS event_id, 'page_view' AS type,"
              + " '2026-11-21T10:00:00Z' AS time, 'd' || (i % 3) AS device_id, '/p' AS page"
              + " FROM range(10) t(i)) TO '"
              + part.resolve("f1.parquet")
              + "' (FORMAT PARQUET)");
    }
    try (LocalAthena athena = new LocalAthena(dir, Instant.parse("2026-11-22T00:00:00Z"))) {
      AthenaQueryRunner runner =
          new AthenaQueryRunner(athena.client, AthenaQueryRunner.Settings.defaults());
      QueryResult r =
          runner.run(
              "SELECT dt, count(*) AS n, count(DISTINCT device_id) AS devices, max(load_ms)"
                  + " FROM events WHERE dt = ? GROUP BY dt",
              List.of("'2026-11-21'"));
      assertThat(r.rows()).containsExactly(java.util.Arrays.asList("2026-11-21", "10", "3", null));
      assertThat(r.dataScannedBytes()).isPositive();
      QueryResult v =
          runner.run("SELECT count(*) FROM events_unique WHERE dt = '2026-11-21'", List.of());
      assertThat(v.rows()).containsExactly(List.of("10"));
      assertThat(v.columns().get(0).name()).isEqualTo("_col0");
    }
  }
}
