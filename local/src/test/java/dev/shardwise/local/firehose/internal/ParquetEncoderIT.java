package dev.shardwise.local.firehose.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shardwise.firehose.DataFormatConversion.OpenXJsonSerDe;
import dev.shardwise.local.firehose.ColumnListSchemaResolver;
import dev.shardwise.local.firehose.TableSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetEncoderIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final TableSchema EVENTS =
      new ColumnListSchemaResolver()
          .table(
              "shardwise",
              "events",
              "schema int, event_id string, type string, time string, device_id string,"
                  + " load_ms int, views bigint, at timestamp, day date, ok boolean, ratio float,"
                  + " metrics map<string,double>, tags array<string>")
          .resolve("shardwise", "events")
          .orElseThrow();

  @TempDir Path dir;

  static List<Object[]> rows(String... json) throws Exception {
    RowConverter converter = new RowConverter(EVENTS, new OpenXJsonSerDe(null, null, null));
    List<Object[]> rows = new ArrayList<>();
    for (String j : json) {
      rows.add(converter.convert(JSON.readTree(j)));
    }
    return rows;
  }

  @Test
  void duckdbReadsEveryTypeBack() throws Exception {
    List<Object[]> rows =
        rows(
            "{\"schema\":1,\"event_id\":\"e1\",\"Type\":\"telemetry\",\"time\":\"2026-11-21T10:15:30.123+01:00\","
                + "\"device_id\":\"d1\",\"load_ms\":\"250\",\"views\":12345678901,\"at\":\"2026-11-21T10:15:30.123Z\","
                + "\"day\":\"2026-11-21\",\"ok\":true,\"ratio\":0.5,\"metrics\":{\"temp\":21.5,\"hum\":40},\"tags\":[\"a\",\"b\"]}",
            "{\"event_id\":\"e2\",\"metrics\":{},\"tags\":[],\"at\":1763720130}");
    Path file = dir.resolve("x.parquet");
    Files.write(file, new ParquetEncoder(EVENTS, "SNAPPY").encode(rows));

    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        ResultSet r =
            c.createStatement()
                .executeQuery(
                    "SELECT schema, event_id, type, time, load_ms, views, CAST(\"at\" AS VARCHAR), \"day\", ok,"
                        + " ratio, metrics['temp'], cardinality(metrics), tags, typeof(\"at\"), typeof(metrics)"
                        + " FROM read_parquet('"
                        + file
                        + "') ORDER BY event_id")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getInt(1)).isEqualTo(1);
      assertThat(r.getString(2)).isEqualTo("e1");
      assertThat(r.getString(3)).isEqualTo("telemetry");
      assertThat(r.getString(4)).isEqualTo("2026-11-21T10:15:30.123+01:00");
      assertThat(r.getInt(5)).isEqualTo(250);
      assertThat(r.getLong(6)).isEqualTo(12345678901L);
      assertThat(r.getString(7)).isEqualTo("2026-11-21 10:15:30.123");
      assertThat(r.getString(8)).isEqualTo("2026-11-21");
      assertThat(r.getBoolean(9)).isTrue();
      assertThat(r.getFloat(10)).isEqualTo(0.5f);
      assertThat(r.getDouble(11)).isEqualTo(21.5);
      assertThat(r.getInt(12)).isEqualTo(2);
      assertThat(r.getString(13)).isEqualTo("[a, b]");
      assertThat(r.getString(14)).isEqualTo("TIMESTAMP");
      assertThat(r.getString(15)).isEqualTo("MAP(VARCHAR, DOUBLE)");
      assertThat(r.next()).isTrue();
      assertThat(r.getObject(1)).isNull();
      assertThat(r.getString(7)).isEqualTo("2025-11-21 10:15:30");
      assertThat(r.getInt(12)).isZero();
      assertThat(r.next()).isFalse();
    }
  }

  @Test
  void parquetFloorReadsTheSameFile() throws Exception {
    Path file = dir.resolve("y.parquet");
    Files.write(
        file,
        new ParquetEncoder(EVENTS, "UNCOMPRESSED")
            .encode(
                rows("{\"event_id\":\"e1\",\"views\":7}", "{\"event_id\":\"e2\",\"ok\":false}")));

    List<Map<String, Object>> read;
    try (var s =
        blue.strategic.parquet.ParquetReader.streamContent(file.toFile(), new MapHydrator())) {
      read = s.toList();
    }
    assertThat(read).hasSize(2);
    assertThat(read.get(0)).containsEntry("event_id", "e1").containsEntry("views", 7L);
    assertThat(read.get(1)).containsEntry("event_id", "e2").containsEntry("ok", false);
    var meta = blue.strategic.parquet.ParquetReader.readMetadata(file.toFile());
    assertThat(meta.getFileMetaData().getSchema().getFieldCount())
        .isEqualTo(EVENTS.columns().size());
    assertThat(meta.getBlocks().get(0).getRowCount()).isEqualTo(2);
  }

  /** Collects a row's non-null values by column name. */
  static final class MapHydrator
      implements blue.strategic.parquet.Hydrator<
          Map<String, Object>, Map<String, Object>, String[]> {
    @Override
    public Map<String, Object> start() {
      return new java.util.HashMap<>();
    }

    @Override
    public Map<String, Object> add(Map<String, Object> target, String[] path, Object value) {
      target.put(String.join(".", path), value);
      return target;
    }

    @Override
    public Map<String, Object> finish(Map<String, Object> target) {
      return target;
    }
  }

  @Test
  void session_finishedOnce_keepsItsBytesForRetriesAndRefusesMoreRows() throws Exception {
    // GIVEN rows written into an open file one by one
    List<Object[]> rows =
        rows(
            "{\"schema\":1,\"event_id\":\"e1\",\"metrics\":{\"temp\":21.5}}",
            "{\"event_id\":\"e2\",\"tags\":[\"a\"]}");
    ParquetEncoder encoder = new ParquetEncoder(EVENTS, "SNAPPY");
    ParquetEncoder.Session session = encoder.open();
    for (Object[] row : rows) {
      session.write(row);
    }
    // WHEN it is finished twice (a delivery and its retry)
    byte[] first = session.finish();
    byte[] second = session.finish();
    // THEN both are the same file, DuckDB reads the rows, and no row can be added any more
    assertThat(second).isSameAs(first);
    assertThat(session.rows()).isEqualTo(2);
    Path file = dir.resolve("s.parquet");
    Files.write(file, first);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        ResultSet r =
            c.createStatement()
                .executeQuery("SELECT count(*), min(event_id) FROM read_parquet('" + file + "')")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getLong(1)).isEqualTo(2);
      assertThat(r.getString(2)).isEqualTo("e1");
    }
    assertThatThrownBy(() -> session.write(rows.get(0))).isInstanceOf(IllegalStateException.class);
  }
}
