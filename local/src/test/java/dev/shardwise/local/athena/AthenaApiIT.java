package dev.shardwise.local.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.InvalidRequestException;
import software.amazon.awssdk.services.athena.model.MetadataException;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.Row;
import software.amazon.awssdk.services.athena.model.TableMetadata;

/** The Athena API as the SDK sees it: errors, states, paging, named queries, metadata, DDL. */
class AthenaApiIT {
  @TempDir static Path dir;
  static LocalAthena athena;
  static AthenaClient client;

  @BeforeAll
  static void start() throws Exception {
    athena = new LocalAthena(dir, Instant.parse("2026-11-22T12:00:00Z"));
    client = athena.client;
  }

  @AfterAll
  static void stop() {
    athena.close();
  }

  @Test
  void syntaxError_isRefusedAtStartWithTrinosMessage() {
    assertThatThrownBy(() -> start("SELECT * FORM events"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorMessage())
                  .startsWith("line 1:10: mismatched input 'FORM'");
              assertThat(e.athenaErrorCode()).isEqualTo("INVALID_INPUT");
            });
  }

  @Test
  void semanticError_failsTheQueryWithAthenasReasonAndError() throws Exception {
    QueryExecution e = await(start("SELECT nope FROM events WHERE dt = '2026-11-21'"));

    assertThat(e.status().state()).isEqualTo(QueryExecutionState.FAILED);
    assertThat(e.status().stateChangeReason()).startsWith("COLUMN_NOT_FOUND: ").contains("nope");
    assertThat(e.status().athenaError().errorCategory()).isEqualTo(2);
    assertThat(e.status().athenaError().errorType()).isEqualTo(1000);
    assertThatThrownBy(() -> client.getQueryResults(r -> r.queryExecutionId(e.queryExecutionId())))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("COLUMN_NOT_FOUND");
  }

  @Test
  void unknownTableAndUnsupportedFunction_fail() throws Exception {
    assertThat(await(start("SELECT * FROM nope")).status().stateChangeReason())
        .isEqualTo(
            "TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.shardwise.nope' does not exist");
    assertThat(await(start("SELECT soundex(page) FROM events")).status().stateChangeReason())
        .startsWith(
            "NOT_SUPPORTED: line 1:8: Function 'soundex' is not supported by the local Athena");
    assertThat(await(start("SELECT ? + 1")).status().stateChangeReason())
        .isEqualTo(
            "INVALID_PARAMETER_USAGE: Incorrect number of parameters: expected 1 but found 0");
  }

  @Test
  void getQueryResults_pagesWithTheHeaderRowFirstAndNullsWithoutValue() throws Exception {
    String id =
        start(
            "SELECT x, CASE WHEN x = 2 THEN NULL ELSE 'v' || CAST(x AS varchar) END AS y"
                + " FROM (VALUES 1, 2, 3, 4, 5) AS t (x) ORDER BY x");
    QueryExecution e = await(id);
    assertThat(e.status().state()).isEqualTo(QueryExecutionState.SUCCEEDED);
    assertThat(e.statementTypeAsString()).isEqualTo("DML");

    List<List<String>> rows = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    String token = null;
    do {
      String t = token;
      GetQueryResultsResponse page =
          client.getQueryResults(r -> r.queryExecutionId(id).maxResults(2).nextToken(t));
      sizes.add(page.resultSet().rows().size());
      page.resultSet().rows().forEach(row -> rows.add(values(row)));
      assertThat(page.resultSet().resultSetMetadata().columnInfo())
          .extracting(c -> c.name() + ":" + c.type() + ":" + c.precision())
          .containsExactly("x:integer:10", "y:varchar:2147483647");
      token = page.nextToken();
    } while (token != null);

    assertThat(sizes).containsExactly(2, 2, 2);
    assertThat(rows)
        .containsExactly(
            List.of("x", "y"),
            List.of("1", "v1"),
            java.util.Arrays.asList("2", null),
            List.of("3", "v3"),
            List.of("4", "v4"),
            List.of("5", "v5"));
  }

  @Test
  void results_areWrittenAsCsvToTheOutputLocation() throws Exception {
    String id =
        client
            .startQueryExecution(
                r ->
                    r.queryString("SELECT 'a\"b' AS s, CAST(NULL AS bigint) AS n, '' AS e")
                        .resultConfiguration(c -> c.outputLocation("s3://my-results/adhoc/")))
            .queryExecutionId();
    QueryExecution e = await(id);

    assertThat(e.resultConfiguration().outputLocation())
        .isEqualTo("s3://my-results/adhoc/" + id + ".csv");
    Path csv = dir.resolve("my-results/adhoc/" + id + ".csv");
    assertThat(Files.readString(csv, StandardCharsets.UTF_8))
        .isEqualTo("\"s\",\"n\",\"e\"\n\"a\"\"b\",,\"\"\n");
    assertThat(dir.resolve("my-results/adhoc/" + id + ".csv.metadata")).exists();
  }

  @Test
  void stopQueryExecution_cancelsARunningQuery() throws Exception {
    StringBuilder sql = new StringBuilder("SELECT sum((t0.x");
    StringBuilder from = new StringBuilder(" FROM (VALUES 0, 1, 2, 3, 4, 5, 6, 7, 8, 9) AS t0 (x)");
    for (int i = 1; i < 11; i++) { // 10^11 rows: runs until stopped
      sql.append(" + t").append(i).append(".x");
      from.append(" CROSS JOIN (VALUES 0, 1, 2, 3, 4, 5, 6, 7, 8, 9) AS t")
          .append(i)
          .append(" (x)");
    }
    String slow = start(sql + ") % 7) AS s" + from);
    for (int i = 0; i < 500 && state(slow) != QueryExecutionState.RUNNING; i++) {
      Thread.sleep(20);
    }
    assertThat(state(slow)).isEqualTo(QueryExecutionState.RUNNING);

    client.stopQueryExecution(r -> r.queryExecutionId(slow));

    QueryExecution e = await(slow);
    assertThat(e.status().state()).isEqualTo(QueryExecutionState.CANCELLED);
    assertThatThrownBy(() -> client.getQueryResults(r -> r.queryExecutionId(slow)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("cancelled");
  }

  static QueryExecutionState state(String id) {
    return client.getQueryExecution(r -> r.queryExecutionId(id)).queryExecution().status().state();
  }

  @Test
  void listQueryExecutions_newestFirst() throws Exception {
    String a = start("SELECT 1");
    String b = start("SELECT 2");
    await(a);
    await(b);

    List<String> ids = client.listQueryExecutions(r -> r.maxResults(2)).queryExecutionIds();
    assertThat(ids).containsExactly(b, a);
  }

  @Test
  void namedQueries_theCatalogueIsInstalledAndNewOnesCanBeSaved() {
    List<String> installed = client.listNamedQueries(r -> r.maxResults(50)).namedQueryIds();
    List<String> names =
        installed.stream()
            .map(id -> client.getNamedQuery(r -> r.namedQueryId(id)).namedQuery().name())
            .toList();
    assertThat(names).contains("top_pages", "reject_reasons", "pipeline_freshness");

    String id =
        client
            .createNamedQuery(
                r ->
                    r.name("mine").database("shardwise").queryString("SELECT 1").description("one"))
            .namedQueryId();
    assertThat(client.getNamedQuery(r -> r.namedQueryId(id)).namedQuery().queryString())
        .isEqualTo("SELECT 1");
    assertThatThrownBy(() -> client.getNamedQuery(r -> r.namedQueryId("nope")))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void tableMetadata_describesTablesAndViews() {
    TableMetadata events =
        client
            .getTableMetadata(
                r -> r.catalogName("AwsDataCatalog").databaseName("shardwise").tableName("events"))
            .tableMetadata();
    assertThat(events.tableType()).isEqualTo("EXTERNAL_TABLE");
    assertThat(events.columns())
        .extracting(c -> c.name() + " " + c.type())
        .contains("metrics map<string,double>");
    assertThat(events.partitionKeys()).extracting(c -> c.name()).containsExactly("dt", "hour");
    assertThat(events.parameters())
        .containsEntry("projection.hour.digits", "2")
        .containsEntry(
            "storage.location.template", "s3://shardwise-archive/events/dt=${dt}/hour=${hour}/");

    TableMetadata view =
        client
            .getTableMetadata(
                r ->
                    r.catalogName("AwsDataCatalog")
                        .databaseName("shardwise")
                        .tableName("page_views_minutely"))
            .tableMetadata();
    assertThat(view.tableType()).isEqualTo("VIRTUAL_VIEW");
    assertThat(view.columns())
        .extracting(c -> c.name() + " " + c.type())
        .contains("minute timestamp", "views bigint", "late_rows bigint");

    var page =
        client.listTableMetadata(
            r -> r.catalogName("AwsDataCatalog").databaseName("shardwise").maxResults(5));
    assertThat(page.tableMetadataList()).hasSize(5);
    assertThat(page.nextToken()).isNotNull();
    assertThatThrownBy(
            () ->
                client.getTableMetadata(
                    r -> r.catalogName("AwsDataCatalog").databaseName("nope").tableName("x")))
        .isInstanceOf(MetadataException.class);
  }

  @Test
  void ddl_createsTablesAndViewsThatQueriesRead() throws Exception {
    Path part = dir.resolve("other-bucket/things/kind=a");
    Files.createDirectories(part);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute(
          "COPY (SELECT i AS n, 'x' || i AS label FROM range(5) t(i)) TO '"
              + part.resolve("f.parquet")
              + "' (FORMAT PARQUET)");
    }
    assertThat(await(start("CREATE DATABASE IF NOT EXISTS scratch")).status().state())
        .isEqualTo(QueryExecutionState.SUCCEEDED);
    QueryExecution create =
        await(
            start(
                "CREATE EXTERNAL TABLE scratch.things (n bigint, label string)"
                    + " PARTITIONED BY (kind string) STORED AS PARQUET LOCATION 's3://other-bucket/things/'"
                    + " TBLPROPERTIES ('projection.enabled'='true', 'projection.kind.type'='enum',"
                    + " 'projection.kind.values'='a,b')"));
    assertThat(create.statementTypeAsString()).isEqualTo("DDL");
    assertThat(create.status().state()).isEqualTo(QueryExecutionState.SUCCEEDED);
    assertThat(
            await(
                    start(
                        "CREATE VIEW scratch.big AS SELECT kind, n FROM scratch.things WHERE n >= 3"))
                .status()
                .state())
        .isEqualTo(QueryExecutionState.SUCCEEDED);

    String id = start("SELECT kind, sum(n) FROM scratch.big GROUP BY kind");
    await(id);
    assertThat(
            values(client.getQueryResults(r -> r.queryExecutionId(id)).resultSet().rows().get(1)))
        .containsExactly("a", "7");

    assertThat(
            await(
                    start(
                        "CREATE EXTERNAL TABLE scratch.things (n bigint) LOCATION 's3://other-bucket/x/'"))
                .status()
                .stateChangeReason())
        .contains("already exists");
    assertThat(await(start("DROP VIEW scratch.big")).status().state())
        .isEqualTo(QueryExecutionState.SUCCEEDED);
    assertThat(await(start("DROP TABLE scratch.things")).status().state())
        .isEqualTo(QueryExecutionState.SUCCEEDED);
  }

  @Test
  void clientRequestToken_isIdempotent() {
    String token = "0123456789abcdef0123456789abcdef";
    String a =
        client
            .startQueryExecution(r -> r.queryString("SELECT 1").clientRequestToken(token))
            .queryExecutionId();
    String b =
        client
            .startQueryExecution(r -> r.queryString("SELECT 1").clientRequestToken(token))
            .queryExecutionId();

    assertThat(b).isEqualTo(a);
    assertThatThrownBy(
            () ->
                client.startQueryExecution(
                    r -> r.queryString("SELECT 2").clientRequestToken(token)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("Idempotent parameters do not match");
  }

  @Test
  void unknownWorkGroup_isRefused() {
    assertThatThrownBy(
            () -> client.startQueryExecution(r -> r.queryString("SELECT 1").workGroup("nope")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("WorkGroup nope is not found.");
  }

  @Test
  void statistics_areReported() throws Exception {
    QueryExecution e = await(start("SELECT count(*) FROM rejects WHERE dt = '2026-11-21'"));

    assertThat(e.statistics().dataScannedInBytes()).isZero(); // no files: nothing scanned
    assertThat(e.statistics().engineExecutionTimeInMillis()).isNotNegative();
    assertThat(e.engineVersion().effectiveEngineVersion()).isEqualTo("Athena engine version 3");
    assertThat(e.queryExecutionContext().database()).isEqualTo("shardwise");
  }

  static String start(String sql) {
    return client
        .startQueryExecution(
            r -> r.queryString(sql).queryExecutionContext(c -> c.database("shardwise")))
        .queryExecutionId();
  }

  static QueryExecution await(String id) throws InterruptedException {
    for (int i = 0; i < 3000; i++) {
      QueryExecution e = client.getQueryExecution(r -> r.queryExecutionId(id)).queryExecution();
      if (e.status().state() != QueryExecutionState.QUEUED
          && e.status().state() != QueryExecutionState.RUNNING) {
        return e;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("query " + id + " did not finish");
  }

  static List<String> values(Row row) {
    List<String> out = new ArrayList<>();
    for (Datum d : row.data()) {
      out.add(d.varCharValue());
    }
    return out;
  }
}
