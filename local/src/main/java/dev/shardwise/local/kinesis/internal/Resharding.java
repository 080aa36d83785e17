package dev.shardwise.local.kinesis.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.local.kinesis.KinesisConfig;
import dev.shardwise.local.server.AwsServiceException;
import dev.shardwise.local.server.JsonRequest;
import java.math.BigInteger;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * SplitShard, MergeShards, UpdateShardCount and the retention period. A reshard closes its parents
 * (they keep their records and end with an EndingSequenceNumber) and opens children that name them;
 * the stream is UPDATING for the configured status delay.
 *
 * <p>UpdateShardCount goes straight to {@code target} uniform shards; each new shard names as
 * parents the (up to two) old shards its range overlaps most, where AWS would create short-lived
 * intermediate shards. With AWS's bounds (half to double) a new shard overlaps at most three old
 * ones; a third overlapping parent is then not named.
 */
public final class Resharding {
  private final Streams streams;
  private final ControlPlane control;
  private final KinesisConfig config;
  private final InstantSource clock;
  private final Errors errors;

  public Resharding(
      Streams streams, ControlPlane control, KinesisConfig config, InstantSource clock) {
    this.streams = streams;
    this.control = control;
    this.config = config;
    this.clock = clock;
    this.errors = new Errors(config.accountId());
  }

  public ObjectNode splitShard(JsonRequest req) throws AwsServiceException {
    String shardId = Args.shardId("ShardToSplit", req.requiredString("ShardToSplit"));
    String keyArg = Args.hashKey("NewStartingHashKey", req.requiredString("NewStartingHashKey"));
    Stream s = control.active(req);
    BigInteger key = new BigInteger(keyArg);
    long now = clock.millis();
    s.topology.writeLock().lock();
    try {
      Shard parent = openShard(s, shardId);
      if (key.compareTo(parent.startHash) <= 0 || key.compareTo(parent.endHash) > 0) {
        throw AwsServiceException.invalidArgument(
            "NewStartingHashKey "
                + key
                + " used in SplitShard() on shard "
                + shardId
                + " in stream "
                + s.name
                + " under account "
                + config.accountId()
                + " is not both greater than one plus the shard's StartingHashKey "
                + parent.startHash
                + " and less than the shard's EndingHashKey "
                + parent.endHash
                + ".");
      }
      checkShardLimit(1, now);
      int next = s.nextShardIndex();
      List<Shard> children =
          List.of(
              streams.newShard(
                  s, next, parent.startHash, key.subtract(BigInteger.ONE), parent.id, null, now),
              streams.newShard(s, next + 1, key, parent.endHash, parent.id, null, now));
      commit(s, List.of(parent), children, now);
    } finally {
      s.topology.writeLock().unlock();
    }
    return req.newResponse();
  }

  public ObjectNode mergeShards(JsonRequest req) throws AwsServiceException {
    String aId = Args.shardId("ShardToMerge", req.requiredString("ShardToMerge"));
    String bId = Args.shardId("AdjacentShardToMerge", req.requiredString("AdjacentShardToMerge"));
    Stream s = control.active(req);
    long now = clock.millis();
    s.topology.writeLock().lock();
    try {
      Shard a = openShard(s, aId);
      Shard b = openShard(s, bId);
      boolean adjacent =
          a.endHash.add(BigInteger.ONE).equals(b.startHash)
              || b.endHash.add(BigInteger.ONE).equals(a.startHash);
      if (!adjacent) {
        throw AwsServiceException.invalidArgument(
            "Shards "
                + aId
                + " and "
                + bId
                + " in stream "
                + s.name
                + " under account "
                + config.accountId()
                + " are not an adjacent pair of shards eligible for merging");
      }
      BigInteger start = a.startHash.min(b.startHash);
      BigInteger end = a.endHash.max(b.endHash);
      Shard child = streams.newShard(s, s.nextShardIndex(), start, end, a.id, b.id, now);
      commit(s, List.of(a, b), List.of(child), now);
    } finally {
      s.topology.writeLock().unlock();
    }
    return req.newResponse();
  }

