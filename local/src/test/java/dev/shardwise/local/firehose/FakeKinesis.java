package dev.shardwise.local.firehose;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.local.server.AwsServiceException;
import dev.shardwise.local.server.JsonRequest;
import dev.shardwise.local.server.JsonService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for the local Kinesis service (being built on another branch) with just what a
 * Firehose source reads: ListShards, GetShardIterator, GetRecords, and resharding (a closed parent
 * with a child). Answers in the request's wire format (the SDK sends CBOR). Test-only.
 */
final class FakeKinesis implements JsonService {
  record Rec(String seq, byte[] data, String pk, Instant arrival) {}

  static final class FakeShard {
    final String id;
    final String parent;
    final List<Rec> records = new ArrayList<>();
    boolean closed;

    FakeShard(String id, String parent) {
      this.id = id;
      this.parent = parent;
    }
  }

  final String stream;
  final Map<String, FakeShard> shards = new LinkedHashMap<>();
  long seq = 1000;
  int getRecordsCalls;

  FakeKinesis(String stream) {
    this.stream = stream;
    shards.put("shardId-000000000000", new FakeShard("shardId-000000000000", null));
  }

  synchronized void put(String shardId, byte[] data, Instant arrival) {
    FakeShard s = shards.get(shardId);
    s.records.add(new Rec(String.format("%056d", seq++), data, "pk", arrival));
  }

  /** Closes {@code parent} and opens {@code child} under it. */
  synchronized void reshard(String parent, String child) {
    shards.get(parent).closed = true;
    shards.put(child, new FakeShard(child, parent));
  }

  @Override
  public String targetPrefix() {
    return "Kinesis_20131202";
  }

  @Override
  public synchronized ObjectNode handle(JsonRequest req) throws AwsServiceException {
    ObjectNode out = req.newResponse();
    switch (req.operation()) {
      case "ListShards" -> {
        ArrayNode arr = out.putArray("Shards");
        for (FakeShard s : shards.values()) {
          ObjectNode n = arr.addObject();
          n.put("ShardId", s.id);
          if (s.parent != null) {
            n.put("ParentShardId", s.parent);
          }
          n.putObject("HashKeyRange")
              .put("StartingHashKey", "0")
              .put("EndingHashKey", "340282366920938463463374607431768211455");
          ObjectNode range = n.putObject("SequenceNumberRange").put("StartingSequenceNumber", "0");
          if (s.closed) {
            range.put("EndingSequenceNumber", String.format("%056d", seq));
          }
        }
      }
      case "GetShardIterator" -> {
        FakeShard s = shard(req.requiredString("ShardId"));
        String type = req.requiredString("ShardIteratorType");
        int pos =
            switch (type) {
              case "TRIM_HORIZON" -> 0;
              case "LATEST" -> s.records.size();
              case "AFTER_SEQUENCE_NUMBER" ->
                  indexAfter(s, req.requiredString("StartingSequenceNumber"));
              default -> throw AwsServiceException.invalidArgument("unsupported " + type);
            };
        out.put("ShardIterator", s.id + "|" + pos);
      }
      case "GetRecords" -> {
        getRecordsCalls++;
        String[] it = req.requiredString("ShardIterator").split("\\|");
        FakeShard s = shard(it[0]);
        int pos = Integer.parseInt(it[1]);
        int limit = req.optionalInt("Limit", 10000);
        ArrayNode arr = out.putArray("Records");
        int end = Math.min(s.records.size(), pos + limit);
        for (int i = pos; i < end; i++) {
          Rec r = s.records.get(i);
          ObjectNode n = arr.addObject();
          n.put("SequenceNumber", r.seq());
          n.set("ApproximateArrivalTimestamp", req.timestamp(r.arrival()));
          n.put("Data", r.data());
          n.put("PartitionKey", r.pk());
        }
        out.put("MillisBehindLatest", end < s.records.size() ? 1000 : 0);
        if (!(s.closed && end == s.records.size())) {
          out.put("NextShardIterator", s.id + "|" + end);
        }
      }
      default -> throw AwsServiceException.unknownOperation(req.operation());
    }
    return out;
  }

  private FakeShard shard(String id) throws AwsServiceException {
    FakeShard s = shards.get(id);
    if (s == null) {
      throw AwsServiceException.resourceNotFound(
          "Shard " + id + " in stream " + stream + " does not exist");
    }
    return s;
  }

  private static int indexAfter(FakeShard s, String seq) {
    for (int i = 0; i < s.records.size(); i++) {
      if (s.records.get(i).seq().compareTo(seq) > 0) {
        return i;
      }
    }
    return s.records.size();
  }
}
