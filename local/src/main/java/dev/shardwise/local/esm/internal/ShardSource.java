package dev.shardwise.local.esm.internal;

import java.time.Instant;
import java.util.List;

/**
 * Reads one shard in order: where to start, then batches of records. The poller's only view of the
 * stream, so the same poller reads the local endpoint or a real stream through the SDK.
 */
public interface ShardSource {

  /** Where reading starts. */
  sealed interface Position {}

  /** After a checkpointed sequence number. */
  record After(String sequenceNumber) implements Position {}

  /** The oldest record kept. */
  record TrimHorizon() implements Position {}

  /** Only records put from now on. */
  record Latest() implements Position {}

  /** The first record that arrived at or after a time. */
  record AtTimestamp(Instant timestamp) implements Position {}

  /**
   * One read.
   *
   * @param records in sequence order, possibly none
   * @param millisBehindLatest how far the last record read is behind the shard's tip
   * @param endOfShard the shard is closed and everything was read
   * @param atTip this read found the shard's tip: nothing newer existed when it was made
   */
  record Fetch(
      List<PolledRecord> records, long millisBehindLatest, boolean endOfShard, boolean atTip) {

    /** A read of the stream itself: at the tip when it found nothing and is not behind. */
    public Fetch(List<PolledRecord> records, long millisBehindLatest, boolean endOfShard) {
      this(
          records,
          millisBehindLatest,
          endOfShard,
          endOfShard || (records.isEmpty() && millisBehindLatest == 0));
    }
  }

  /** Positions the source; called once before the first {@link #fetch}. */
  void start(Position position);

  /**
   * Reads up to {@code limit} records after the last one read.
   *
   * @throws ThrottledException when the stream refused the read for now (retry later)
   */
  Fetch fetch(int limit) throws ThrottledException;

  /** The stream refused a read for now (throughput exceeded, a transient error). */
  final class ThrottledException extends Exception {
    private static final long serialVersionUID = 1L;

    public ThrottledException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
