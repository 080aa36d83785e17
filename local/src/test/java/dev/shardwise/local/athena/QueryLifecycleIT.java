package dev.shardwise.local.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.local.s3.FileObjectStore;
import dev.shardwise.local.server.AwsServiceException;
import dev.shardwise.local.server.JsonRequest;
import dev.shardwise.local.server.WireFormat;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** QUEUED -> RUNNING -> SUCCEEDED/CANCELLED, driven step by step with a hand-run executor. */
class QueryLifecycleIT {
  @TempDir Path dir;
  final ManualExecutor executor = new ManualExecutor();
  AthenaService service;

  @BeforeEach
  void start() throws Exception {
    service =
        new AthenaService(
            AthenaConfig.defaults().withDuckDbThreads(1),
            new FileObjectStore(dir, Clock.systemUTC()),
            Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC),
            new SplittableRandom(1),
            executor);
  }

  @AfterEach
  void stop() {
    service.close();
  }

  @Test
  void aQueryWaitsQueuedUntilTheExecutorRunsIt() throws Exception {
    String id =
        call("StartQueryExecution", Map.of("QueryString", "SELECT 40 + 2 AS answer"))
            .get("QueryExecutionId")
            .asText();

    assertThat(state(id)).isEqualTo("QUEUED");
    assertThatThrownBy(() -> call("GetQueryResults", Map.of("QueryExecutionId", id)))
        .isInstanceOf(AwsServiceException.class)
        .hasMessage("Query has not yet finished. Current state: QUEUED");

    executor.runNext();

    assertThat(state(id)).isEqualTo("SUCCEEDED");
    ObjectNode results = call("GetQueryResults", Map.of("QueryExecutionId", id));
    assertThat(results.at("/ResultSet/Rows/1/Data/0/VarCharValue").asText()).isEqualTo("42");
    ObjectNode execution = call("GetQueryExecution", Map.of("QueryExecutionId", id));
    assertThat(execution.at("/QueryExecution/Status/SubmissionDateTime").decimalValue())
        .isEqualByComparingTo("1795255200.000");
  }

  @Test
  void aQueryStoppedWhileQueued_neverRuns() throws Exception {
    String id =
        call("StartQueryExecution", Map.of("QueryString", "SELECT 1"))
            .get("QueryExecutionId")
            .asText();

    call("StopQueryExecution", Map.of("QueryExecutionId", id));
    executor.runNext();

    assertThat(state(id)).isEqualTo("CANCELLED");
    assertThat(dir.resolve("shardwise-athena-results/" + id + ".csv")).doesNotExist();
  }

  @Test
  void executionIds_comeFromTheInjectedRandomness() throws Exception {
    String id =
        call("StartQueryExecution", Map.of("QueryString", "SELECT 1"))
            .get("QueryExecutionId")
            .asText();

    assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    AthenaService again =
        new AthenaService(
            AthenaConfig.defaults(),
            new FileObjectStore(dir.resolve("other"), Clock.systemUTC()),
            Clock.systemUTC(),
            new SplittableRandom(1),
            new ManualExecutor());
    try {
      String same =
          again
              .handle(request("StartQueryExecution", Map.of("QueryString", "SELECT 1")))
              .get("QueryExecutionId")
              .asText();
      assertThat(same).isEqualTo(id);
    } finally {
      again.close();
    }
  }

  @Test
  void install_isIdempotentAndReplacesATableWhoseShippedDefinitionChanged() throws Exception {
    dev.shardwise.athena.QueryCatalog catalog = dev.shardwise.athena.QueryCatalog.load();
    service.install(catalog, "archive-a");
    service.install(catalog, "archive-a");
    assertThat(location("events")).isEqualTo("s3://archive-a/events/");

    service.install(catalog, "archive-b"); // the definition now differs: replaced, not kept

    assertThat(location("events")).isEqualTo("s3://archive-b/events/");
    ObjectNode list = call("ListNamedQueries", Map.of());
    assertThat(list.get("NamedQueryIds")).hasSize(catalog.namedQueries().size());
  }

  private String location(String table) throws AwsServiceException {
    return call(
            "GetTableMetadata",
            Map.of(
                "CatalogName", "AwsDataCatalog", "DatabaseName", "shardwise", "TableName", table))
        .at("/TableMetadata/Parameters/location")
        .asText();
  }

  @Test
  void validation_usesAwsWording() {
    assertThatThrownBy(() -> call("StartQueryExecution", Map.of("QueryString", "")))
        .hasMessage(
            "1 validation error detected: Value '' at 'queryString' failed to satisfy"
                + " constraint: Member must have length greater than or equal to 1");
    assertThatThrownBy(() -> call("GetQueryExecution", Map.of("QueryExecutionId", "nope")))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo("InvalidRequestException");
              assertThat(e.fields()).containsEntry("AthenaErrorCode", "INVALID_INPUT");
            });
  }

  private String state(String id) throws AwsServiceException {
    return call("GetQueryExecution", Map.of("QueryExecutionId", id))
        .at("/QueryExecution/Status/State")
        .asText();
  }

  private ObjectNode call(String op, Map<String, String> body) throws AwsServiceException {
    return service.handle(request(op, body));
  }

  private static JsonRequest request(String op, Map<String, String> body) {
    ObjectNode n = WireFormat.JSON.mapper().createObjectNode();
    body.forEach(n::put);
    return new JsonRequest(op, WireFormat.JSON, n, Map.of(), 0);
  }

  /** Runs submitted tasks only when told to. */
  static final class ManualExecutor extends AbstractExecutorService {
    private final Deque<Runnable> tasks = new ArrayDeque<>();

    void runNext() {
      tasks.removeFirst().run();
    }

    @Override
    public void execute(Runnable command) {
      tasks.addLast(command);
    }

    @Override
    public void shutdown() {}

    @Override
    public List<Runnable> shutdownNow() {
      return List.copyOf(tasks);
    }

    @Override
    public boolean isShutdown() {
      return false;
    }

    @Override
    public boolean isTerminated() {
      return true;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  }
}
