package dev.shardwise.consumer.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shardwise.consumer.BatchProcessor;
import dev.shardwise.consumer.BatchResult;
import dev.shardwise.consumer.ConsumerConfig;
import dev.shardwise.consumer.ShardBatch;
import dev.shardwise.consumer.StreamRecord;
import dev.shardwise.consumer.internal.KplEventReader;
import dev.shardwise.core.detect.DetectorRegistry;
import dev.shardwise.core.detect.WindowDetector;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A processor on fakes (recording sink, in-memory store), with helpers to drive windows. */
public final class Harness {
  public static final String STREAM = "shardwise-events";
  public static final String SHARD = "shardId-000000000000";
  public static final String PAGE_VIEWS = "shardwise-page-views";
  public static final String ANOMALIES = "shardwise-anomalies";
  public static final String REJECTS = "shardwise-rejects";
  private static final ObjectMapper JSON = new ObjectMapper();

  public final RecordingSink sink = new RecordingSink();
  public final InMemoryStateStore store = new InMemoryStateStore();
  public final List<String> log = new ArrayList<>();
  public final BatchProcessor processor;

  public Harness(Map<String, String> settings, List<WindowDetector> detectors) {
    Map<String, String> env = new HashMap<>(settings);
    env.putIfAbsent(ConsumerConfig.REGION, "us-east-1");
    processor =
        new BatchProcessor(
            ConsumerConfig.fromEnvironment(env),
            new KplEventReader(dev.shardwise.consumer.state.ShardLineage.NONE),
            sink,
            store,
            DetectorRegistry.of(detectors),
            InstantSource.fixed(Instant.parse("2026-11-21T12:00:00Z")),
            () -> 0L);
  }

  public Harness() {
    this(Map.of(), List.of());
  }

  public static ShardBatch batch(
      Instant windowStart,
      Map<String, String> state,
      List<StreamRecord> records,
      boolean finalInvoke,
      boolean terminatedEarly) {
    return new ShardBatch(
        STREAM,
        SHARD,
        windowStart,
        windowStart.plusSeconds(60),
        state,
        records,
        finalInvoke,
        terminatedEarly);
  }

  public BatchResult process(ShardBatch batch) {
    return processor.process(batch, log::add);
  }

  public List<JsonNode> rows(String stream) {
    List<JsonNode> out = new ArrayList<>();
    for (String line : sink.delivered(stream)) {
      out.add(parse(line));
    }
    return out;
  }

  public static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The EMF lines written so far, parsed. */
  public List<JsonNode> metricLines() {
    return log.stream().filter(l -> l.contains("\"_aws\"")).map(Harness::parse).toList();
  }

  public List<JsonNode> logLines(String level) {
    return log.stream()
        .filter(l -> l.contains("\"level\":\"" + level + "\""))
        .map(Harness::parse)
        .toList();
  }

  /** Sum of {@code views} over page view rows, counting each row id once. */
  public long distinctViews() {
    Map<String, Long> byId = new HashMap<>();
    for (JsonNode r : rows(PAGE_VIEWS)) {
      byId.put(r.get("row_id").asText(), r.get("views").asLong());
    }
    return byId.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Sum of {@code views} over the page view rows {@code sink} delivered for {@code shard}. */
  public static long viewsOfShard(RecordingSink sink, String shard) {
    long sum = 0;
    for (String line : sink.delivered(PAGE_VIEWS)) {
      JsonNode r = parse(line);
      if (r.get("shard_id").asText().equals(shard)) {
        sum += r.get("views").asLong();
      }
    }
    return sum;
  }
}
