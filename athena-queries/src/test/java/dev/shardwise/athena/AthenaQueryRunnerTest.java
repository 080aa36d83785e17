package dev.shardwise.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.GetQueryExecutionResponse;
import software.amazon.awssdk.services.athena.model.GetQueryResultsRequest;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.InvalidRequestException;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.ResultSet;
import software.amazon.awssdk.services.athena.model.Row;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionResponse;
import software.amazon.awssdk.services.athena.model.StopQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.StopQueryExecutionResponse;

class AthenaQueryRunnerTest {
  private final FakeAthena athena = new FakeAthena();
  private final List<Duration> sleeps = new ArrayList<>();
  private final MutableClock clock = new MutableClock();
  private final AthenaQueryRunner runner =
      new AthenaQueryRunner(
          athena,
          AthenaQueryRunner.Settings.defaults().withOutputLocation("s3://results/"),
          d -> {
            sleeps.add(d);
            clock.now = clock.now.plus(d);
          },
          clock);

  @Test
  void run_startsWithParametersPollsWithBackoffAndPagesResults() throws Exception {
    athena.states.addAll(
        List.of(
            QueryExecutionState.QUEUED,
            QueryExecutionState.RUNNING,
            QueryExecutionState.RUNNING,
            QueryExecutionState.SUCCEEDED));
    athena.pages.add(page(List.of(row("page", "views"), row("/a", "3")), "t1"));
    athena.pages.add(page(List.of(row("/b", null)), null));

    QueryResult result = runner.run("SELECT page, views FROM x WHERE dt = ?", List.of("'2026'"));

    assertThat(athena.started)
        .containsExactly(
            StartQueryExecutionRequest.builder()
                .queryString("SELECT page, views FROM x WHERE dt = ?")
                .workGroup("primary")
                .queryExecutionContext(c -> c.database("shardwise"))
                .executionParameters("'2026'")
                .resultConfiguration(r -> r.outputLocation("s3://results/"))
                .build());
    assertThat(sleeps)
        .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
    assertThat(athena.resultRequests)
        .containsExactly(
            GetQueryResultsRequest.builder().queryExecutionId("q-1").maxResults(1000).build(),
            GetQueryResultsRequest.builder()
                .queryExecutionId("q-1")
                .maxResults(1000)
                .nextToken("t1")
                .build());
    assertThat(result.columns())
        .containsExactly(
            new QueryResult.ResultColumn("page", "varchar"),
            new QueryResult.ResultColumn("views", "varchar"));
    assertThat(result.rows()).containsExactly(List.of("/a", "3"), nullable("/b", null));
    assertThat(result.dataScannedBytes()).isEqualTo(1234);
    assertThat(result.queryExecutionId()).isEqualTo("q-1");
  }

  @Test
  void run_failedQuery_throwsWithAthenasReason() {
    athena.states.add(QueryExecutionState.FAILED);
    athena.reason = "COLUMN_NOT_FOUND: line 1:8: Column 'x' cannot be resolved";

    assertThatThrownBy(() -> runner.run("SELECT x", List.of()))
        .isInstanceOf(QueryFailedException.class)
        .hasMessage("COLUMN_NOT_FOUND: line 1:8: Column 'x' cannot be resolved")
        .satisfies(
            e -> {
              assertThat(((QueryFailedException) e).state()).isEqualTo("FAILED");
              assertThat(((QueryFailedException) e).queryExecutionId()).isEqualTo("q-1");
            });
  }

  @Test
  void run_refusedQuery_throwsWithTheApiMessage() {
    athena.refuse = "line 1:8: mismatched input 'FORM'";

    assertThatThrownBy(() -> runner.run("SELECT * FORM x", List.of()))
        .isInstanceOf(QueryFailedException.class)
        .hasMessage("line 1:8: mismatched input 'FORM'");
  }

