package dev.shardwise.local.athena;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.local.athena.ArchiveFixture.Anomaly;
import dev.shardwise.local.athena.ArchiveFixture.Event;
import dev.shardwise.local.athena.ArchiveFixture.PageViewRow;
import dev.shardwise.local.athena.ArchiveFixture.Reject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

/**
 * Writes an {@link ArchiveFixture} to {@code <dataDir>/shardwise-archive/} as the pipeline would:
 * Parquet through DuckDB for events, page_views and anomalies, GZIP JSON lines for rejects. Each
 * first copy goes to one file of its partition, repeated copies to a second file, as a retried
 * delivery would. File modification times are set from the data, so freshness has a truth.
 */
final class ArchiveWriter {
  /** A file written: table, partition date, path and the modification time it was given. */
  record Written(String table, String dt, Path path, Instant modified) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private ArchiveWriter() {}

  static List<Written> write(ArchiveFixture f, Path archive) throws IOException, SQLException {
    List<Written> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      events(c, f, archive, out);
      pageViews(c, f, archive, out);
      anomalies(c, f, archive, out);
    }
    rejects(f, archive, out);
    return out;
  }

  private static void events(Connection c, ArchiveFixture f, Path archive, List<Written> out)
      throws SQLException, IOException {
    exec(
        c,
        "CREATE TABLE ev (file VARCHAR, schema INTEGER, event_id VARCHAR, type VARCHAR,"
            + " time VARCHAR, device_id VARCHAR, session_id VARCHAR, page VARCHAR, referrer VARCHAR,"
            + " country VARCHAR, load_ms INTEGER, mk VARCHAR, mv VARCHAR, arrival TIMESTAMP)");
    Map<String, Instant> newest = new LinkedHashMap<>();
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO ev VALUES (?, 1, ?, ?, ?, ?, NULL, ?, NULL, 'DE', ?, ?, ?, ?)")) {
      for (Event e : f.events) {
        for (int copy = 0; copy < e.copies(); copy++) {
          String file =
              "events/dt="
                  + e.dt()
                  + "/hour="
                  + e.hour()
                  + "/shardwise-events-1-"
                  + e.dt()
                  + "-"
                  + e.hour()
                  + (copy == 0 ? "-00-00-a" : "-30-00-retry")
                  + ".parquet";
          p.setString(1, file);
          p.setString(2, e.eventId());
          p.setString(3, e.type());
          p.setString(4, e.time());
          p.setString(5, e.deviceId());
          p.setString(6, e.page());
          p.setObject(7, e.loadMs());
          p.setString(8, e.metrics() == null ? null : String.join(",", e.metrics().keySet()));
          p.setString(
              9,
              e.metrics() == null
                  ? null
                  : e.metrics().values().stream()
                      .map(String::valueOf)
                      .collect(Collectors.joining(",")));
          p.setObject(10, e.arrival().atZone(ZoneOffset.UTC).toLocalDateTime());
          p.addBatch();
          newest.merge(file, e.arrival(), (a, b) -> a.isAfter(b) ? a : b);
        }
      }
      p.executeBatch();
    }
    copyEach(
        c,
        archive,
        newest,
        "events",
        "SELECT schema, event_id, type, time, device_id, session_id, page, referrer, country,"
            + " load_ms, CASE WHEN mk IS NULL THEN NULL ELSE map(string_split(mk, ','),"
            + " list_transform(string_split(mv, ','), lambda x: CAST(x AS DOUBLE))) END AS metrics"
            + " FROM ev WHERE file = ",
        out);
  }

  private static void pageViews(Connection c, ArchiveFixture f, Path archive, List<Written> out)
      throws SQLException, IOException {
    exec(
        c,
        "CREATE TABLE pv (file VARCHAR, row_id VARCHAR, shard_id VARCHAR, window_start TIMESTAMP,"
            + " window_end TIMESTAMP, segment VARCHAR, minute TIMESTAMP, page VARCHAR, views BIGINT,"
            + " unique_devices BIGINT, load_ms_sum BIGINT, load_ms_count BIGINT, load_ms_max INTEGER,"
            + " late BOOLEAN)");
    Map<String, Instant> newest = new LinkedHashMap<>();
    try (PreparedStatement p =
        c.prepareStatement("INSERT INTO pv VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (PageViewRow r : f.pageViews) {
        String dt = r.minute().atZone(ZoneOffset.UTC).toLocalDate().toString();
        for (int copy = 0; copy < r.copies(); copy++) {
          String file =
              "page_views/dt="
                  + dt
                  + "/shardwise-page-views-1-"
                  + dt
                  + (copy == 0 ? "-a" : "-retry")
                  + ".parquet";
          p.setString(1, file);
          p.setString(2, r.rowId());
          p.setString(3, r.shardId());
          p.setObject(4, ts(r.windowStart()));
          p.setObject(5, ts(r.windowStart().plusSeconds(60)));
          p.setString(6, r.segment());
          p.setObject(7, ts(r.minute()));
          p.setString(8, r.page());
          p.setLong(9, r.views());
          p.setLong(10, r.uniqueDevices());
          p.setLong(11, r.loadMsSum());
          p.setLong(12, r.loadMsCount());
          p.setObject(13, r.loadMsMax());
          p.setBoolean(14, r.late());
          p.addBatch();
          newest.merge(file, r.windowStart().plusSeconds(60), (a, b) -> a.isAfter(b) ? a : b);
        }
      }
      p.executeBatch();
    }
    copyEach(
        c, archive, newest, "page_views", "SELECT * EXCLUDE (file) FROM pv WHERE file = ", out);
  }

  private static void anomalies(Connection c, ArchiveFixture f, Path archive, List<Written> out)
      throws SQLException, IOException {
    exec(
        c,
        "CREATE TABLE an (file VARCHAR, row_id VARCHAR, shard_id VARCHAR, detected_at TIMESTAMP,"
            + " window_start TIMESTAMP, window_end TIMESTAMP, kind VARCHAR, key_type VARCHAR,"
            + " key VARCHAR, metric VARCHAR, observed DOUBLE, expected DOUBLE, band_low DOUBLE,"
            + " band_high DOUBLE, score DOUBLE, threshold DOUBLE, severity VARCHAR)");
    Map<String, Instant> newest = new LinkedHashMap<>();
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO an VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 3.0, ?)")) {
      for (Anomaly a : f.anomalies) {
        String dt = a.detectedAt().atZone(ZoneOffset.UTC).toLocalDate().toString();
        for (int copy = 0; copy < a.copies(); copy++) {
          String file =
              "anomalies/dt="
                  + dt
                  + "/shardwise-anomalies-1-"
                  + dt
                  + (copy == 0 ? "-a" : "-retry")
                  + ".parquet";
          p.setString(1, file);
          p.setString(2, a.rowId());
          p.setString(3, a.shardId());
          p.setObject(4, ts(a.detectedAt()));
          p.setObject(5, ts(a.detectedAt().minusSeconds(60)));
          p.setObject(6, ts(a.detectedAt()));
          p.setString(7, a.kind());
          p.setString(8, a.keyType());
          p.setString(9, a.key());
          p.setString(10, a.metric());
          p.setDouble(11, a.observed());
          p.setDouble(12, a.expected());
          p.setDouble(13, a.expected() - 10);
          p.setDouble(14, a.expected() + 10);
          p.setDouble(15, a.score());
          p.setString(16, a.severity());
          p.addBatch();
          newest.merge(file, a.detectedAt(), (x, y) -> x.isAfter(y) ? x : y);
        }
      }
      p.executeBatch();
    }
    copyEach(c, archive, newest, "anomalies", "SELECT * EXCLUDE (file) FROM an WHERE file = ", out);
  }

  private static void rejects(ArchiveFixture f, Path archive, List<Written> out)
      throws IOException {
    Map<String, StringBuilder> files = new LinkedHashMap<>();
    Map<String, Instant> newest = new LinkedHashMap<>();
    for (Reject r : f.rejects) {
      String dt = r.arrival().atZone(ZoneOffset.UTC).toLocalDate().toString();
      for (int copy = 0; copy < r.copies(); copy++) {
        String file =
            "rejects/dt="
                + dt
                + "/shardwise-rejects-1-"
                + dt
                + (copy == 0 ? "-a" : "-retry")
                + ".gz";
        ObjectNode n = JSON.createObjectNode();
        n.put("row_id", r.rowId());
        n.put("shard_id", r.shardId());
        n.put("sequence_number", r.sequenceNumber());
        n.put("sub_sequence_number", -1);
        n.put("partition_key", "dev-000");
        n.put("arrival_time", ArchiveFixture.ISO_MILLIS.format(r.arrival()));
        n.put("reason", r.reason());
        n.put("message", "rejected: " + r.reason());
        n.put("data_length", 42);
        n.put("data_base64", "e30=");
        files
            .computeIfAbsent(file, k -> new StringBuilder())
            .append(JSON.writeValueAsString(n))
            .append('\n');
        newest.merge(file, r.arrival(), (a, b) -> a.isAfter(b) ? a : b);
      }
    }
    for (Map.Entry<String, StringBuilder> e : files.entrySet()) {
      if (e.getKey().endsWith("-a.gz")) {
        e.getValue().append("{\"row_id\": \"broken\n"); // a malformed line: ignore.malformed.json
      }
      Path path = archive.resolve(e.getKey());
      Files.createDirectories(path.getParent());
      try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(path))) {
        o.write(e.getValue().toString().getBytes(StandardCharsets.UTF_8));
      }
      out.add(touch("rejects", e.getKey(), path, newest.get(e.getKey())));
    }
  }

  private static void copyEach(
      Connection c,
      Path archive,
      Map<String, Instant> newest,
      String table,
      String select,
      List<Written> out)
      throws SQLException, IOException {
    for (Map.Entry<String, Instant> file : newest.entrySet()) {
      Path path = archive.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      exec(c, "COPY (" + select + "'" + file.getKey() + "') TO '" + path + "' (FORMAT PARQUET)");
      out.add(touch(table, file.getKey(), path, file.getValue()));
    }
  }

  /** Firehose delivers a file about a minute after its newest record. */
  private static Written touch(String table, String key, Path path, Instant newest)
      throws IOException {
    Instant modified = newest.plusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    Files.setLastModifiedTime(path, FileTime.from(modified));
    String dt = key.substring(key.indexOf("dt=") + 3, key.indexOf("dt=") + 13);
    return new Written(table, dt, path, modified);
  }

  private static java.time.LocalDateTime ts(Instant i) {
    return i.atZone(ZoneOffset.UTC).toLocalDateTime();
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
