package dev.shardwise.local.esm.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Parallelization factor above 1: reads one shard and deals its records to {@code n} lanes by
 * partition key (a key always goes to the same lane, so its records stay in order), each lane being
 * a {@link ShardSource} for its own {@link ShardWorker} (own batches, retries, window and
 * checkpoint). On a restart each lane skips what it already checkpointed; the shard is read from
 * the lowest lane checkpoint.
 *
 * <p>{@link #pump} runs on the splitter's thread; the lanes are read from their workers' threads.
 */
public final class LaneSplitter {
  private final ShardSource shard;
  private final List<Lane> lanes = new ArrayList<>();
  private final InstantSource clock;
  private final Duration pollInterval;
  private final int laneBuffer;
  private final AtomicInteger started = new AtomicInteger();
  private volatile boolean ended;
  private volatile long quietReads;
  private volatile long behind = 1;
  private boolean shardStarted;
  private Instant lastFetchAt;
  private boolean lastBehind;

  public LaneSplitter(
      ShardSource shard, int lanes, InstantSource clock, Duration pollInterval, int laneBuffer) {
    this.shard = shard;
    this.clock = clock;
    this.pollInterval = pollInterval;
    this.laneBuffer = laneBuffer;
    for (int i = 0; i < lanes; i++) {
      this.lanes.add(new Lane());
    }
  }

  /** The lane {@code i} (0-based). */
  public ShardSource lane(int i) {
    return lanes.get(i);
  }

  /** Reads of the shard so far that found its tip. */
  public long quietReads() {
    return quietReads;
  }

  /**
   * Whether every lane, since the splitter's read number {@code splitterQuietReads}, reported to
   * its worker a read that found the shard's tip (a later splitter read found nothing new and the
   * lane had nothing left).
   */
  public boolean lanesAtTipSince(long splitterQuietReads) {
    for (Lane l : lanes) {
      if (l.tipMark <= splitterQuietReads) {
        return false;
      }
    }
    return true;
  }

  /** The lane a partition key belongs to. */
  public static int laneOf(String partitionKey, int lanes) {
    return Math.floorMod(partitionKey.hashCode() * 0x9E3779B9, lanes);
  }

  /**
   * Reads once if due and deals the records out.
   *
   * @return whether records were read
   */
  public boolean pump() throws ShardSource.ThrottledException {
    if (started.get() < lanes.size() || ended) {
      return false;
    }
    if (!shardStarted) {
      shard.start(startPosition());
      shardStarted = true;
    }
    for (Lane l : lanes) {
      if (l.size.get() >= laneBuffer) {
        return false;
      }
    }
    Instant now = clock.instant();
    if (lastFetchAt != null && !lastBehind && now.isBefore(lastFetchAt.plus(pollInterval))) {
      return false;
    }
    lastFetchAt = now;
    ShardSource.Fetch f = shard.fetch(10_000);
    for (PolledRecord r : f.records()) {
      Lane l = lanes.get(laneOf(r.partitionKey(), lanes.size()));
      l.queue.add(r);
      l.size.incrementAndGet();
    }
    lastBehind = !f.records().isEmpty() && f.millisBehindLatest() > 0;
    behind = f.millisBehindLatest();
    if (f.atTip()) {
      quietReads++;
    }
    ended = f.endOfShard();
    return !f.records().isEmpty();
  }

  private ShardSource.Position startPosition() {
    String lowest = null;
    boolean someWithout = false;
    ShardSource.Position common = null;
    for (Lane l : lanes) {
      if (l.start instanceof ShardSource.After a) {
        if (lowest == null || PolledRecord.compareSequence(a.sequenceNumber(), lowest) < 0) {
          lowest = a.sequenceNumber();
        }
      } else {
        someWithout = true;
        common = l.start;
      }
    }
    if (lowest == null) {
      return common;
    }
    // a lane without a checkpoint has processed nothing: read everything the stream keeps
    return someWithout ? new ShardSource.TrimHorizon() : new ShardSource.After(lowest);
  }

  /** One lane: a queue the splitter fills, read by the lane's worker. */
  private final class Lane implements ShardSource {
    final ConcurrentLinkedQueue<PolledRecord> queue = new ConcurrentLinkedQueue<>();
    final AtomicInteger size = new AtomicInteger();
    volatile Position start;
    String skipUpTo;
    long seenQuiet = -1;
    volatile long tipMark = -1;

    @Override
    public void start(Position position) {
      this.start = position;
      this.skipUpTo = position instanceof After a ? a.sequenceNumber() : null;
      started.incrementAndGet();
    }

    @Override
    public Fetch fetch(int limit) {
      long quietBefore = quietReads;
      boolean endedBefore = ended;
      List<PolledRecord> out = new ArrayList<>();
      PolledRecord r;
      while (out.size() < limit && (r = queue.poll()) != null) {
        size.decrementAndGet();
        if (skipUpTo != null && PolledRecord.compareSequence(r.sequenceNumber(), skipUpTo) <= 0) {
          continue;
        }
        out.add(r);
      }
      boolean empty = queue.isEmpty();
      boolean end = endedBefore && empty;
      boolean atTip = end || (out.isEmpty() && empty && quietBefore > seenQuiet && behind == 0);
      if (atTip) {
        seenQuiet = quietBefore;
        tipMark = end ? Long.MAX_VALUE : quietBefore;
      }
      return new Fetch(out, empty ? behind : 1, end, atTip);
    }
  }
}
