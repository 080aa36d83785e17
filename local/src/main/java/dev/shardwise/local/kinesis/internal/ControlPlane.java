package dev.shardwise.local.kinesis.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.local.kinesis.KinesisConfig;
import dev.shardwise.local.server.AwsServiceException;
import dev.shardwise.local.server.JsonRequest;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Stream lifecycle and description: create, delete, list, describe, list shards, tags, limits. */
public final class ControlPlane {
  private final Streams streams;
  private final KinesisConfig config;
  private final InstantSource clock;
  private final Errors errors;

  public ControlPlane(Streams streams, KinesisConfig config, InstantSource clock) {
    this.streams = streams;
    this.config = config;
    this.clock = clock;
    this.errors = new Errors(config.accountId());
  }

  public String arn(String name) {
    return "arn:aws:kinesis:" + config.region() + ":" + config.accountId() + ":stream/" + name;
  }

  /** A stream in any state, or ResourceNotFoundException. */
  public Stream existing(JsonRequest req) throws AwsServiceException {
    String name = Args.streamNameOrArn(req, true);
    Stream s = streams.find(name, clock.millis());
    if (s == null) {
      throw errors.streamNotFound(name);
    }
    return s;
  }

  /** A stream that is ACTIVE, or ResourceInUseException naming its state. */
  public Stream active(JsonRequest req) throws AwsServiceException {
    Stream s = existing(req);
    String status = s.status(clock.millis());
    if (!status.equals("ACTIVE")) {
      throw errors.notActive(s.name, status);
    }
    return s;
  }

  public ObjectNode createStream(JsonRequest req) throws AwsServiceException {
    String name = Args.streamName("StreamName", req.requiredString("StreamName"));
    Integer shardCount = Args.intInRange(req, "ShardCount", 1, 100_000);
    ObjectNode mode = req.optionalObject("StreamModeDetails");
    String modeName = "PROVISIONED";
    if (mode != null) {
      String m = JsonRequest.string(mode, "StreamMode");
      if (m == null) {
        throw JsonRequest.missing("streamModeDetails.streamMode");
      }
      modeName = Args.oneOf("streamModeDetails.streamMode", m, List.of("PROVISIONED", "ON_DEMAND"));
    } else if (shardCount == null) {
      modeName = "ON_DEMAND";
    }
    boolean onDemand = modeName.equals("ON_DEMAND");
    if (onDemand && shardCount != null) {
      throw AwsServiceException.validation(
          "ShardCount must not be specified for a stream in ON_DEMAND mode.");
    }
    if (!onDemand && shardCount == null) {
      throw AwsServiceException.invalidArgument(
          "ShardCount must be specified for a stream in PROVISIONED mode.");
    }
    int n = onDemand ? 4 : shardCount;
    Map<String, String> tags = tags(req.optionalObject("Tags"));
    long now = clock.millis();
    synchronized (streams) {
      int open = streams.openShardCount(now);
      if (open + n > config.shardLimit()) {
        throw shardLimit(open, n);
      }
      Stream s =
          streams.create(name, arn(name), n, onDemand, now, now + config.statusDelay().toMillis());
      if (s == null) {
        throw errors.streamExists(name);
      }
      if (!tags.isEmpty()) {
        s.putTags(tags);
        streams.persist(s);
      }
    }
    return req.newResponse();
  }

  AwsServiceException shardLimit(int open, int additional) {
    return AwsServiceException.limitExceeded(
        "This request would exceed the shard limit for the account "
            + config.accountId()
            + " in "
            + config.region()
            + ". Current shard count for the account: "
            + open
            + ". Limit: "
            + config.shardLimit()
            + ". Number of additional shards that would have resulted from this request: "
            + additional
            + ". (Local setting kinesis.shard-limit.)");
  }

  public ObjectNode deleteStream(JsonRequest req) throws AwsServiceException {
    Stream s = existing(req);
    long now = clock.millis();
    String status = s.status(now);
    if (status.equals("CREATING") || status.equals("DELETING")) {
      throw errors.notActive(s.name, status);
    }
    s.topology.writeLock().lock();
    try {
      long delay = config.statusDelay().toMillis();
      s.markDeleting(now + delay);
      if (delay == 0) {
        streams.remove(s);
      } else {
        streams.persist(s);
      }
    } finally {
      s.topology.writeLock().unlock();
    }
    return req.newResponse();
  }

