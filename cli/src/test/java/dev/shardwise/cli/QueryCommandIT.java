package dev.shardwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.athena.QueryCatalog;
import dev.shardwise.local.athena.AthenaConfig;
import dev.shardwise.local.athena.AthenaService;
import dev.shardwise.local.s3.FileObjectStore;
import dev.shardwise.local.server.LocalServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code shardwise query} against the local Athena on a loopback port. */
class QueryCommandIT {
  @TempDir static Path dir;
  static AthenaService athena;
  static LocalServer server;
  StringWriter out;
  StringWriter err;

  @BeforeAll
  static void start() throws Exception {
    Path part = dir.resolve("shardwise-archive/page_views/dt=2026-11-21");
    Files.createDirectories(part);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute(
          "COPY (SELECT 'r' || i AS row_id, 'shardId-0' AS shard_id,"
              + " TIMESTAMP '2026-11-21 10:01:00' AS window_start, TIMESTAMP '2026-11-21 10:02:00' AS window_end,"
              + " 's' AS segment, TIMESTAMP '2026-11-21 10:00:00' + INTERVAL (i % 3) MINUTE AS minute,"
              + " CASE WHEN i % 2 = 0 THEN '/a' ELSE '/b' END AS page, CAST(i + 1 AS BIGINT) AS views,"
              + " 1::BIGINT AS unique_devices, 100::BIGINT AS load_ms_sum, 1::BIGINT AS load_ms_count,"
              + " 100 AS load_ms_max, false AS late FROM range(6) t(i)) TO '"
              + part.resolve("f.parquet")
              + "' (FORMAT PARQUET)");
    }
    FileObjectStore store = new FileObjectStore(dir, Clock.systemUTC());
    athena =
        new AthenaService(
            AthenaConfig.defaults().withDuckDbThreads(1),
            store,
            Clock.systemUTC(),
            new SplittableRandom(3));
    athena.install(QueryCatalog.load(), "shardwise-archive");
    server = LocalServer.builder().port(0).build().register(athena).start();
  }

  @AfterAll
  static void stop() {
    server.close();
    athena.close();
  }

  @BeforeEach
  void streams() {
    out = new StringWriter();
    err = new StringWriter();
  }

  private int run(String... args) {
    CommandLine cli = ShardwiseCommand.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--endpoint-url";
    all[args.length + 1] = server.endpoint().toString();
    return cli.execute(all);
  }

  @Test
  void namedQuery_printsTheTableThenRowsScannedAndCost() {
    int exit =
        run(
            "query",
            "top_pages",
            "--param",
            "from_time=2026-11-21 10:00",
            "--param",
            "to_time=2026-11-21 11:00");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .startsWith(
            "page  views  avg_load_ms\n----  -----  -----------\n/b       12        100.0\n/a        9        100.0\n")
        .contains("(2 rows) Data scanned: ")
        .contains("Estimated cost on Athena: $0.000048 (billed as 10.0 MB)");
  }

  @Test
  void csvAndJson_printDataOnStdoutAndTheSummaryOnStderr() {
    assertThat(
            run(
                "query",
                "--sql",
                "SELECT page, sum(views) AS views FROM page_views WHERE dt = ? GROUP BY page ORDER BY page",
                "--execution-parameter",
                "'2026-11-21'",
                "--format",
                "csv"))
        .isZero();
    assertThat(out.toString()).isEqualTo("\"page\",\"views\"\n\"/a\",\"9\"\n\"/b\",\"12\"\n");
    assertThat(err.toString()).contains("(2 rows) Data scanned");

    streams();
    assertThat(
            run(
                "query",
                "--sql",
                "SELECT page, CAST(NULL AS varchar) AS n, sum(views) AS views FROM page_views"
                    + " WHERE dt = '2026-11-21' GROUP BY page ORDER BY page LIMIT 1",
                "--format",
                "json"))
        .isZero();
    assertThat(out.toString()).isEqualTo("{\"page\":\"/a\",\"n\":null,\"views\":9}\n");
  }

  @Test
  void failedQuery_printsAthenasErrorAndExitsNonZero() {
    int exit = run("query", "--sql", "SELECT nope FROM page_views");

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .contains("failed: COLUMN_NOT_FOUND: Column 'nope' cannot be resolved")
        .doesNotContain("\tat ");
  }

  @Test
  void refusedQuery_printsTheSyntaxError() {
    assertThat(run("query", "--sql", "SELEC 1")).isEqualTo(1);
    assertThat(err.toString()).contains("query refused: line 1:1: mismatched input 'SELEC'");
  }
}
