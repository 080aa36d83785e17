package dev.shardwise.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;

/**
 * Writes a large archive in the pipeline's layout with DuckDB alone (no JVM objects per row):
 * {@code events} partitioned by UTC date and hour (Zipf-like pages, 100k devices, telemetry maps,
 * 1% duplicate deliveries), {@code page_views} aggregated from them per shard, arrival minute,
 * event minute and page (2% repeated emissions), a few thousand {@code anomalies}, and {@code
 * rejects} as GZIP JSON lines. Deterministic: values derive from {@code hash(i)}.
 */
final class BenchArchive {
  private BenchArchive() {}

  static void write(Path archive, long events, LocalDate firstDay, int days, int threads)
      throws IOException, SQLException {
    Files.createDirectories(archive);
    long span = days * 86_400_000_000L;
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute("SET threads = " + threads);
      s.execute("SET TimeZone = 'UTC'");
      s.execute("SET preserve_insertion_order = false");
      s.execute(
          "CREATE TABLE ev AS SELECT i, ts, ts + to_milliseconds(CAST(200 + hash(i, 7) % 5000 AS BIGINT)) AS arrival,"
              + " CASE WHEN h < 60 THEN 'page_view' WHEN h < 75 THEN 'click' ELSE 'telemetry' END AS type,"
              + " 'dev-' || lpad(CAST(hash(i, 3) % 100000 AS VARCHAR), 6, '0') AS device_id,"
              + " '/page/' || CAST(floor(pow(200.0, (hash(i, 4) % 1000000) / 1000000.0)) AS BIGINT) AS page,"
              + " CAST(50 + hash(i, 5) % 2000 AS INTEGER) AS load_ms"
              + " FROM (SELECT i, TIMESTAMP '"
              + firstDay
              + "' + to_microseconds(CAST(hash(i) % "
              + span
              + " AS BIGINT)) AS ts, hash(i, 2) % 100 AS h FROM range("
              + events
              + ") t(i))");
      s.execute(
          "COPY (SELECT 1 AS schema, 'evt-' || i AS event_id, type,"
              + " strftime(ts, '%Y-%m-%dT%H:%M:%S.%gZ') AS time, device_id, NULL::VARCHAR AS session_id,"
              + " CASE WHEN type = 'telemetry' THEN NULL ELSE page END AS page, NULL::VARCHAR AS referrer,"
              + " 'DE' AS country, CASE WHEN type = 'page_view' THEN load_ms END AS load_ms,"
              + " CASE WHEN type = 'telemetry' THEN MAP {'cpu': (hash(i, 8) % 1000) / 1000.0,"
              + " 'mem': (hash(i, 9) % 4000) / 1000.0} END AS metrics,"
              + " strftime(ts, '%Y-%m-%d') AS dt, strftime(ts, '%H') AS hour"
              + " FROM ev"
              + " UNION ALL SELECT 1, 'evt-' || i, type, strftime(ts, '%Y-%m-%dT%H:%M:%S.%gZ'), device_id, NULL,"
              + " page, NULL, 'DE', load_ms, NULL, strftime(ts, '%Y-%m-%d'), strftime(ts, '%H')"
              + " FROM ev WHERE hash(i, 11) % 100 = 0 AND type = 'page_view')"
              + " TO '"
              + archive.resolve("events")
              + "' (FORMAT PARQUET, PARTITION_BY (dt, hour),"
              + " FILENAME_PATTERN 'shardwise-events-{i}', OVERWRITE_OR_IGNORE)");
      s.execute(
          "CREATE TABLE pv AS SELECT 'shardId-' || lpad(CAST(hash(device_id) % 4 AS VARCHAR), 12, '0') AS shard_id,"
              + " date_trunc('minute', arrival) AS window_start, date_trunc('minute', ts) AS minute, page,"
              + " count(*) AS views, count(DISTINCT device_id) AS unique_devices, sum(load_ms) AS load_ms_sum,"
              + " count(load_ms) AS load_ms_count, max(load_ms) AS load_ms_max"
              + " FROM ev WHERE type = 'page_view' GROUP BY ALL");
      s.execute(
          "COPY (SELECT md5(shard_id || window_start || minute || page) AS row_id, shard_id, window_start,"
              + " window_start + INTERVAL 1 MINUTE AS window_end, 'seg' AS segment, minute, page, views,"
              + " unique_devices, CAST(load_ms_sum AS BIGINT) AS load_ms_sum, load_ms_count, load_ms_max,"
              + " minute + INTERVAL 1 MINUTE <= window_start AS late, strftime(minute, '%Y-%m-%d') AS dt"
              + " FROM pv, range(1, 3) r(copy) WHERE copy = 1 OR hash(page, minute) % 50 = 0)"
              + " TO '"
              + archive.resolve("page_views")
              + "' (FORMAT PARQUET, PARTITION_BY (dt),"
              + " FILENAME_PATTERN 'shardwise-page-views-{i}', OVERWRITE_OR_IGNORE)");
      s.execute(
          "COPY (SELECT md5('a' || i) AS row_id, 'shardId-000000000000' AS shard_id, t AS detected_at,"
              + " t - INTERVAL 1 MINUTE AS window_start, t AS window_end, 'spike' AS kind, 'page' AS key_type,"
              + " '/page/' || (i % 200) AS key, 'views' AS metric, 100.0 + i % 50 AS observed, 20.0 AS expected,"
              + " 10.0 AS band_low, 30.0 AS band_high, 5.0 AS score, 3.0 AS threshold,"
              + " CASE WHEN i % 3 = 0 THEN 'critical' ELSE 'warning' END AS severity,"
              + " strftime(t, '%Y-%m-%d') AS dt"
              + " FROM (SELECT i, date_trunc('minute', TIMESTAMP '"
              + firstDay
              + "' + to_microseconds(CAST(hash(i, 21) % "
              + span
              + " AS BIGINT))) AS t FROM range(5000) r(i)))"
              + " TO '"
              + archive.resolve("anomalies")
              + "' (FORMAT PARQUET, PARTITION_BY (dt),"
              + " FILENAME_PATTERN 'shardwise-anomalies-{i}', OVERWRITE_OR_IGNORE)");
      s.execute(
          "COPY (SELECT md5('r' || i) AS row_id, 'shardId-000000000001' AS shard_id, '4959' || i AS sequence_number,"
              + " -1 AS sub_sequence_number, device_id AS partition_key,"
              + " strftime(arrival, '%Y-%m-%dT%H:%M:%S.%gZ') AS arrival_time,"
              + " CASE WHEN hash(i, 31) % 3 = 0 THEN 'malformed_json' ELSE 'bad_value' END AS reason,"
              + " 'rejected' AS message, 42 AS data_length, 'e30=' AS data_base64, strftime(arrival, '%Y-%m-%d') AS dt"
              + " FROM ev WHERE hash(i, 30) % 100 = 0)"
              + " TO '"
              + archive.resolve("rejects")
              + "' (FORMAT JSON, COMPRESSION GZIP, PARTITION_BY (dt),"
              + " FILENAME_PATTERN 'shardwise-rejects-{i}', FILE_EXTENSION 'gz', OVERWRITE_OR_IGNORE)");
    }
  }
}
