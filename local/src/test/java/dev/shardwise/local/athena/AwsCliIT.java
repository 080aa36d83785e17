package dev.shardwise.local.athena;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shardwise.athena.NamedQuery;
import dev.shardwise.athena.QueryCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The named queries through the AWS CLI v2 ({@code /usr/bin/aws}, Debian package {@code awscli})
 * against the local endpoint: start-query-execution with execution parameters, get-query-execution
 * until done, get-query-results. Each answer equals the ground truth.
 */
class AwsCliIT {
  static final Path AWS = Path.of("/usr/bin/aws");
  static final ObjectMapper JSON = new ObjectMapper();
  static final QueryCatalog CATALOG = QueryCatalog.load();

  @TempDir static Path dir;
  static LocalAthena athena;
  static ArchiveTruth truth;

  @BeforeAll
  static void seed() throws Exception {
    if (!Files.isExecutable(AWS)) {
      throw new AssertionError(
          "AWS CLI v2 not found at /usr/bin/aws: install the Debian package with"
              + " 'apt-get install -y awscli' (.ci/run does)");
    }
    ArchiveFixture f = ArchiveFixture.generate(11, NamedQueriesIT.FIRST, 3, 1200);
    truth = new ArchiveTruth(f, ArchiveWriter.write(f, dir.resolve(LocalAthena.ARCHIVE)));
    athena = new LocalAthena(dir.resolve("."), NamedQueriesIT.NOW);
  }

  @AfterAll
  static void stop() {
    if (athena != null) {
      athena.close();
    }
  }

  @Test
  void everyNamedQuery_throughTheAwsCli_returnsTheTruth() throws Exception {
    Map<String, Map<String, String>> params = new LinkedHashMap<>();
    params.put(
        "top_pages",
        Map.of("from_time", "2026-11-20 06:00", "to_time", "2026-11-22 18:00", "top", "12"));
    params.put(
        "page_views_per_minute",
        Map.of("page", "/", "from_time", "2026-11-21", "to_time", "2026-11-22"));
    params.put(
        "unique_devices_per_day", Map.of("from_date", "2026-11-20", "to_date", "2026-11-22"));
    params.put("recent_anomalies", Map.of("hours", "48"));
    params.put("device_telemetry", Map.of("device_id", "dev-003", "hours", "40"));
    params.put("reject_reasons", Map.of("from_date", "2026-11-20", "to_date", "2026-11-22"));
    params.put("pipeline_freshness", Map.of("since_date", "2026-11-20"));
    params.put("duplicates_observed", Map.of("from_date", "2026-11-20", "to_date", "2026-11-22"));
    assertThat(params.keySet())
        .containsExactlyInAnyOrderElementsOf(
            CATALOG.namedQueries().stream().map(NamedQuery::name).toList());

    Map<String, String> ids = new LinkedHashMap<>();
    for (var e : params.entrySet()) {
      NamedQuery q = CATALOG.namedQuery(e.getKey()).orElseThrow();
      List<String> args =
          new ArrayList<>(
              List.of(
                  "athena",
                  "start-query-execution",
                  "--query-string",
                  q.sql(),
                  "--query-execution-context",
                  "Database=shardwise",
                  "--execution-parameters"));
      args.addAll(q.executionParameters(e.getValue()));
      ids.put(e.getKey(), aws(args).get("QueryExecutionId").asText());
    }
    Map<String, List<List<String>>> answers = new LinkedHashMap<>();
    for (var e : ids.entrySet()) {
      awaitWithSdk(e.getValue()); // waiting through the SDK keeps the CLI to two calls per query
      answers.put(
          e.getKey(),
          rows(aws(List.of("athena", "get-query-results", "--query-execution-id", e.getValue()))));
    }

    Instant now = NamedQueriesIT.NOW;
    LocalDate first = NamedQueriesIT.FIRST;
    LocalDate last = LocalDate.parse("2026-11-22");
    assertThat(answers.get("top_pages"))
        .isEqualTo(
            truth.topPages(
                Instant.parse("2026-11-20T06:00:00Z"), Instant.parse("2026-11-22T18:00:00Z"), 12));
    assertThat(answers.get("page_views_per_minute"))
        .isEqualTo(
            truth.viewsPerMinute(
                "/", Instant.parse("2026-11-21T00:00:00Z"), Instant.parse("2026-11-22T00:00:00Z")));
    assertThat(answers.get("unique_devices_per_day"))
        .isEqualTo(truth.uniqueDevicesPerDay(first, last));
    assertThat(answers.get("recent_anomalies")).isEqualTo(truth.recentAnomalies(now, 48));
    assertThat(answers.get("device_telemetry"))
        .isEqualTo(truth.deviceTelemetry("dev-003", now, 40));
    assertThat(answers.get("reject_reasons")).isEqualTo(truth.rejectReasons(first, last));
    assertThat(answers.get("pipeline_freshness")).isEqualTo(truth.freshness(first, now));
    assertThat(answers.get("duplicates_observed")).isEqualTo(truth.duplicates(first, last));
  }

