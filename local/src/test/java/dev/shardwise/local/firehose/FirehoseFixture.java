package dev.shardwise.local.firehose;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.firehose.DeliveryStreamDefinitions;
import dev.shardwise.local.s3.DirectoryObjectStore;
import dev.shardwise.local.server.AwsServiceException;
import dev.shardwise.local.server.JsonRequest;
import dev.shardwise.local.server.WireFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** A service on a temp directory with a manual clock, and request helpers. */
final class FirehoseFixture {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String BUCKET = "shardwise-archive";
  static final Map<String, String> LOCAL =
      DeliveryStreamDefinitions.localValues(
          "us-east-1", "000000000000", BUCKET, "shardwise-events");
  static final String PAGE_VIEW_COLUMNS =
      "row_id string, shard_id string, window_start timestamp, window_end timestamp, segment string,"
          + " minute timestamp, page string, views bigint, unique_devices bigint, load_ms_sum bigint,"
          + " load_ms_count bigint, load_ms_max int, late boolean";

  /** A clock tests move by hand. */
  static final class ManualClock implements InstantSource {
    volatile Instant now;

    ManualClock(Instant start) {
      this.now = start;
    }

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  final Path dir;
  final DirectoryObjectStore store;
  final ManualClock clock = new ManualClock(Instant.parse("2026-11-21T10:15:30Z"));
  final List<String> metrics = new ArrayList<>();
  final ColumnListSchemaResolver schemas =
      new ColumnListSchemaResolver().table("shardwise", "page_views", PAGE_VIEW_COLUMNS);
  FirehoseService service;

  FirehoseFixture(Path dir) throws Exception {
    this.dir = dir;
    this.store = new DirectoryObjectStore(dir);
    store.ensureBucket(BUCKET);
    this.service = newService();
  }

  FirehoseService newService() {
    return FirehoseService.builder()
        .dataDir(dir)
        .store(store)
        .clock(clock)
        .random(new SplittableRandom(7))
        .schemas(schemas)
        .metrics(
            (stream, metric, value, unit, at) -> {
              synchronized (metrics) {
                metrics.add(stream + " " + metric + " " + value);
              }
            })
        .build();
  }

  static JsonRequest request(String op, ObjectNode body) {
    return new JsonRequest(op, WireFormat.JSON, body, Map.of(), body.toString().length());
  }

  ObjectNode call(String op, ObjectNode body) throws AwsServiceException {
    return service.handle(request(op, body));
  }

  /** Creates one of the shipped delivery streams through the API. */
  ObjectNode createShipped(String name) throws Exception {
    String json = DeliveryStreamDefinitions.toJson(DeliveryStreamDefinitions.load(name, LOCAL));
    return call("CreateDeliveryStream", (ObjectNode) JSON.readTree(json));
  }

  /** Creates a stream from a shipped definition changed by {@code edit}. */
  ObjectNode createEdited(String name, java.util.function.Consumer<ObjectNode> edit)
      throws Exception {
    String json = DeliveryStreamDefinitions.toJson(DeliveryStreamDefinitions.load(name, LOCAL));
    ObjectNode body = (ObjectNode) JSON.readTree(json);
    edit.accept(body);
    return call("CreateDeliveryStream", body);
  }

  static ObjectNode batch(String stream, List<String> records) {
    ObjectNode body = JSON.createObjectNode();
    body.put("DeliveryStreamName", stream);
    ArrayNode rs = body.putArray("Records");
    for (String r : records) {
      rs.addObject()
          .put("Data", Base64.getEncoder().encodeToString(r.getBytes(StandardCharsets.UTF_8)));
    }
    return body;
  }

  ObjectNode put(String stream, List<String> records) throws AwsServiceException {
    return call("PutRecordBatch", batch(stream, records));
  }

  static ObjectNode named(String stream) {
    return JSON.createObjectNode().put("DeliveryStreamName", stream);
  }

  List<String> keys() throws Exception {
    return store.keys(BUCKET);
  }

  byte[] object(String key) throws Exception {
    return store.get(BUCKET, key);
  }
}