  public ObjectNode listStreams(JsonRequest req) throws AwsServiceException {
    Integer limitArg = Args.intInRange(req, "Limit", 1, 10_000);
    int limit = limitArg == null ? 100 : limitArg;
    String after = req.optionalString("ExclusiveStartStreamName");
    String token = req.optionalString("NextToken");
    if (token != null) {
      after = PageTokens.decodeStreamsToken(token);
    }
    long now = clock.millis();
    List<Stream> all = new ArrayList<>(streams.all(now));
    all.sort(Comparator.comparing(s -> s.name));
    ObjectNode out = req.newResponse();
    ArrayNode names = out.putArray("StreamNames");
    ArrayNode summaries = out.putArray("StreamSummaries");
    int count = 0;
    boolean more = false;
    String last = null;
    for (Stream s : all) {
      if (after != null && s.name.compareTo(after) <= 0) {
        continue;
      }
      if (count == limit) {
        more = true;
        break;
      }
      names.add(s.name);
      ObjectNode sum = summaries.addObject();
      sum.put("StreamName", s.name).put("StreamARN", s.arn).put("StreamStatus", s.status(now));
      sum.putObject("StreamModeDetails").put("StreamMode", mode(s));
      sum.set("StreamCreationTimestamp", req.timestamp(Instant.ofEpochMilli(s.createdMillis)));
      last = s.name;
      count++;
    }
    out.put("HasMoreStreams", more);
    if (more) {
      out.put("NextToken", PageTokens.streamsToken(last));
    }
    return out;
  }

  static String mode(Stream s) {
    return s.onDemand ? "ON_DEMAND" : "PROVISIONED";
  }

  public ObjectNode describeStream(JsonRequest req) throws AwsServiceException {
    Integer limitArg = Args.intInRange(req, "Limit", 1, 10_000);
    int limit = limitArg == null ? 100 : limitArg;
    String start = req.optionalString("ExclusiveStartShardId");
    if (start != null) {
      Args.shardId("ExclusiveStartShardId", start);
    }
    Stream s = existing(req);
    long now = clock.millis();
    streams.expireClosedShards(s, now);
    ObjectNode out = req.newResponse();
    ObjectNode d = out.putObject("StreamDescription");
    d.put("StreamName", s.name).put("StreamARN", s.arn).put("StreamStatus", s.status(now));
    d.putObject("StreamModeDetails").put("StreamMode", mode(s));
    ArrayNode shards = d.putArray("Shards");
    boolean more = false;
    for (Shard sh : s.shards()) {
      if (start != null && sh.id.compareTo(start) <= 0) {
        continue;
      }
      if (shards.size() == limit) {
        more = true;
        break;
      }
      Responses.shard(shards.addObject(), s, sh);
    }
    d.put("HasMoreShards", more);
    d.put("RetentionPeriodHours", s.retentionHours());
    d.set("StreamCreationTimestamp", req.timestamp(Instant.ofEpochMilli(s.createdMillis)));
    d.putArray("EnhancedMonitoring").addObject().putArray("ShardLevelMetrics");
    d.put("EncryptionType", "NONE");
    return out;
  }

  public ObjectNode describeStreamSummary(JsonRequest req) throws AwsServiceException {
    Stream s = existing(req);
    long now = clock.millis();
    ObjectNode out = req.newResponse();
    ObjectNode d = out.putObject("StreamDescriptionSummary");
    d.put("StreamName", s.name).put("StreamARN", s.arn).put("StreamStatus", s.status(now));
    d.putObject("StreamModeDetails").put("StreamMode", mode(s));
    d.put("RetentionPeriodHours", s.retentionHours());
    d.set("StreamCreationTimestamp", req.timestamp(Instant.ofEpochMilli(s.createdMillis)));
    d.putArray("EnhancedMonitoring").addObject().putArray("ShardLevelMetrics");
    d.put("EncryptionType", "NONE");
    d.put("OpenShardCount", s.openShards().size());
    d.put("ConsumerCount", 0);
    return out;
  }

