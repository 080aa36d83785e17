package dev.shardwise.athena;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryCatalogTest {
  private final QueryCatalog catalog = QueryCatalog.load();

  @Test
  void load_readsEveryTableViewAndNamedQuery() {
    assertThat(catalog.tables())
        .extracting(TableDefinition::name)
        .containsExactly("events", "page_views", "anomalies", "rejects");
    assertThat(catalog.views())
        .extracting(ViewDefinition::name)
        .containsExactly("events_unique", "page_views_minutely", "anomalies_unique");
    assertThat(catalog.namedQueries())
        .extracting(NamedQuery::name)
        .containsExactly(
            "top_pages",
            "page_views_per_minute",
            "unique_devices_per_day",
            "recent_anomalies",
            "device_telemetry",
            "reject_reasons",
            "pipeline_freshness",
            "duplicates_observed");
  }

  @Test
  void locationTemplates_matchTheArchiveLayoutOfArchitectureMd() {
    // docs/architecture.md "S3 layout of the archive": these prefixes, exactly
    Map<String, String> prefixes =
        Map.of(
            "events", "events/dt=${dt}/hour=${hour}/",
            "page_views", "page_views/dt=${dt}/",
            "anomalies", "anomalies/dt=${dt}/",
            "rejects", "rejects/dt=${dt}/");
    prefixes.forEach(
        (table, prefix) -> {
          TableDefinition t = catalog.table(table).orElseThrow().withArchiveBucket("b");
          assertThat(t.locationTemplate()).contains("s3://b/" + prefix);
          assertThat(t.location()).isEqualTo("s3://b/" + table + "/");
        });
  }

  @Test
  void tableColumns_areWhatTheLocalFirehoseConvertsTo() {
    TableDefinition events = catalog.table("events").orElseThrow();
    assertThat(events.columns())
        .extracting(Column::name, Column::type)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("schema", "int"),
            org.assertj.core.groups.Tuple.tuple("event_id", "string"),
            org.assertj.core.groups.Tuple.tuple("type", "string"),
            org.assertj.core.groups.Tuple.tuple("time", "string"),
            org.assertj.core.groups.Tuple.tuple("device_id", "string"),
            org.assertj.core.groups.Tuple.tuple("session_id", "string"),
            org.assertj.core.groups.Tuple.tuple("page", "string"),
            org.assertj.core.groups.Tuple.tuple("referrer", "string"),
            org.assertj.core.groups.Tuple.tuple("country", "string"),
            org.assertj.core.groups.Tuple.tuple("load_ms", "int"),
            org.assertj.core.groups.Tuple.tuple("metrics", "map<string,double>"));
    assertThat(events.partitionKeys()).extracting(Column::name).containsExactly("dt", "hour");
    assertThat(catalog.table("PAGE_VIEWS").orElseThrow().columns())
        .extracting(Column::name)
        .containsExactly(
            "row_id",
            "shard_id",
            "window_start",
            "window_end",
            "segment",
            "minute",
            "page",
            "views",
            "unique_devices",
            "load_ms_sum",
            "load_ms_count",
            "load_ms_max",
            "late");
  }

  @Test
  void setupStatements_createDatabaseThenTablesThenViews() {
    List<String> statements = catalog.setupStatements("my-archive");

    assertThat(statements).hasSize(1 + 4 + 3);
    assertThat(statements.get(0)).isEqualTo("CREATE DATABASE IF NOT EXISTS shardwise");
    assertThat(statements.subList(1, 5))
        .allSatisfy(
            s ->
                assertThat(s)
                    .contains("CREATE EXTERNAL TABLE")
                    .contains("s3://my-archive/")
                    .doesNotContain("{{"));
    assertThat(statements.subList(5, 8))
        .allSatisfy(s -> assertThat(s).contains("CREATE OR REPLACE VIEW"));
  }

  @Test
  void namedQuery_executionParameters_followTheBindOrder() {
    NamedQuery top = catalog.namedQuery("top_pages").orElseThrow();

    List<String> params =
        top.executionParameters(
            Map.of("from_time", "2026-11-21 10:00", "to_time", "2026-11-21T11:00:00Z"));

    assertThat(params)
        .containsExactly(
            "'2026-11-21 10:00:00.000'",
            "'2026-11-21 11:00:00.000'",
            "'2026-11-21 10:00:00.000'",
            "'2026-11-21 11:00:00.000'",
            "10");
  }

  @Test
  void everyNamedQuery_documentsItsParameters() {
    for (NamedQuery q : catalog.namedQueries()) {
      assertThat(q.description()).as(q.name()).hasSizeGreaterThan(20);
      assertThat(q.parameters()).allSatisfy(p -> assertThat(p.description()).isNotBlank());
    }
  }
}
