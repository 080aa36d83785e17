package dev.shardwise.consumer.state;

import dev.shardwise.core.kinesis.HashKeyRange;
import java.util.List;

/**
 * Where a shard came from and what it holds: the shards it was split or merged from, and its
 * hash-key range.
 *
 * <p>Contract: {@link #parents} returns the shard's parents (none for a shard the stream was
 * created with, one after a split, two after a merge), in the order Kinesis names them (parent,
 * then adjacent parent); {@link #hashKeyRange} the range ListShards reports for it. Neither ever
 * changes for a shard, so implementations may cache them. When the answer cannot be had now
 * (network, throttling, permissions, a shard the listing does not show yet) it throws {@link
 * LineageUnavailableException}: the caller retries, it never assumes "no parents". Implementations
 * are safe for concurrent use.
 */
public interface ShardLineage {

  /** The parent shard ids of {@code shardId} in {@code stream} (0, 1 or 2). */
  List<String> parents(String stream, String shardId);

  /**
   * The hash-key range of {@code shardId}: the keys whose records belong in it. A KPL aggregate
   * built from a stale shard map can hold user records of other shards (see {@code
   * KplEventReader}).
   */
  HashKeyRange hashKeyRange(String stream, String shardId);

  /**
   * Lineage of a stream that is never resharded and has one shard (tests): no parents, every hash
   * key.
   */
  ShardLineage NONE =
      new ShardLineage() {
        @Override
        public List<String> parents(String stream, String shardId) {
          return List.of();
        }

        @Override
        public HashKeyRange hashKeyRange(String stream, String shardId) {
          return HashKeyRange.ALL;
        }
      };
}