  public ObjectNode listShards(JsonRequest req) throws AwsServiceException {
    Integer maxArg = Args.intInRange(req, "MaxResults", 1, 10_000);
    int max = maxArg == null ? 1000 : maxArg;
    String token = req.optionalString("NextToken");
    String start = req.optionalString("ExclusiveStartShardId");
    if (start != null) {
      Args.shardId("ExclusiveStartShardId", start);
    }
    ObjectNode filter = req.optionalObject("ShardFilter");
    long now = clock.millis();
    PageTokens.ShardsPage page;
    if (token != null) {
      if (req.optionalString("StreamName") != null
          || start != null
          || req.member("StreamCreationTimestamp") != null) {
        throw AwsServiceException.invalidArgument(
            "NextToken and StreamName, ExclusiveStartShardId or StreamCreationTimestamp"
                + " cannot be provided together.");
      }
      page = PageTokens.decodeShardsToken(token, now);
    } else {
      String name = Args.streamNameOrArn(req, true);
      page = PageTokens.firstShardsPage(name, start, filter, now);
    }
    Stream s = streams.find(page.stream(), now);
    if (s == null || (token != null && s.createdMillis != page.streamEpoch())) {
      throw errors.streamNotFound(page.stream());
    }
    String status = s.status(now);
    if (status.equals("CREATING") || status.equals("DELETING")) {
      throw errors.notActive(s.name, status);
    }
    streams.expireClosedShards(s, now);
    ObjectNode out = req.newResponse();
    ArrayNode shards = out.putArray("Shards");
    String last = null;
    boolean more = false;
    for (Shard sh : s.shards()) {
      if (page.after() != null && sh.id.compareTo(page.after()) <= 0) {
        continue;
      }
      if (!PageTokens.matches(page, s, sh, now)) {
        continue;
      }
      if (shards.size() == max) {
        more = true;
        break;
      }
      Responses.shard(shards.addObject(), s, sh);
      last = sh.id;
    }
    if (more) {
      out.put("NextToken", PageTokens.shardsToken(page.withAfter(last, s.createdMillis)));
    }
    return out;
  }

  public ObjectNode addTags(JsonRequest req) throws AwsServiceException {
    Map<String, String> tags = tags(req.optionalObject("Tags"));
    if (tags.isEmpty()) {
      throw JsonRequest.missing("Tags");
    }
    Stream s = existing(req);
    s.putTags(tags);
    streams.persist(s);
    return req.newResponse();
  }

  public ObjectNode removeTags(JsonRequest req) throws AwsServiceException {
    ArrayNode keys = req.requiredArray("TagKeys");
    List<String> list = new ArrayList<>();
    for (JsonNode k : keys) {
      if (!k.isTextual()) {
        throw AwsServiceException.serialization("TagKeys must be strings");
      }
      list.add(k.textValue());
    }
    Stream s = existing(req);
    s.removeTags(list);
    streams.persist(s);
    return req.newResponse();
  }

  public ObjectNode listTags(JsonRequest req) throws AwsServiceException {
    Stream s = existing(req);
    ObjectNode out = req.newResponse();
    ArrayNode tags = out.putArray("Tags");
    s.tags().forEach((k, v) -> tags.addObject().put("Key", k).put("Value", v));
    out.put("HasMoreTags", false);
    return out;
  }

  public ObjectNode describeLimits(JsonRequest req) {
    long now = clock.millis();
    ObjectNode out = req.newResponse();
    out.put("ShardLimit", config.shardLimit());
    out.put("OpenShardCount", streams.openShardCount(now));
    out.put("OnDemandStreamCount", streams.all(now).stream().filter(s -> s.onDemand).count());
    out.put("OnDemandStreamCountLimit", 50);
    return out;
  }

  public ObjectNode listStreamConsumers(JsonRequest req) throws AwsServiceException {
    req.requiredString("StreamARN");
    existing(req);
    ObjectNode out = req.newResponse();
    out.putArray("Consumers");
    return out;
  }

  private static Map<String, String> tags(ObjectNode node) throws AwsServiceException {
    Map<String, String> out = new TreeMap<>();
    if (node == null) {
      return out;
    }
    var it = node.fields();
    while (it.hasNext()) {
      var e = it.next();
      if (!e.getValue().isTextual()) {
        throw AwsServiceException.serialization("Tag values must be strings");
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }
}
