package dev.shardwise.local.kinesis.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Kinesis response shapes shared by several operations. */
public final class Responses {
  private Responses() {}

  /** A {@code Shard} structure. */
  public static void shard(ObjectNode o, Stream s, Shard sh) {
    o.put("ShardId", sh.id);
    if (sh.parentShardId != null) {
      o.put("ParentShardId", sh.parentShardId);
    }
    if (sh.adjacentParentShardId != null) {
      o.put("AdjacentParentShardId", sh.adjacentParentShardId);
    }
    hashKeyRange(o.putObject("HashKeyRange"), sh);
    ObjectNode range = o.putObject("SequenceNumberRange");
    range.put("StartingSequenceNumber", sh.sequence.format(0));
    if (!sh.isOpen()) {
      range.put("EndingSequenceNumber", sh.sequence.format(sh.endPosition()));
    }
  }

  static void hashKeyRange(ObjectNode o, Shard sh) {
    o.put("StartingHashKey", sh.startHash.toString());
    o.put("EndingHashKey", sh.endHash.toString());
  }

  /** The {@code ChildShards} of a closed shard, for GetRecords at its end. */
  public static ArrayNode childShards(ObjectNode factory, Stream s, Shard parent) {
    ArrayNode out = factory.arrayNode();
    for (Shard c : s.shards()) {
      if (parent.id.equals(c.parentShardId) || parent.id.equals(c.adjacentParentShardId)) {
        ObjectNode o = out.addObject();
        o.put("ShardId", c.id);
        ArrayNode parents = o.putArray("ParentShards");
        parents.add(c.parentShardId);
        if (c.adjacentParentShardId != null) {
          parents.add(c.adjacentParentShardId);
        }
        hashKeyRange(o.putObject("HashKeyRange"), c);
      }
    }
    return out;
  }
}
