package dev.shardwise.local.athena;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.athena.AthenaQueryRunner;
import dev.shardwise.athena.QueryCatalog;
import dev.shardwise.athena.QueryResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data scanned is the bytes DuckDB read from the table files, and a query on one hour of a
 * multi-day archive reads only that hour's files: the partition predicates prune, through the views
 * too, and partitions outside the projection are never read.
 */
class PartitionPruningIT {
  @TempDir static Path dir;
  static LocalAthena athena;
  static AthenaQueryRunner runner;
  static Path archive;

  @BeforeAll
  static void seed() throws Exception {
    archive = dir.resolve(LocalAthena.ARCHIVE);
    ArchiveFixture f = ArchiveFixture.generate(9, LocalDate.parse("2026-11-18"), 4, 1500);
    ArchiveWriter.write(f, archive);
    // partitions the projection does not generate: before its range, hour not two digits
    copy(
        archive.resolve("events/dt=2026-11-19/hour=05"),
        archive.resolve("events/dt=2023-06-01/hour=05"));
    copy(
        archive.resolve("events/dt=2026-11-19/hour=05"),
        archive.resolve("events/dt=2026-11-19/hour=5"));
    athena = new LocalAthena(dir, Instant.parse("2026-11-22T12:00:00Z"));
    runner = new AthenaQueryRunner(athena.client, AthenaQueryRunner.Settings.defaults());
  }

  @AfterAll
  static void stop() {
    athena.close();
  }

  @Test
  void oneHourOfAMultiDayArchive_readsOnlyThatHoursFiles() throws Exception {
    Set<Path> hourFiles = files(archive.resolve("events/dt=2026-11-19/hour=05"));
    assertThat(hourFiles).hasSize(2); // the delivery and its retry
    assertThat(files(archive.resolve("events"))).hasSizeGreaterThan(150);

    QueryResult r =
        runner.run(
            "SELECT count(*) FROM events WHERE dt = ? AND hour = ?",
            List.of("'2026-11-19'", "'05'"));

    assertThat(athena.service.filesRead(r.queryExecutionId())).isEqualTo(hourFiles);
    assertThat(r.dataScannedBytes()).isPositive().isLessThanOrEqualTo(totalSize(hourFiles));
  }

  @Test
  void throughTheView_theHourFilterStillPrunes() throws Exception {
    QueryResult r =
        runner.run(
            "SELECT count(DISTINCT device_id) FROM events_unique WHERE dt = '2026-11-19' AND hour = '05'",
            List.of());

    assertThat(athena.service.filesRead(r.queryExecutionId()))
        .isEqualTo(files(archive.resolve("events/dt=2026-11-19/hour=05")));
  }

  @Test
  void aWholeDayReadsMoreThanAnHour_andTheWholeArchiveMoreThanADay() throws Exception {
    long hour = scanned("SELECT count(*) FROM events WHERE dt = '2026-11-19' AND hour = '05'");
    long day = scanned("SELECT count(*) FROM events WHERE dt = '2026-11-19'");
    long all = scanned("SELECT count(*) FROM events");

    assertThat(day).isGreaterThan(hour * 10);
    assertThat(all).isGreaterThan(day * 3);
  }

  @Test
  void partitionsOutsideTheProjection_areNeverRead() throws Exception {
    QueryResult r =
        runner.run("SELECT count(*) FROM events WHERE hour = '05' OR hour = '5'", List.of());

    assertThat(athena.service.filesRead(r.queryExecutionId()))
        .allSatisfy(
            p -> assertThat(p.toString()).contains("/hour=05/").doesNotContain("dt=2023-06-01"));
    // the four seeded days, plus the days of the ten-day-old poison events that Firehose archives
    // under their own event time; never the partition before the projection's range
    Set<String> expectedDays =
        Stream.of(archive.resolve("events").toFile().list())
            .filter(d -> !d.equals("dt=2023-06-01"))
            .map(d -> d.substring("dt=".length()))
            .collect(Collectors.toCollection(java.util.TreeSet::new));
    assertThat(expectedDays).contains("2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21");
    QueryResult days = runner.run("SELECT DISTINCT dt FROM events ORDER BY dt", List.of());
    assertThat(days.rows()).extracting(row -> row.get(0)).containsExactlyElementsOf(expectedDays);
  }

  @Test
  void namedQueryOverAnHour_readsOneDayOfPageViews() throws Exception {
    QueryResult r =
        runner.run(
            QueryCatalog.load().namedQuery("top_pages").orElseThrow(),
            Map.of("from_time", "2026-11-20 10:00", "to_time", "2026-11-20 11:00"));

    assertThat(athena.service.filesRead(r.queryExecutionId()))
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p.toString()).contains("page_views/dt=2026-11-20/"));
  }

  @Test
  void pseudoColumns_nameEachFileItsSizeAndModificationTime() throws Exception {
    QueryResult r =
        runner.run(
            "SELECT \"$path\", \"$file_size\", \"$file_modified_time\", count(*)"
                + " FROM events WHERE dt = '2026-11-19' AND hour = '05' GROUP BY 1, 2, 3 ORDER BY 1",
            List.of());

    List<Path> files =
        files(archive.resolve("events/dt=2026-11-19/hour=05")).stream().sorted().toList();
    assertThat(r.rows()).hasSize(2);
    for (int i = 0; i < 2; i++) {
      Path f = files.get(i);
      assertThat(r.rows().get(i).subList(0, 3))
          .containsExactly(
              "s3://shardwise-archive/events/dt=2026-11-19/hour=05/" + f.getFileName(),
              Long.toString(Files.size(f)),
              ArchiveTruth.ts(Files.getLastModifiedTime(f).toInstant()) + " UTC");
    }
  }

  private static long scanned(String sql) throws Exception {
    return runner.run(sql, List.of()).dataScannedBytes();
  }

  private static Set<Path> files(Path under) throws Exception {
    try (Stream<Path> s = Files.walk(under)) {
      return s.filter(Files::isRegularFile)
          .map(p -> p.toAbsolutePath().normalize())
          .collect(Collectors.toSet());
    }
  }

  private static long totalSize(Set<Path> files) throws Exception {
    long n = 0;
    for (Path p : files) {
      n += Files.size(p);
    }
    return n;
  }

  private static void copy(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    try (Stream<Path> s = Files.list(from)) {
      for (Path p : s.toList()) {
        Files.copy(p, to.resolve(p.getFileName()));
      }
    }
  }
}
