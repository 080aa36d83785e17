package dev.shardwise.local.esm;

import java.util.List;

/**
 * A snapshot of an {@link EventSourceMapping}'s work, per shard and in total.
 *
 * @param shards one entry per shard the mapping knows, in the stream's order
 */
public record Progress(List<ShardProgress> shards) {

  /** Where a shard's poller is. */
  public enum ShardState {
    /** Its parents are not finished yet (after a reshard). */
    WAITING_FOR_PARENTS,
    RUNNING,
    /** Read to SHARD_END and everything in it done. */
    FINISHED
  }

  /**
   * One shard's counters since the mapping started.
   *
   * @param recordsRead records read from the stream
   * @param recordsDelivered records the function processed successfully (checkpointed)
   * @param recordsFiltered records skipped by FilterCriteria
   * @param recordsDiscarded records given up on (described to the on-failure destination)
   * @param iteratorAgeMs age of the last record read when read, 0 when caught up
   * @param invocations function invocations, including retries and final window invocations
   * @param errors function errors (exceptions, timeouts, missing state, malformed failures)
   * @param windowsClosed successful final invocations of tumbling windows
   * @param onFailureMessages messages sent to the on-failure destination
   */
  public record ShardProgress(
      String shardId,
      ShardState state,
      long recordsRead,
      long recordsDelivered,
      long recordsFiltered,
      long recordsDiscarded,
      long iteratorAgeMs,
      long invocations,
      long errors,
      long windowsClosed,
      long onFailureMessages) {}

  public Progress {
    shards = List.copyOf(shards);
  }

  public long recordsRead() {
    return shards.stream().mapToLong(ShardProgress::recordsRead).sum();
  }

  public long recordsDelivered() {
    return shards.stream().mapToLong(ShardProgress::recordsDelivered).sum();
  }

  public long recordsDiscarded() {
    return shards.stream().mapToLong(ShardProgress::recordsDiscarded).sum();
  }

  public long invocations() {
    return shards.stream().mapToLong(ShardProgress::invocations).sum();
  }

  public long errors() {
    return shards.stream().mapToLong(ShardProgress::errors).sum();
  }

  public long windowsClosed() {
    return shards.stream().mapToLong(ShardProgress::windowsClosed).sum();
  }

  public long onFailureMessages() {
    return shards.stream().mapToLong(ShardProgress::onFailureMessages).sum();
  }

  /** The largest iterator age among the shards. */
  public long iteratorAgeMs() {
    return shards.stream().mapToLong(ShardProgress::iteratorAgeMs).max().orElse(0);
  }
}
