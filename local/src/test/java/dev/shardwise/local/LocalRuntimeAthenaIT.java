package dev.shardwise.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.athena.AthenaQueryRunner;
import dev.shardwise.athena.QueryCatalog;
import dev.shardwise.athena.QueryResult;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;

/** The runtime's one endpoint serves Athena with the shipped catalogue installed. */
class LocalRuntimeAthenaIT {
  @TempDir Path dataDir;

  @Test
  void athena_hasTheCatalogue_andRunsTheNamedQueriesOnAnEmptyArchive() throws Exception {
    try (LocalRuntime rt =
            LocalRuntime.start(LocalSettings.forTests(dataDir), InstantSource.system());
        AthenaClient client =
            AthenaClient.builder()
                .endpointOverride(rt.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
      AthenaQueryRunner runner =
          new AthenaQueryRunner(client, AthenaQueryRunner.Settings.defaults());

      QueryResult tables = runner.run("SHOW TABLES", List.of());
      assertThat(tables.rows())
          .extracting(r -> r.get(0))
          .contains(
              "events",
              "page_views",
              "anomalies",
              "rejects",
              "events_unique",
              "page_views_minutely");
      QueryResult top =
          runner.run(
              QueryCatalog.load().namedQuery("top_pages").orElseThrow(),
              Map.of("from_time", "2026-11-21", "to_time", "2026-11-22"));
      assertThat(top.rows()).isEmpty();
      assertThat(top.columns()).hasSize(3);
      assertThat(client.listNamedQueries(r -> r.maxResults(50)).namedQueryIds())
          .hasSize(QueryCatalog.load().namedQueries().size());
    }
  }
}
