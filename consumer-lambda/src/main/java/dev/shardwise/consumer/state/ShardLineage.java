package dev.shardwise.consumer.state;

import java.util.List;

/**
 * Where a shard came from: the shards it was split or merged from.
 *
 * <p>Contract: {@link #parents} returns the shard's parents (none for a shard the stream was
 * created with, one after a split, two after a merge), in the order Kinesis names them (parent,
 * then adjacent parent). A shard's parents never change, so implementations may cache them. When
 * the answer cannot be had now (network, throttling, permissions, a shard the listing does not show
 * yet) it throws {@link LineageUnavailableException}: the caller retries, it never assumes "no
 * parents". Implementations are safe for concurrent use.
 */
public interface ShardLineage {

  /** The parent shard ids of {@code shardId} in {@code stream} (0, 1 or 2). */
  List<String> parents(String stream, String shardId);

  /** Lineage of a stream that is never resharded (tests, and shards known to have no parents). */
  ShardLineage NONE = (stream, shardId) -> List.of();
}
