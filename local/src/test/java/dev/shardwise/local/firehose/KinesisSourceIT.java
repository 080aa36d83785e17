package dev.shardwise.local.firehose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shardwise.core.kpl.AggregateBuilder;
import dev.shardwise.core.kpl.UserRecord;
import dev.shardwise.local.server.LocalServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The events delivery stream reading a Kinesis stream through the real SDK client (CBOR), across a
 * reshard, deaggregating KPL records, partitioning by the event's UTC hour, checkpointing only what
 * is delivered.
 */
class KinesisSourceIT {
  static final String EVENTS_COLUMNS =
      "schema int, event_id string, type string, time string, device_id string, session_id string,"
          + " page string, referrer string, country string, load_ms int, metrics map<string,double>";

  @TempDir Path dir;
  FirehoseFixture f;
  FakeKinesis kinesis;
  LocalServer server;
  KinesisClient client;
  long seed = 3;

  @BeforeEach
  void start() throws Exception {
    f = new FirehoseFixture(dir);
    f.schemas.table("shardwise", "events", EVENTS_COLUMNS);
    kinesis = new FakeKinesis("shardwise-events");
    server = LocalServer.builder().port(0).build().register(kinesis).start();
    client =
        KinesisClient.builder()
            .endpointOverride(URI.create(server.endpoint().toString()))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    f.service = service();
  }

  FirehoseService service() {
    return FirehoseService.builder()
        .dataDir(dir)
        .store(f.store)
        .clock(f.clock)
        .random(new SplittableRandom(seed++)) // a new run draws new object names
        .schemas(f.schemas)
        .kinesis(client)
        .build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  /** A KPL aggregate made with the producer's codec. */
  static byte[] aggregate(byte[]... events) {
    AggregateBuilder b = new AggregateBuilder();
    for (byte[] e : events) {
      assertThat(b.tryAdd(new UserRecord("pk", null, e))).isTrue();
    }
    return b.build().data();
  }

  static byte[] event(int i, String time) {
    return ("{\"schema\":1,\"event_id\":\"e"
            + i
            + "\",\"type\":\"telemetry\",\"time\":\""
            + time
            + "\",\"device_id\":\"d"
            + (i % 3)
            + "\",\"metrics\":{\"temp\":"
            + i
            + ".5}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void events_fromKinesis_acrossAReshard_withKplAggregates_landPartitionedByUtcHour()
      throws Exception {
    f.createShipped("shardwise-events");
    Instant arrival = Instant.parse("2026-11-21T10:15:31Z");
    kinesis.put("shardId-000000000000", event(1, "2026-11-21T10:15:30.000Z"), arrival);
    kinesis.put(
        "shardId-000000000000",
        aggregate(event(2, "2026-11-21T11:59:59.999+01:00"), event(3, "2026-11-21T09:00:00-02:00")),
        arrival);
    kinesis.put("shardId-000000000000", event(4, "no time"), arrival);
    kinesis.reshard("shardId-000000000000", "shardId-000000000001");
    kinesis.put("shardId-000000000001", event(5, "2026-11-22T00:30:00+00:30"), arrival);

    assertThat(f.service.flushAll()).isTrue();

    List<String> keys = f.keys();
    assertThat(keys).as(keys.toString()).hasSize(4);
    assertThat(keys.get(0))
        .startsWith(
            "errors/events/processing-failed/dt=2026-11-21/shardwise-events-1-2026-11-21-10-15-31-");
    JsonNode error = FirehoseFixture.JSON.readTree(f.object(keys.get(0)));
    assertThat(error.get("sequenceNumber").asText()).isNotEmpty();
    assertThat(error.get("errorCode").asText())
        .isEqualTo("DynamicPartitioning.MetadataExtractionFailed");
    assertThat(keys.subList(1, 4))
        .allMatch(k -> k.endsWith(".parquet"))
        .extracting(k -> k.substring(0, k.indexOf("/shardwise-events")))
        .containsExactly(
            "events/dt=2026-11-21/hour=10",
            "events/dt=2026-11-21/hour=11",
            "events/dt=2026-11-22/hour=00");

    String glob = dir.resolve(FirehoseFixture.BUCKET).resolve("events") + "/*/*/*.parquet";
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        ResultSet r =
            c.createStatement()
                .executeQuery(
                    "SELECT dt, hour, event_id, time, metrics['temp'] FROM read_parquet('"
                        + glob
                        + "', hive_partitioning = true) ORDER BY event_id")) {
      List<String> rows = new ArrayList<>();
      while (r.next()) {
        rows.add(
            r.getString(1)
                + " "
                + r.getString(2)
                + " "
                + r.getString(3)
                + " "
                + r.getString(4)
                + " "
                + r.getDouble(5));
      }
      assertThat(rows)
          .containsExactly(
              "2026-11-21 10 e1 2026-11-21T10:15:30.000Z 1.5",
              "2026-11-21 10 e2 2026-11-21T11:59:59.999+01:00 2.5",
              "2026-11-21 11 e3 2026-11-21T09:00:00-02:00 3.5",
              "2026-11-22 00 e5 2026-11-22T00:30:00+00:30 5.5");
    }
    String checkpoints =
        Files.readString(dir.resolve(".firehose/shardwise-events/checkpoints.json"));
    assertThat(checkpoints)
        .contains("\"shardId-000000000000\" : \"SHARD_END\"")
        .contains("shardId-000000000001");
  }

  @Test
  void restart_resumesAfterTheLastDeliveredRecord_andRereadsWhatWasNotDelivered() throws Exception {
    f.createShipped("shardwise-events");
    Instant arrival = Instant.parse("2026-11-21T10:15:31Z");
    kinesis.put("shardId-000000000000", event(1, "2026-11-21T10:00:00Z"), arrival);
    f.service.flushAll();
    kinesis.put("shardId-000000000000", event(2, "2026-11-21T10:00:00Z"), arrival);
    f.service.tick(); // read, buffered, not delivered: a crash now must not lose it

    f.service = service();
    f.createShipped("shardwise-events");
    f.service.flushAll();

    List<String> ids = new ArrayList<>();
    String glob = dir.resolve(FirehoseFixture.BUCKET).resolve("events") + "/*/*/*.parquet";
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        ResultSet r =
            c.createStatement()
                .executeQuery("SELECT event_id FROM read_parquet('" + glob + "') ORDER BY 1")) {
      while (r.next()) {
        ids.add(r.getString(1));
      }
    }
    assertThat(ids).containsExactly("e1", "e2");
  }
}
