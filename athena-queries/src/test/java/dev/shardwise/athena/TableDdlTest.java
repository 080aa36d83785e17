package dev.shardwise.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trino.sql.parser.ParsingException;
import io.trino.sql.parser.SqlParser;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tables are Hive DDL, which the Trino parser refuses, so their structure is checked here:
 * every partition is projected, the template covers every key, the format is what the writers
 * produce.
 */
class TableDdlTest {
  private final QueryCatalog catalog = QueryCatalog.load();

  @Test
  void trinoRefusesHiveDdl_soTablesNeedThisStructuralTest() {
    String ddl = catalog.table("events").orElseThrow().ddl();
    assertThatThrownBy(() -> new SqlParser().createStatement(ddl))
        .isInstanceOf(ParsingException.class);
  }

  @Test
  void everyTable_projectsEveryPartitionSoNoneIsLoadedByHand() {
    for (TableDefinition t : catalog.tables()) {
      PartitionProjection p = t.projection().orElseThrow(() -> new AssertionError(t.name()));
      assertThat(p.rules().keySet())
          .as(t.name())
          .containsExactlyElementsOf(t.partitionKeys().stream().map(Column::name).toList());
      assertThat(p.locationTemplate()).startsWith(t.location());
      assertThat(t.properties()).containsEntry("projection.dt.type", "date");
      assertThat(t.properties()).containsEntry("projection.dt.format", "yyyy-MM-dd");
      assertThat(t.partitionKeys()).allSatisfy(k -> assertThat(k.type()).isEqualTo("string"));
    }
  }

