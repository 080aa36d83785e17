package dev.shardwise.local.kinesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.local.server.AwsServiceException;
import dev.shardwise.local.server.JsonRequest;
import dev.shardwise.local.server.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/** Calls a {@link KinesisService} directly (no HTTP) with JSON bodies and a fake clock. */
final class ServiceHarness implements AutoCloseable {
  final FakeClock clock;
  final Path dir;
  final KinesisConfig config;
  KinesisService service;

  ServiceHarness(KinesisConfig config, Path dir) {
    this(config, dir, new FakeClock());
  }

  ServiceHarness(KinesisConfig config, Path dir, FakeClock clock) {
    this(config, dir, clock, dev.shardwise.local.metrics.MetricSink.NONE);
  }

  ServiceHarness(
      KinesisConfig config,
      Path dir,
      FakeClock clock,
      dev.shardwise.local.metrics.MetricSink metrics) {
    this.config = config;
    this.dir = dir;
    this.clock = clock;
    this.service =
        new KinesisService(config, dir, clock, new SplittableRandom(7), d -> {}, metrics);
  }

  /** Closes the service and opens a new one on the same data directory (a restart). */
  void restart() {
    service.close();
    service = new KinesisService(config, dir, clock, new SplittableRandom(8));
  }

  ObjectNode call(String op, String json) throws AwsServiceException {
    try {
      return call(op, (ObjectNode) WireFormat.JSON.mapper().readTree(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Calls an operation and returns the response as a client reads it (encoded, parsed). */
  ObjectNode call(String op, ObjectNode body) throws AwsServiceException {
    ObjectNode out = service.handle(new JsonRequest(op, WireFormat.JSON, body, Map.of(), 0));
    return (ObjectNode) WireFormat.JSON.read(WireFormat.JSON.write(out));
  }

  static ObjectNode obj() {
    return WireFormat.JSON.mapper().createObjectNode();
  }

  void create(String stream, int shards) throws AwsServiceException {
    call("CreateStream", "{\"StreamName\":\"" + stream + "\",\"ShardCount\":" + shards + "}");
  }

  /** PutRecords of {@code n} records of {@code size} bytes with keys {@code prefix + i}. */
  ObjectNode putRecords(String stream, int n, int size, String prefix) throws AwsServiceException {
    ObjectNode body = obj().put("StreamName", stream);
    ArrayNode recs = body.putArray("Records");
    for (int i = 0; i < n; i++) {
      recs.addObject().put("PartitionKey", prefix + i).put("Data", new byte[size]);
    }
    return call("PutRecords", body);
  }

  ObjectNode putRecord(String stream, String key, byte[] data) throws AwsServiceException {
    return call(
        "PutRecord", obj().put("StreamName", stream).put("PartitionKey", key).put("Data", data));
  }

  String iterator(String stream, String shard, String type) throws AwsServiceException {
    return call(
            "GetShardIterator",
            obj().put("StreamName", stream).put("ShardId", shard).put("ShardIteratorType", type))
        .get("ShardIterator")
        .asText();
  }

  ObjectNode getRecords(String iterator) throws AwsServiceException {
    return call("GetRecords", obj().put("ShardIterator", iterator));
  }

  /** All records of a shard from TRIM_HORIZON, following iterators until caught up. */
  int drain(String stream, String shard) throws AwsServiceException {
    String it = iterator(stream, shard, "TRIM_HORIZON");
    int n = 0;
    while (it != null) {
      ObjectNode r = getRecords(it);
      n += r.get("Records").size();
      JsonNode next = r.get("NextShardIterator");
      if (r.get("Records").isEmpty()) {
        break;
      }
      it = next == null ? null : next.asText();
    }
    return n;
  }

  @Override
  public void close() {
    service.close();
  }
}