  public ObjectNode updateShardCount(JsonRequest req) throws AwsServiceException {
    int target = req.requiredInt("TargetShardCount");
    if (target < 1) {
      throw JsonRequest.constraint(
          "TargetShardCount", target, "Member must have value greater than or equal to 1");
    }
    Args.oneOf("ScalingType", req.requiredString("ScalingType"), List.of("UNIFORM_SCALING"));
    Stream s = control.active(req);
    if (s.onDemand) {
      throw AwsServiceException.validation(
          "UpdateShardCount is not supported for stream " + s.name + " in ON_DEMAND mode.");
    }
    long now = clock.millis();
    ObjectNode out = req.newResponse();
    s.topology.writeLock().lock();
    try {
      List<Shard> old = s.openShards();
      int current = old.size();
      if (target > 2 * current || target * 2 < current) {
        throw AwsServiceException.limitExceeded(
            "UpdateShardCount can scale stream "
                + s.name
                + " from "
                + current
                + " shards to between "
                + ((current + 1) / 2)
                + " and "
                + (2 * current)
                + " shards; "
                + target
                + " is outside.");
      }
      if (target != current) {
        checkShardLimit(target - current, now);
        int next = s.nextShardIndex();
        List<Shard> children = new ArrayList<>();
        for (int i = 0; i < target; i++) {
          BigInteger start = HashRanges.uniformStart(i, target);
          BigInteger end = HashRanges.uniformEnd(i, target);
          List<Shard> parents = largestOverlaps(old, start, end);
          children.add(
              streams.newShard(
                  s,
                  next + i,
                  start,
                  end,
                  parents.get(0).id,
                  parents.size() > 1 ? parents.get(1).id : null,
                  now));
        }
        commit(s, old, children, now);
      }
      out.put("StreamName", s.name).put("StreamARN", s.arn);
      out.put("CurrentShardCount", current).put("TargetShardCount", target);
    } finally {
      s.topology.writeLock().unlock();
    }
    return out;
  }

  /** The old shards overlapping [start, end], by overlap, largest first (at most two). */
  static List<Shard> largestOverlaps(List<Shard> old, BigInteger start, BigInteger end) {
    List<Shard> overlapping = new ArrayList<>();
    for (Shard o : old) {
      if (o.endHash.compareTo(start) >= 0 && o.startHash.compareTo(end) <= 0) {
        overlapping.add(o);
      }
    }
    overlapping.sort((x, y) -> overlap(y, start, end).compareTo(overlap(x, start, end)));
    return overlapping.subList(0, Math.min(2, overlapping.size()));
  }

  private static BigInteger overlap(Shard o, BigInteger start, BigInteger end) {
    return o.endHash.min(end).subtract(o.startHash.max(start));
  }

  public ObjectNode changeRetention(JsonRequest req, boolean increase) throws AwsServiceException {
    int hours = req.requiredInt("RetentionPeriodHours");
    Stream s = control.active(req);
    if (hours < 24) {
      throw AwsServiceException.invalidArgument(
          "Minimum allowed retention period is 24 hours. Requested retention period ("
              + hours
              + " hours) is too short.");
    }
    if (hours > 8760) {
      throw AwsServiceException.invalidArgument(
          "Maximum allowed retention period is 8760 hours. Requested retention period ("
              + hours
              + " hours) is too long.");
    }
    int current = s.retentionHours();
    if (increase && hours < current) {
      throw AwsServiceException.invalidArgument(
          "Requested retention period ("
              + hours
              + " hours) for stream "
              + s.name
              + " can not be shorter than existing retention period ("
              + current
              + " hours). Use DecreaseRetentionPeriod API.");
    }
    if (!increase && hours > current) {
      throw AwsServiceException.invalidArgument(
          "Requested retention period ("
              + hours
              + " hours) for stream "
              + s.name
              + " can not be longer than existing retention period ("
              + current
              + " hours). Use IncreaseRetentionPeriod API.");
    }
    s.topology.writeLock().lock();
    try {
      s.retentionHours(hours);
      streams.persist(s);
    } finally {
      s.topology.writeLock().unlock();
    }
    return req.newResponse();
  }

  private Shard openShard(Stream s, String shardId) throws AwsServiceException {
    Shard sh = s.shard(Shard.indexOf(shardId));
    if (sh == null) {
      throw errors.shardNotFound(shardId, s.name);
    }
    if (!sh.isOpen()) {
      throw AwsServiceException.resourceInUse(
          "Shard "
              + shardId
              + " in stream "
              + s.name
              + " under account "
              + config.accountId()
              + " has already been merged or split, and thus is not eligible for merging or"
              + " splitting.");
    }
    return sh;
  }

  private void checkShardLimit(int additional, long now) throws AwsServiceException {
    int open = streams.openShardCount(now);
    if (additional > 0 && open + additional > config.shardLimit()) {
      throw control.shardLimit(open, additional);
    }
  }

  private void commit(Stream s, List<Shard> parents, List<Shard> children, long now) {
    for (Shard p : parents) {
      p.close(now);
    }
    List<Shard> all = new ArrayList<>(s.shards());
    all.addAll(children);
    s.shards(all);
    s.markUpdating(now + config.statusDelay().toMillis());
    streams.persist(s);
  }
}