  @Test
  void formats_parquetForFirehoseConversions_jsonForRejects() {
    assertThat(catalog.tables())
        .extracting(TableDefinition::name, TableDefinition::format)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("events", TableFormat.PARQUET),
            org.assertj.core.groups.Tuple.tuple("page_views", TableFormat.PARQUET),
            org.assertj.core.groups.Tuple.tuple("anomalies", TableFormat.PARQUET),
            org.assertj.core.groups.Tuple.tuple("rejects", TableFormat.JSON));
    TableDefinition rejects = catalog.table("rejects").orElseThrow();
    assertThat(rejects.serde()).isEqualTo("org.openx.data.jsonserde.JsonSerDe");
    assertThat(rejects.serdeProperties()).containsEntry("ignore.malformed.json", "true");
  }

  @Test
  void eventsProjection_admitsHoursOfProjectedDaysOnly() {
    PartitionProjection p =
        catalog.table("events").orElseThrow().withArchiveBucket("b").projection().orElseThrow();
    Instant now = Instant.parse("2026-11-21T10:00:00Z");

    assertThat(p.match("s3://b/events/dt=2026-11-21/hour=05/"))
        .contains(Map.of("dt", "2026-11-21", "hour", "05"));
    assertThat(p.admits(Map.of("dt", "2026-11-21", "hour", "05"), now)).isTrue();
    assertThat(p.admits(Map.of("dt", "2026-11-22", "hour", "23"), now)).isTrue(); // NOW+1DAYS
    assertThat(p.admits(Map.of("dt", "2026-11-23", "hour", "00"), now)).isFalse();
    assertThat(p.admits(Map.of("dt", "2023-12-31", "hour", "00"), now)).isFalse();
    assertThat(p.admits(Map.of("dt", "2026-11-21", "hour", "5"), now)).isFalse(); // digits=2
    assertThat(p.admits(Map.of("dt", "2026-11-21", "hour", "24"), now)).isFalse();
    assertThat(p.admits(Map.of("dt", "2026-1-21", "hour", "05"), now)).isFalse();
    assertThat(p.match("s3://b/events/dt=2026-11-21/")).isEmpty();
    assertThat(p.match("s3://b/page_views/dt=2026-11-21/hour=05/")).isEmpty();
  }

  @Test
  void parse_readsTypesCommentsAndProperties() {
    TableDefinition t =
        TableDefinition.parse(
            """
            -- a comment
            CREATE EXTERNAL TABLE db.`t` (
              a decimal(10, 2) COMMENT 'it''s',
              b array<struct<x:int, y:map<string,bigint>>>
            )
            PARTITIONED BY (p string)
            STORED AS PARQUET
            LOCATION 's3://b/t/'
            TBLPROPERTIES ('k'='v');
            """);

    assertThat(t.database()).isEqualTo("db");
    assertThat(t.name()).isEqualTo("t");
    assertThat(t.columns())
        .containsExactly(
            new Column("a", "decimal(10,2)", "its"),
            new Column("b", "array<struct<x:int,y:map<string,bigint>>>"));
    assertThat(t.properties()).isEqualTo(Map.of("k", "v"));
    assertThat(t.projection()).isEmpty();
  }

  @Test
  void parse_namesLineAndColumnOfTheProblem() {
    assertThatThrownBy(
            () ->
                TableDefinition.parse("CREATE EXTERNAL TABLE t (\n  a strng\n) LOCATION 's3://b/'"))
        .isInstanceOf(CatalogException.class)
        .hasMessage("line 2:5: unknown type 'strng'");
    assertThatThrownBy(() -> TableDefinition.parse("CREATE EXTERNAL TABLE t (a int)"))
        .hasMessageContaining("LOCATION is required");
    assertThatThrownBy(
            () ->
                TableDefinition.parse(
                    "CREATE EXTERNAL TABLE t (a int) CLUSTERED BY (a) INTO 4 BUCKETS LOCATION 'x'"))
        .hasMessageContaining("CLUSTERED BY is not supported");
    assertThatThrownBy(
            () ->
                TableDefinition.parse("CREATE EXTERNAL TABLE t (a int, A int) LOCATION 's3://b/'"))
        .hasMessageContaining("declares column a twice");
  }

  @Test
  void projection_withoutATypeForAPartition_failsNamingTheProperty() {
    TableDefinition t =
        TableDefinition.parse(
            "CREATE EXTERNAL TABLE t (a int) PARTITIONED BY (dt string) LOCATION 's3://b/t/'"
                + " TBLPROPERTIES ('projection.enabled'='true')");
    assertThatThrownBy(t::projection).hasMessageContaining("projection.dt.type is missing");
  }

  @Test
  void projection_integerEnumAndIntervals() {
    TableDefinition t =
        TableDefinition.parse(
            """
            CREATE EXTERNAL TABLE t (a int) PARTITIONED BY (d string, n string, r string)
            LOCATION 's3://b/t/'
            TBLPROPERTIES ('projection.enabled'='true',
              'projection.d.type'='date', 'projection.d.format'='yyyy-MM-dd',
              'projection.d.range'='2026-11-01,NOW-1DAYS', 'projection.d.interval'='7',
              'projection.n.type'='integer', 'projection.n.range'='0,10', 'projection.n.interval'='5',
              'projection.r.type'='enum', 'projection.r.values'='eu,us')
            """);
    PartitionProjection p = t.projection().orElseThrow();
    Instant now = Instant.parse("2026-11-30T00:00:00Z");

    assertThat(p.locationTemplate()).isEqualTo("s3://b/t/d=${d}/n=${n}/r=${r}/");
    assertThat(p.admits(Map.of("d", "2026-11-08", "n", "5", "r", "eu"), now)).isTrue();
    assertThat(p.admits(Map.of("d", "2026-11-09", "n", "5", "r", "eu"), now)).isFalse();
    assertThat(p.admits(Map.of("d", "2026-11-29", "n", "5", "r", "eu"), now)).isTrue();
    assertThat(p.admits(Map.of("d", "2026-11-08", "n", "6", "r", "eu"), now)).isFalse();
    assertThat(p.admits(Map.of("d", "2026-11-08", "n", "10", "r", "asia"), now)).isFalse();
  }
}