  @Test
  void aFailedQuery_showsAthenasReasonInTheCli() throws Exception {
    String id =
        aws(List.of(
                "athena",
                "start-query-execution",
                "--query-string",
                "SELECT nope FROM events",
                "--query-execution-context",
                "Database=shardwise"))
            .get("QueryExecutionId")
            .asText();
    JsonNode e = await(id);

    assertThat(e.at("/Status/State").asText()).isEqualTo("FAILED");
    assertThat(e.at("/Status/StateChangeReason").asText()).startsWith("COLUMN_NOT_FOUND");
  }

  private static void awaitWithSdk(String id) throws InterruptedException {
    for (int i = 0; i < 1200; i++) {
      var state =
          athena
              .client
              .getQueryExecution(r -> r.queryExecutionId(id))
              .queryExecution()
              .status()
              .state();
      if (state.toString().equals("SUCCEEDED")) {
        return;
      }
      if (!state.toString().equals("QUEUED") && !state.toString().equals("RUNNING")) {
        throw new AssertionError("query " + id + " ended " + state);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("query " + id + " did not finish");
  }

  private static JsonNode await(String id) throws Exception {
    for (int i = 0; i < 120; i++) {
      JsonNode e =
          aws(List.of("athena", "get-query-execution", "--query-execution-id", id))
              .get("QueryExecution");
      String state = e.at("/Status/State").asText();
      if (!state.equals("QUEUED") && !state.equals("RUNNING")) {
        return e;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("query " + id + " did not finish");
  }

  /** Rows without the header row, NULL where the CLI shows no VarCharValue. */
  private static List<List<String>> rows(JsonNode results) {
    List<List<String>> out = new ArrayList<>();
    JsonNode rows = results.at("/ResultSet/Rows");
    for (int i = 1; i < rows.size(); i++) {
      List<String> row = new ArrayList<>();
      rows.get(i)
          .get("Data")
          .forEach(d -> row.add(d.has("VarCharValue") ? d.get("VarCharValue").asText() : null));
      out.add(row);
    }
    return out;
  }

  private static JsonNode aws(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(AWS.toString());
    command.addAll(args);
    command.addAll(
        List.of("--endpoint-url", athena.server.endpoint().toString(), "--output", "json"));
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.put("AWS_ACCESS_KEY_ID", "test");
    env.put("AWS_SECRET_ACCESS_KEY", "test");
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_PAGER", "");
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("AWS_CONFIG_FILE", dir.resolve("no-aws-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-aws-credentials").toString());
    Path out = Files.createTempFile(dir, "aws-", ".out");
    Path err = Files.createTempFile(dir, "aws-", ".err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("aws " + args.get(1) + " did not finish in 60 s");
    }
    if (p.exitValue() != 0) {
      throw new AssertionError(
          "aws " + args.get(1) + " failed: " + Files.readString(err, StandardCharsets.UTF_8));
    }
    return JSON.readTree(Files.readString(out, StandardCharsets.UTF_8));
  }
}
