package dev.shardwise.local.athena;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.athena.AthenaQueryRunner;
import dev.shardwise.athena.NamedQuery;
import dev.shardwise.athena.QueryCatalog;
import dev.shardwise.athena.QueryResult;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every named query of the catalogue, run as shipped through the Athena API (SDK client, local
 * endpoint, DuckDB) over a seeded archive, returns the ground truth computed from the model.
 */
class NamedQueriesIT {
  static final Instant NOW = Instant.parse("2026-11-23T00:30:00Z");
  static final LocalDate FIRST = LocalDate.parse("2026-11-20");

  @TempDir static Path dir;
  static ArchiveFixture fixture;
  static ArchiveTruth truth;
  static LocalAthena athena;
  static AthenaQueryRunner runner;
  static final QueryCatalog CATALOG = QueryCatalog.load();

  @BeforeAll
  static void seed() throws Exception {
    fixture = ArchiveFixture.generate(42, FIRST, 3, 2500);
    truth =
        new ArchiveTruth(fixture, ArchiveWriter.write(fixture, dir.resolve(LocalAthena.ARCHIVE)));
    athena = new LocalAthena(dir, NOW);
    runner = new AthenaQueryRunner(athena.client, AthenaQueryRunner.Settings.defaults());
  }

  @AfterAll
  static void stop() {
    athena.close();
  }

  static QueryResult run(String name, Map<String, String> params) throws Exception {
    NamedQuery q = CATALOG.namedQuery(name).orElseThrow();
    return runner.run(q, params);
  }

  @Test
  void fixture_hasTheFaultsTheViewsMustRemove() {
    assertThat(fixture.events).anyMatch(e -> e.copies() > 1);
    assertThat(fixture.events).anyMatch(e -> !e.valid());
    assertThat(fixture.events).anyMatch(e -> e.eventId() == null);
    assertThat(fixture.pageViews).anyMatch(r -> r.copies() > 1);
    assertThat(fixture.pageViews).anyMatch(ArchiveFixture.PageViewRow::late);
    assertThat(fixture.rejects).anyMatch(r -> r.copies() > 1);
  }

  @Test
  void topPages() throws Exception {
    QueryResult r =
        run(
            "top_pages",
            Map.of("from_time", "2026-11-20 06:00", "to_time", "2026-11-21 18:30", "top", "20"));

    assertThat(r.columns())
        .extracting(QueryResult.ResultColumn::name)
        .containsExactly("page", "views", "avg_load_ms");
    assertThat(r.columns())
        .extracting(QueryResult.ResultColumn::type)
        .containsExactly("varchar", "bigint", "double");
    assertThat(r.rows())
        .isEqualTo(
            truth.topPages(
                Instant.parse("2026-11-20T06:00:00Z"), Instant.parse("2026-11-21T18:30:00Z"), 20));
  }

  @Test
  void topPages_wholeArchive_equalsEveryValidPageViewSent() throws Exception {
    QueryResult r = run("top_pages", Map.of("from_time", "2026-11-20", "to_time", "2026-11-23"));

    assertThat(r.rows())
        .isEqualTo(
            truth.topPages(
                Instant.parse("2026-11-20T00:00:00Z"), Instant.parse("2026-11-23T00:00:00Z"), 10));
    long views = r.rows().stream().mapToLong(x -> Long.parseLong(x.get(1))).sum();
    assertThat(views).isGreaterThan(1000);
  }

  @Test
  void pageViewsPerMinute() throws Exception {
    QueryResult r =
        run(
            "page_views_per_minute",
            Map.of(
                "page",
                "/checkout",
                "from_time",
                "2026-11-21 00:00",
                "to_time",
                "2026-11-22 00:00"));

    assertThat(r.rows())
        .isEqualTo(
            truth.viewsPerMinute(
                "/checkout",
                Instant.parse("2026-11-21T00:00:00Z"),
                Instant.parse("2026-11-22T00:00:00Z")));
    assertThat(r.rows()).isNotEmpty();
  }

  @Test
  void uniqueDevicesPerDay() throws Exception {
    QueryResult r =
        run("unique_devices_per_day", Map.of("from_date", "2026-11-20", "to_date", "2026-11-22"));

    assertThat(r.rows()).isEqualTo(truth.uniqueDevicesPerDay(FIRST, LocalDate.parse("2026-11-22")));
    assertThat(r.rows()).hasSize(3);
  }

  @Test
  void recentAnomalies() throws Exception {
    QueryResult r = run("recent_anomalies", Map.of("hours", "36"));

    assertThat(r.rows()).isEqualTo(truth.recentAnomalies(NOW, 36));
    assertThat(r.rows()).isNotEmpty();
  }

  @Test
  void deviceTelemetry() throws Exception {
    QueryResult r = run("device_telemetry", Map.of("device_id", "dev-007", "hours", "30"));

    assertThat(r.rows()).isEqualTo(truth.deviceTelemetry("dev-007", NOW, 30));
    assertThat(r.rows()).isNotEmpty();
  }

  @Test
  void rejectReasons() throws Exception {
    QueryResult r =
        run("reject_reasons", Map.of("from_date", "2026-11-20", "to_date", "2026-11-22"));

    assertThat(r.rows()).isEqualTo(truth.rejectReasons(FIRST, LocalDate.parse("2026-11-22")));
  }

  @Test
  void pipelineFreshness() throws Exception {
    QueryResult r = run("pipeline_freshness", Map.of("since_date", "2026-11-21"));

    assertThat(r.rows()).isEqualTo(truth.freshness(LocalDate.parse("2026-11-21"), NOW));
  }

  @Test
  void duplicatesObserved() throws Exception {
    QueryResult r =
        run("duplicates_observed", Map.of("from_date", "2026-11-20", "to_date", "2026-11-22"));

    assertThat(r.rows()).isEqualTo(truth.duplicates(FIRST, LocalDate.parse("2026-11-22")));
    assertThat(r.rows()).anyMatch(row -> !row.get(4).equals("0"));
  }

  @Test
  void everyNamedQueryRanHere() {
    assertThat(CATALOG.namedQueries())
        .extracting(NamedQuery::name)
        .containsExactlyInAnyOrder(
            "top_pages",
            "page_views_per_minute",
            "unique_devices_per_day",
            "recent_anomalies",
            "device_telemetry",
            "reject_reasons",
            "pipeline_freshness",
            "duplicates_observed");
  }

  static List<String> names(QueryResult r) {
    return r.columns().stream().map(QueryResult.ResultColumn::name).toList();
  }
}
