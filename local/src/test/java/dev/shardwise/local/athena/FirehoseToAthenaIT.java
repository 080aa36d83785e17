package dev.shardwise.local.athena;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.athena.AthenaQueryRunner;
import dev.shardwise.athena.QueryCatalog;
import dev.shardwise.athena.QueryResult;
import dev.shardwise.firehose.DeliveryStreamDefinitions;
import dev.shardwise.local.firehose.FirehoseService;
import dev.shardwise.local.s3.FileObjectStore;
import dev.shardwise.local.server.JsonRequest;
import dev.shardwise.local.server.LocalServer;
import dev.shardwise.local.server.WireFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.athena.AthenaClient;

/**
 * What the local Firehose writes (Parquet converted with the schemas the local Athena's catalog
 * gives it, GZIP JSON for rejects, partitioned by its JQ) the local Athena reads through the
 * shipped tables and views: the two halves of the archive agree on layout, types and formats.
 */
class FirehoseToAthenaIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String ARCHIVE = "shardwise-archive";

  @TempDir Path dir;

  @Test
  void whatTheLocalFirehoseWrites_theLocalAthenaReads() throws Exception {
    InstantSource clock = InstantSource.fixed(Instant.parse("2026-11-21T10:20:00Z"));
    FileObjectStore store = new FileObjectStore(dir, clock);
    store.ensureBucket(ARCHIVE);
    Map<String, String> local =
        DeliveryStreamDefinitions.localValues(
            "us-east-1", "000000000000", ARCHIVE, "shardwise-events");
    try (AthenaService athena =
        new AthenaService(
            AthenaConfig.defaults().withDuckDbThreads(1), store, clock, new SplittableRandom(1))) {
      athena.install(QueryCatalog.load(), ARCHIVE);
      FirehoseService firehose =
          FirehoseService.builder()
              .dataDir(dir)
              .store(store)
              .clock(clock)
              .random(new SplittableRandom(2))
              .schemas(athena.tableSchemas())
              .build();
      try {
        for (String name :
            List.of("shardwise-page-views", "shardwise-anomalies", "shardwise-rejects")) {
          firehose.create(DeliveryStreamDefinitions.load(name, local));
        }
        // the events stream reads Kinesis on AWS; here the same definition takes Direct PUTs
        ObjectNode events =
            (ObjectNode)
                JSON.readTree(
                    DeliveryStreamDefinitions.toJson(
                        DeliveryStreamDefinitions.load("shardwise-events", local)));
        events.put("DeliveryStreamType", "DirectPut");
        events.remove("KinesisStreamSourceConfiguration");
        firehose.create(DeliveryStreamDefinitions.parse("events", events.toString()));

        String telemetry =
            "{\"schema\":1,\"event_id\":\"e1\",\"type\":\"telemetry\",\"time\":\"2026-11-21T12:10:00.250+02:00\","
                + "\"device_id\":\"d1\",\"metrics\":{\"cpu\":0.5,\"mem\":1.25}}";
        put(
            firehose,
            "shardwise-events",
            List.of(
                telemetry,
                telemetry, // a repeated delivery
                "{\"schema\":1,\"event_id\":\"e2\",\"type\":\"page_view\",\"time\":\"2026-11-21T10:14:59.999Z\","
                    + "\"device_id\":\"d2\",\"page\":\"/a\",\"load_ms\":120}"));
        String row =
            "{\"row_id\":\"r1\",\"shard_id\":\"shardId-000000000000\",\"window_start\":\"2026-11-21T10:15:00.000Z\","
                + "\"window_end\":\"2026-11-21T10:16:00.000Z\",\"segment\":\"49\",\"minute\":\"2026-11-21T10:14:00.000Z\","
                + "\"page\":\"/a\",\"views\":3,\"unique_devices\":2,\"load_ms_sum\":300,\"load_ms_count\":3,\"load_ms_max\":120,\"late\":false}";
        put(
            firehose,
            "shardwise-page-views",
            List.of(
                row,
                row, // a retried emission
                row.replace("\"r1\"", "\"r2\"")
                    .replace("\"views\":3", "\"views\":2")
                    .replace("\"late\":false", "\"late\":true")
                    .replace("10:15:00.000Z", "10:17:00.000Z")));
        put(
            firehose,
            "shardwise-anomalies",
            List.of(
                "{\"row_id\":\"a1\",\"shard_id\":\"shardId-000000000000\",\"detected_at\":\"2026-11-21T10:16:00.000Z\","
                    + "\"window_start\":\"2026-11-21T10:15:00.000Z\",\"window_end\":\"2026-11-21T10:16:00.000Z\",\"kind\":\"spike\","
                    + "\"key_type\":\"page\",\"key\":\"/a\",\"metric\":\"views\",\"observed\":40.0,\"expected\":4.0,"
                    + "\"band_low\":1.0,\"band_high\":8.0,\"score\":6.5,\"threshold\":3.0,\"severity\":\"critical\"}"));
        String reject =
            "{\"row_id\":\"x1\",\"shard_id\":\"shardId-000000000000\",\"sequence_number\":\"4959\","
                + "\"sub_sequence_number\":-1,\"partition_key\":\"d9\",\"arrival_time\":\"2026-11-21T10:15:01.000Z\","
                + "\"reason\":\"bad_value\",\"message\":\"load_ms < 0\",\"data_length\":40,\"data_base64\":\"e30=\"}";
        // the consumer sends each reject newline-terminated (docs/architecture.md, output rows)
        put(firehose, "shardwise-rejects", List.of(reject + "\n", reject + "\n"));
        assertThat(firehose.flushAll()).isTrue();
      } finally {
        firehose.close();
      }

      try (LocalServer server = LocalServer.builder().port(0).build().register(athena).start();
          AthenaClient client = LocalAthena.client(server.endpoint())) {
        AthenaQueryRunner runner =
            new AthenaQueryRunner(client, AthenaQueryRunner.Settings.defaults());

        assertThat(
                runner
                    .run(
                        "SELECT event_id, event_time, copies, metrics['mem'], dt, hour FROM events_unique"
                            + " WHERE dt = '2026-11-21' ORDER BY event_id",
                        List.of())
                    .rows())
            .containsExactly(
                List.of("e1", "2026-11-21 10:10:00.250", "2", "1.25", "2026-11-21", "10"),
                java.util.Arrays.asList(
                    "e2", "2026-11-21 10:14:59.999", "1", null, "2026-11-21", "10"));
        assertThat(
                runner
                    .run(
                        "SELECT minute, page, views, late_rows, source_rows FROM page_views_minutely"
                            + " WHERE dt = '2026-11-21'",
                        List.of())
                    .rows())
            .containsExactly(List.of("2026-11-21 10:14:00.000", "/a", "5", "1", "2"));
        QueryResult anomalies =
            runner.run(
                "SELECT detected_at, \"key\", observed, severity FROM anomalies_unique"
                    + " WHERE dt = '2026-11-21'",
                List.of());
        assertThat(anomalies.rows())
            .containsExactly(List.of("2026-11-21 10:16:00.000", "/a", "40.0", "critical"));
        assertThat(
                runner
                    .run(
                        "SELECT reason, count(*), count(DISTINCT row_id) FROM rejects WHERE dt = '2026-11-21'"
                            + " GROUP BY reason",
                        List.of())
                    .rows())
            .containsExactly(List.of("bad_value", "2", "1"));
      }
    }
  }

  private static void put(FirehoseService firehose, String stream, List<String> records)
      throws Exception {
    ObjectNode body = JSON.createObjectNode();
    body.put("DeliveryStreamName", stream);
    ArrayNode rs = body.putArray("Records");
    for (String r : records) {
      rs.addObject()
          .put("Data", Base64.getEncoder().encodeToString(r.getBytes(StandardCharsets.UTF_8)));
    }
    ObjectNode out =
        firehose.handle(new JsonRequest("PutRecordBatch", WireFormat.JSON, body, Map.of(), 0));
    assertThat(out.get("FailedPutCount").asInt()).as(out.toString()).isZero();
  }
}
