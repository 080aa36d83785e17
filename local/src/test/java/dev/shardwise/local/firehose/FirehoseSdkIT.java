package dev.shardwise.local.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shardwise.local.server.LocalServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamDescription;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;

/** The real SDK {@code FirehoseClient} against the local Firehose on a {@link LocalServer}. */
class FirehoseSdkIT {
  @TempDir Path dir;
  FirehoseFixture f;
  LocalServer server;
  FirehoseClient client;

  @BeforeEach
  void start() throws Exception {
    f = new FirehoseFixture(dir);
    server = LocalServer.builder().port(0).build().register(f.service).start();
    client =
        FirehoseClient.builder()
            .endpointOverride(URI.create(server.endpoint().toString()))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  static String pageView(int i, String minute) {
    return "{\"row_id\":\"id"
        + i
        + "\",\"shard_id\":\"shardId-000000000000\",\"window_start\":\"2026-11-21T10:15:00.000Z\","
        + "\"window_end\":\"2026-11-21T10:16:00.000Z\",\"segment\":\"1\",\"minute\":\""
        + minute
        + "\",\"page\":\"/p"
        + i
        + "\",\"views\":"
        + i
        + ",\"unique_devices\":1,\"load_ms_sum\":100,\"load_ms_count\":1,\"load_ms_max\":100,\"late\":false}\n";
  }

  @Test
  void pageViews_throughTheSdk_landAsParquetThatDuckDbReads() throws Exception {
    f.createShipped("shardwise-page-views");
    List<Record> records = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      records.add(
          Record.builder()
              .data(
                  SdkBytes.fromString(
                      pageView(
                          i, i % 2 == 0 ? "2026-11-21T10:15:00.000Z" : "2026-11-22T00:01:00.000Z"),
                      StandardCharsets.UTF_8))
              .build());
    }
    records.add(
        Record.builder()
            .data(
                SdkBytes.fromUtf8String(
                    "{\"minute\":\"2026-11-21T10:15:00.000Z\",\"views\":\"many\"}"))
            .build());

    PutRecordBatchResponse resp =
        client.putRecordBatch(b -> b.deliveryStreamName("shardwise-page-views").records(records));
    f.service.flushAll();

    assertThat(resp.failedPutCount()).isZero();
    assertThat(resp.requestResponses()).hasSize(301);
    List<String> keys = f.keys();
    assertThat(keys).hasSize(3);
    assertThat(keys.get(0))
        .startsWith(
            "errors/page_views/format-conversion-failed/dt=2026-11-21/shardwise-page-views-1-2026-11-21-10-15-30-");
    JsonNode error = FirehoseFixture.JSON.readTree(f.object(keys.get(0)));
    assertThat(error.get("errorCode").asText()).isEqualTo("DataFormatConversion.MalformedData");
    assertThat(error.get("errorMessage").asText()).contains("'views'").contains("bigint");
    assertThat(error.at("/dataCatalogTable/tableName").asText()).isEqualTo("page_views");
    assertThat(keys.get(1))
        .matches(
            "page_views/dt=2026-11-21/shardwise-page-views-1-2026-11-21-10-15-30-[0-9a-f-]{36}\\.parquet");
    assertThat(keys.get(2)).startsWith("page_views/dt=2026-11-22/");

    String glob = dir.resolve(FirehoseFixture.BUCKET).resolve("page_views") + "/*/*.parquet";
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        ResultSet r =
            c.createStatement()
                .executeQuery(
                    "SELECT dt, count(*), sum(views), CAST(min(minute) AS VARCHAR), typeof(min(minute)) FROM read_parquet('"
                        + glob
                        + "', hive_partitioning = true) GROUP BY dt ORDER BY dt")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getString(1)).isEqualTo("2026-11-21");
      assertThat(r.getLong(2)).isEqualTo(150);
      assertThat(r.getLong(3)).isEqualTo(150L * 149);
      assertThat(r.getString(4)).isEqualTo("2026-11-21 10:15:00");
      assertThat(r.getString(5)).isEqualTo("TIMESTAMP");
      assertThat(r.next()).isTrue();
      assertThat(r.getString(1)).isEqualTo("2026-11-22");
      assertThat(r.getLong(2)).isEqualTo(150);
      assertThat(r.next()).isFalse();
    }
  }

  @Test
  void describeListDeleteAndErrors_throughTheSdk() throws Exception {
    f.createShipped("shardwise-rejects");

    DeliveryStreamDescription d =
        client
            .describeDeliveryStream(b -> b.deliveryStreamName("shardwise-rejects"))
            .deliveryStreamDescription();
    assertThat(d.deliveryStreamStatusAsString()).isEqualTo("ACTIVE");
    assertThat(d.createTimestamp()).isEqualTo(f.clock.instant());
    assertThat(d.destinations().get(0).extendedS3DestinationDescription().prefix())
        .isEqualTo("rejects/dt=!{partitionKeyFromQuery:dt}/");
    assertThat(
            d.destinations().get(0).extendedS3DestinationDescription().compressionFormatAsString())
        .isEqualTo("GZIP");
    assertThat(client.listDeliveryStreams().deliveryStreamNames())
        .containsExactly("shardwise-rejects");
    assertThatThrownBy(
            () ->
                client.putRecord(
                    b ->
                        b.deliveryStreamName("nope")
                            .record(r -> r.data(SdkBytes.fromUtf8String("x")))))
        .isInstanceOf(ResourceNotFoundException.class);
    List<Record> tooBig = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      tooBig.add(Record.builder().data(SdkBytes.fromByteArray(new byte[1_000_000])).build());
    }
    assertThatThrownBy(
            () ->
                client.putRecordBatch(
                    b -> b.deliveryStreamName("shardwise-rejects").records(tooBig)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("4 MB");

    client.deleteDeliveryStream(b -> b.deliveryStreamName("shardwise-rejects"));
    assertThat(client.listDeliveryStreams().deliveryStreamNames()).isEmpty();
  }
}