  @Test
  void await_pastTheTimeout_stopsTheQuery() {
    AthenaQueryRunner quick =
        new AthenaQueryRunner(
            athena,
            AthenaQueryRunner.Settings.defaults().withTimeout(Duration.ofMillis(500)),
            d -> clock.now = clock.now.plus(d),
            clock);
    for (int i = 0; i < 10; i++) {
      athena.states.add(QueryExecutionState.RUNNING);
    }

    assertThatThrownBy(() -> quick.await("q-9"))
        .isInstanceOf(QueryFailedException.class)
        .hasMessageContaining("did not finish within PT0.5S");
    assertThat(athena.stopped).containsExactly("q-9");
  }

  @Test
  void settings_areCheckedWhenBuilt() {
    assertThatThrownBy(() -> AthenaQueryRunner.Settings.defaults().withOutputLocation("/tmp/x"))
        .hasMessageContaining("outputLocation must be an s3:// URI");
    assertThatThrownBy(() -> AthenaQueryRunner.Settings.defaults().withDatabase(" "))
        .hasMessageContaining("database must not be blank");
  }

  private static List<String> nullable(String... values) {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      out.add(v);
    }
    return out;
  }

  private static Row row(String... values) {
    List<Datum> data = new ArrayList<>();
    for (String v : values) {
      data.add(v == null ? Datum.builder().build() : Datum.builder().varCharValue(v).build());
    }
    return Row.builder().data(data).build();
  }

  private static GetQueryResultsResponse page(List<Row> rows, String next) {
    return GetQueryResultsResponse.builder()
        .resultSet(
            ResultSet.builder()
                .rows(rows)
                .resultSetMetadata(
                    m ->
                        m.columnInfo(
                            ColumnInfo.builder().name("page").type("varchar").build(),
                            ColumnInfo.builder().name("views").type("varchar").build()))
                .build())
        .nextToken(next)
        .build();
  }

  private static final class MutableClock implements java.time.InstantSource {
    Instant now = Instant.parse("2026-11-21T10:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** Answers from queues and records every request it receives. */
  private static final class FakeAthena implements AthenaClient {
    final List<StartQueryExecutionRequest> started = new ArrayList<>();
    final List<GetQueryResultsRequest> resultRequests = new ArrayList<>();
    final List<String> stopped = new ArrayList<>();
    final Deque<QueryExecutionState> states = new ArrayDeque<>();
    final Deque<GetQueryResultsResponse> pages = new ArrayDeque<>();
    String reason;
    String refuse;

    @Override
    public StartQueryExecutionResponse startQueryExecution(StartQueryExecutionRequest request) {
      if (refuse != null) {
        throw InvalidRequestException.builder()
            .awsErrorDetails(
                AwsErrorDetails.builder()
                    .errorCode("InvalidRequestException")
                    .errorMessage(refuse)
                    .build())
            .message(refuse)
            .build();
      }
      started.add(request);
      return StartQueryExecutionResponse.builder().queryExecutionId("q-1").build();
    }

    @Override
    public GetQueryExecutionResponse getQueryExecution(GetQueryExecutionRequest request) {
      QueryExecutionState state = states.removeFirst();
      return GetQueryExecutionResponse.builder()
          .queryExecution(
              QueryExecution.builder()
                  .queryExecutionId(request.queryExecutionId())
                  .statementType("DML")
                  .status(s -> s.state(state).stateChangeReason(reason))
                  .statistics(s -> s.dataScannedInBytes(1234L).engineExecutionTimeInMillis(5L))
                  .build())
          .build();
    }

    @Override
    public GetQueryResultsResponse getQueryResults(GetQueryResultsRequest request) {
      resultRequests.add(request);
      return pages.removeFirst();
    }

    @Override
    public StopQueryExecutionResponse stopQueryExecution(StopQueryExecutionRequest request) {
      stopped.add(request.queryExecutionId());
      return StopQueryExecutionResponse.builder().build();
    }

    @Override
    public String serviceName() {
      return "athena";
    }

    @Override
    public void close() {}
  }
}
