package dev.shardwise.cli.reliability;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Reshards a stream through the real Kinesis API while records flow: a split of the first open
 * shard at the middle of its hash-key range, and a merge of two adjacent open shards.
 */
final class Reshard {
  private Reshard() {}

  /** Splits the open shard with the lowest hash keys in two halves; returns the parent's id. */
  static String splitFirst(KinesisClient kinesis, String stream) {
    Shard s = open(kinesis, stream).get(0);
    BigInteger lo = new BigInteger(s.hashKeyRange().startingHashKey());
    BigInteger hi = new BigInteger(s.hashKeyRange().endingHashKey());
    BigInteger mid = lo.add(hi).shiftRight(1).add(BigInteger.ONE);
    kinesis.splitShard(
        b -> b.streamName(stream).shardToSplit(s.shardId()).newStartingHashKey(mid.toString()));
    return s.shardId();
  }

  /** Merges the two open shards with the lowest hash keys; returns the two parents' ids. */
  static List<String> mergeFirstTwo(KinesisClient kinesis, String stream) {
    List<Shard> open = open(kinesis, stream);
    if (open.size() < 2) {
      throw new IllegalStateException(stream + " has fewer than two open shards: " + open);
    }
    Shard a = open.get(0);
    Shard b = open.get(1);
    kinesis.mergeShards(
        r -> r.streamName(stream).shardToMerge(a.shardId()).adjacentShardToMerge(b.shardId()));
    return List.of(a.shardId(), b.shardId());
  }

  /** The open shards, by starting hash key. */
  static List<Shard> open(KinesisClient kinesis, String stream) {
    return kinesis.listShards(b -> b.streamName(stream)).shards().stream()
        .filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null)
        .sorted(Comparator.comparing(s -> new BigInteger(s.hashKeyRange().startingHashKey())))
        .toList();
  }
}
