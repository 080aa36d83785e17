package dev.shardwise.producer.internal;

import dev.shardwise.core.kinesis.HashKeys;
import dev.shardwise.producer.PublishException;
import dev.shardwise.producer.PublishFailure;
import dev.shardwise.producer.PublishResult;
import dev.shardwise.producer.PublisherConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The publisher's state machine, without threads or I/O: records go in with {@link #add}, batches
 * come out of {@link #nextBatch}, and answers go back in with {@link #onResponse} or {@link
 * #onCallFailure}. Every method takes the current time, so tests drive it with a fake clock.
 *
 * <p>Rules it keeps:
 *
 * <ul>
 *   <li>a record goes to the lane of the shard that owns its hash key in the current shard map;
 *       aggregates only ever hold records of one lane;
 *   <li>at most one batch per lane is in flight; failed entries return to the head of their lane,
 *       in their original order, and the lane waits for the backoff before it sends again;
 *   <li>a batch holds at most {@code maxBatchRecords} entries and {@code maxBatchBytes} bytes, and
 *       only entries the lane's token buckets admit;
 *   <li>a batch is formed when the oldest eligible entry has waited the linger time, when the
 *       eligible entries fill a request, when a lane has more queued than its tokens allow now, or
 *       when flushing;
 *   <li>a record whose time-to-live passes before it is accepted fails {@link
 *       PublishFailure#EXPIRED}; every record's future completes exactly once;
 *   <li>an aggregate that Kinesis stored in another shard than its lane's (the shard map was stale:
 *       a split) may hold user records that belong to a sibling shard: its records wait for the
 *       next shard map; those whose hash key the shard they were stored in holds succeed with that
 *       result, the others are re-sent on their own (the KPL's "Wrong Shard" retry; consumers skip
 *       user records outside their shard's range, as the KCL does).
 * </ul>
 *
 * <p>Not thread-safe: the publisher's I/O thread owns it.
 */
public final class Engine {
  private static final int LANE_CACHE_LIMIT = 1 << 16;
  private static final long MAX_PARK_NANOS = 1_000_000_000L;

  private final PublisherConfig config;
  private final Backoff backoff;
  private final Outcomes outcomes;
  private final long lingerNanos;
  private final LaneCache laneByPartitionKey = new LaneCache(LANE_CACHE_LIMIT);
  private final Map<Long, Batch> inFlight = new HashMap<>();
  private ShardMap shardMap;
  private Map<String, Lane> lanes = new LinkedHashMap<>();
  private Lane[] laneArray = new Lane[0];
  private int roundRobin;
  private long nextBatchId;
  private boolean flushing;
  private boolean shardMapStale;

  /** An aggregate stored in another shard than predicted, awaiting a new map. */
  private record Misplaced(List<PendingRecord> records, String shardId, String sequenceNumber) {}

  private final List<Misplaced> misplaced = new ArrayList<>();

  /** Where finished records go: success or failure, once each. */
  public interface Outcomes {
    void succeeded(PendingRecord record, PublishResult result);

    void failed(PendingRecord record, PublishException failure);

    /** Counters: a record re-sent, and an entry throttled (by the service). */
    default void retried(int records) {}

    default void throttled(int entries) {}
  }

  public Engine(
      PublisherConfig config,
      ShardMap shardMap,
      RandomGenerator random,
      Outcomes outcomes,
      long nowNanos) {
    this.config = config;
    this.backoff = new Backoff(config.backoffBase(), config.backoffMax(), random);
    this.outcomes = outcomes;
    this.lingerNanos = config.linger().toNanos();
    installShardMap(shardMap, nowNanos);
  }

  // ---- input -----------------------------------------------------------------------------------

  /** Adds a published record to its lane. */
  public void add(PendingRecord r, long nowNanos) {
    laneFor(r).add(r, nowNanos);
  }

  /** While on, batches go out without waiting for the linger time. */
  public void flushing(boolean on) {
    this.flushing = on;
  }

  // ---- output ----------------------------------------------------------------------------------

  /**
   * The next PutRecords batch to send now, or {@code null} when nothing should go yet. The lanes in
   * the batch count as in flight until its answer arrives.
   */
  public Batch nextBatch(long now) {
    if (inFlight.size() >= config.maxRequestsInFlight()) {
      return null;
    }
    int eligibleEntries = 0;
    long eligibleBytes = 0;
    boolean trigger = false;
    for (Lane lane : laneArray) {
      if (lane.hasOpenAggregate() && (flushing || now - lane.openSinceNanos >= lingerNanos)) {
        lane.seal();
      }
      expireHead(lane, now);
      if (!eligible(lane, now)) {
        continue;
      }
      eligibleEntries += lane.queue.size();
      eligibleBytes += lane.queuedBytes;
      trigger |=
          flushing
              || now - lane.queue.peekFirst().readyNanos >= lingerNanos
              || lane.queue.size() >= lane.bucket.availableRecords(now)
              || lane.queuedBytes >= lane.bucket.availableBytes(now);
    }
    trigger |=
        eligibleEntries >= config.maxBatchRecords() || eligibleBytes >= config.maxBatchBytes();
    if (!trigger || eligibleEntries == 0) {
      return null;
    }
    return fill(now);
  }

  private Batch fill(long now) {
    List<Entry> entries = new ArrayList<>();
    long bytes = 0;
    int n = laneArray.length;
    int start = roundRobin++ % n;
    for (int i = 0; i < n && entries.size() < config.maxBatchRecords(); i++) {
      Lane lane = laneArray[(start + i) % n];
      if (!eligible(lane, now)) {
        continue;
      }
      boolean took = false;
      while (!lane.queue.isEmpty() && entries.size() < config.maxBatchRecords()) {
        Entry head = lane.queue.peekFirst();
        if (bytes + head.sizeBytes > config.maxBatchBytes()
            || !lane.bucket.tryAcquire(1, head.sizeBytes, now)) {
          break;
        }
        lane.poll();
        entries.add(head);
        bytes += head.sizeBytes;
        took = true;
      }
      lane.inFlight |= took;
    }
    if (entries.isEmpty()) {
      return null;
    }
    for (Entry e : entries) {
      for (PendingRecord r : e.records) {
        r.attempts++;
      }
    }
    Batch batch = new Batch(nextBatchId++, List.copyOf(entries), bytes, now);
    inFlight.put(batch.id(), batch);
    return batch;
  }

  private boolean eligible(Lane lane, long now) {
    if (lane.inFlight || lane.queue.isEmpty() || now < lane.notBeforeNanos) {
      return false;
    }
    Entry head = lane.queue.peekFirst();
    return lane.bucket.nanosUntilAvailable(1, head.sizeBytes, now) == 0;
  }

  /** When the engine next has something to do if nothing new arrives. */
  public long nextWakeNanos(long now) {
    long wake = now + MAX_PARK_NANOS;
    for (Lane lane : laneArray) {
      if (lane.hasOpenAggregate()) {
        wake = Math.min(wake, lane.openSinceNanos + lingerNanos);
      }
      if (lane.inFlight || lane.queue.isEmpty()) {
        continue;
      }
      Entry head = lane.queue.peekFirst();
      wake = Math.min(wake, head.deadlineNanos);
      long ready =
          Math.max(
              lane.notBeforeNanos, now + lane.bucket.nanosUntilAvailable(1, head.sizeBytes, now));
      if (ready <= now) {
        // eligible now and not sent: it waits for its linger time (or a free request slot)
        ready = flushing ? now : head.readyNanos + lingerNanos;
      }
      wake = Math.min(wake, ready);
    }
    return Math.max(wake, now);
  }

  // ---- answers ---------------------------------------------------------------------------------

  /** Applies a PutRecords response: one outcome per entry, in request order. */
  public void onResponse(Batch batch, List<EntryOutcome> outcomesInOrder, long now) {
    if (inFlight.remove(batch.id()) == null) {
      return; // abandoned (closed)
    }
    if (outcomesInOrder.size() != batch.entries().size()) {
      failBatch(
          batch,
          ErrorKind.TRANSIENT,
          "InvalidResponse",
          "response has " + outcomesInOrder.size() + " results for " + batch.entries().size(),
          now);
      return;
    }
    List<Entry> retry = new ArrayList<>();
    List<ErrorKind> kinds = new ArrayList<>();
    for (int i = 0; i < batch.entries().size(); i++) {
      Entry e = batch.entries().get(i);
      EntryOutcome o = outcomesInOrder.get(i);
      if (!o.failed()) {
        succeed(e, o);
        continue;
      }
      ErrorKind kind = ErrorKind.of(o.errorCode(), -1);
      for (PendingRecord r : e.records) {
        r.lastErrorCode = o.errorCode();
      }
      if (kind == ErrorKind.PERMANENT) {
        failAll(e.records, PublishFailure.REJECTED, o.errorMessage());
      } else {
        retry.add(e);
        kinds.add(kind);
      }
    }
    releaseLanes(batch);
    requeue(retry, kinds, now);
  }

  /** Applies the failure of a whole PutRecords call. */
  public void onCallFailure(
      Batch batch, ErrorKind kind, String errorCode, String message, long now) {
    if (inFlight.remove(batch.id()) == null) {
      return;
    }
    failBatch(batch, kind, errorCode, message, now);
  }

  private void failBatch(Batch batch, ErrorKind kind, String errorCode, String message, long now) {
    releaseLanes(batch);
    for (Entry e : batch.entries()) {
      for (PendingRecord r : e.records) {
        r.lastErrorCode = errorCode;
      }
    }
    if (kind == ErrorKind.PERMANENT) {
      for (Entry e : batch.entries()) {
        failAll(e.records, PublishFailure.REJECTED, message);
      }
      return;
    }
    requeue(batch.entries(), Collections.nCopies(batch.entries().size(), kind), now);
  }

  private void succeed(Entry e, EntryOutcome o) {
    boolean elsewhere = !o.shardId().equals(e.lane.shard.shardId());
    if (elsewhere) {
      shardMapStale = true; // Kinesis stored it elsewhere: the stream was resharded
    }
    if (e.aggregated() && elsewhere) {
      // stored by its first record's hash key: the others may belong to a sibling shard
      misplaced.add(new Misplaced(e.records, o.shardId(), o.sequenceNumber()));
      return;
    }
    if (e.aggregated()) {
      for (int i = 0; i < e.records.size(); i++) {
        PendingRecord r = e.records.get(i);
        outcomes.succeeded(r, new PublishResult(o.shardId(), o.sequenceNumber(), i, r.attempts));
      }
    } else {
      PendingRecord r = e.records.get(0);
      outcomes.succeeded(r, new PublishResult(o.shardId(), o.sequenceNumber(), -1, r.attempts));
    }
  }

  private void releaseLanes(Batch batch) {
    for (Entry e : batch.entries()) {
      e.lane.inFlight = false;
    }
  }

  /** Puts failed entries back at the head of their lanes, in order, after a backoff. */
  private void requeue(List<Entry> failed, List<ErrorKind> kinds, long now) {
    int retried = 0;
    int throttled = 0;
    for (int i = failed.size() - 1; i >= 0; i--) {
      Entry e = failed.get(i);
      int attempts = 0;
      for (PendingRecord r : e.records) {
        attempts = Math.max(attempts, r.attempts);
      }
      long retryAt = now + backoff.delayNanos(attempts);
      if (kinds.get(i) == ErrorKind.THROTTLE) {
        throttled++;
      }
      if (retryAt > e.deadlineNanos) {
        failAll(e.records, PublishFailure.EXPIRED, "record time-to-live passed while retrying");
        continue;
      }
      retried += e.records.size();
      Lane lane = lanes.get(e.lane.shard.shardId());
      if (lane == e.lane) {
        lane.pushFront(e);
        lane.notBeforeNanos = Math.max(lane.notBeforeNanos, retryAt);
      } else {
        // the shard map changed while it was in flight: resend its records on their own
        for (int j = e.records.size() - 1; j >= 0; j--) {
          PendingRecord r = e.records.get(j);
          Lane target = laneFor(r);
          target.pushFront(Entry.single(r, target));
          target.notBeforeNanos = Math.max(target.notBeforeNanos, retryAt);
        }
      }
    }
    if (retried > 0) {
      outcomes.retried(retried);
    }
    if (throttled > 0) {
      outcomes.throttled(throttled);
    }
  }

  private void expireHead(Lane lane, long now) {
    // a lane's queue is in publish order except for retried entries at its head, which are older:
    // deadlines never decrease from the head, so expired entries are all at the head
    while (!lane.queue.isEmpty() && lane.queue.peekFirst().deadlineNanos <= now) {
      Entry e = lane.poll();
      failAll(e.records, PublishFailure.EXPIRED, "record time-to-live passed before it was sent");
    }
  }

  private void failAll(Collection<PendingRecord> records, PublishFailure why, String message) {
    for (PendingRecord r : records) {
      outcomes.failed(
          r, new PublishException(why, r.partitionKey, r.attempts, r.lastErrorCode, message));
    }
  }

  // ---- shard map -------------------------------------------------------------------------------

  /** Whether a response showed that Kinesis routes by another shard map than ours. */
  public boolean shardMapStale() {
    return shardMapStale;
  }

  public ShardMap shardMap() {
    return shardMap;
  }

  /**
   * Installs a new shard map: lanes of shards still open keep their state; every queued record of a
   * closed shard is re-laned in publish order (aggregates re-built). In-flight entries are re-laned
   * when they come back for a retry.
   *
   * @return whether the map changed
   */
  public boolean replaceShardMap(ShardMap newMap, long now) {
    shardMapStale = false;
    boolean changed = !newMap.shards().equals(shardMap.shards());
    if (changed) {
      relane(newMap, now);
    }
    resolveMisplaced(newMap, now);
    return changed;
  }

  /**
   * Decides the aggregates stored in an unpredicted shard with a map made after they were stored:
   * when that shard holds every user record's hash key, they succeeded there; otherwise (or when
   * the map does not know the shard) consumers drop the aggregate whole, so every record of it is
   * re-sent: back into the lanes of the new map, merged in publish order with what those lanes hold
   * queued (re-aggregated when aggregating).
   */
  private void resolveMisplaced(ShardMap map, long now) {
    if (misplaced.isEmpty()) {
      return;
    }
    List<Misplaced> all = new ArrayList<>(misplaced);
    misplaced.clear();
    List<PendingRecord> resend = new ArrayList<>();
    for (Misplaced m : all) {
      ShardMap.Shard stored = map.shard(m.shardId());
      boolean holdsAll = stored != null;
      for (int i = 0; holdsAll && i < m.records().size(); i++) {
        holdsAll = stored.contains(HashKeys.ofPartitionKey(m.records().get(i).partitionKey));
      }
      if (!holdsAll) {
        resend.addAll(m.records());
        continue;
      }
      for (int i = 0; i < m.records().size(); i++) {
        PendingRecord r = m.records().get(i);
        outcomes.succeeded(r, new PublishResult(m.shardId(), m.sequenceNumber(), i, r.attempts));
      }
    }
    if (resend.isEmpty()) {
      return;
    }
    Set<Lane> targets = new LinkedHashSet<>();
    for (PendingRecord r : resend) {
      targets.add(laneFor(r));
    }
    List<PendingRecord> merged = new ArrayList<>(resend);
    for (Lane lane : targets) {
      merged.addAll(lane.drain());
    }
    merged.sort(Comparator.comparingLong(r -> r.seq));
    for (PendingRecord r : merged) {
      add(r, now);
    }
    outcomes.retried(resend.size());
  }

  private void relane(ShardMap newMap, long now) {
    Map<String, Lane> old = lanes;
    List<PendingRecord> moved = new ArrayList<>();
    for (Lane lane : old.values()) {
      if (!newMap.containsShard(lane.shard.shardId())) {
        moved.addAll(lane.drain());
      }
    }
    installShardMap(newMap, now);
    for (Map.Entry<String, Lane> e : old.entrySet()) {
      if (lanes.containsKey(e.getKey())) {
        lanes.put(e.getKey(), e.getValue());
      }
    }
    laneArray = lanes.values().toArray(new Lane[0]);
    moved.sort(Comparator.comparingLong(r -> r.seq));
    for (PendingRecord r : moved) {
      add(r, now);
    }
  }

  private void installShardMap(ShardMap map, long now) {
    this.shardMap = map;
    Map<String, Lane> fresh = new LinkedHashMap<>();
    for (ShardMap.Shard s : map.shards()) {
      fresh.put(
          s.shardId(),
          new Lane(
              s,
              new TokenBucket(config.shardRecordsPerSecond(), config.shardBytesPerSecond(), now),
              config.aggregationMaxBytes(),
              config.aggregation()));
    }
    this.lanes = fresh;
    this.laneArray = fresh.values().toArray(new Lane[0]);
    laneByPartitionKey.clear();
  }

  private Lane laneFor(PendingRecord r) {
    Lane lane = laneByPartitionKey.get(r.partitionKey, r.keyHash);
    if (lane == null) {
      lane = lanes.get(shardMap.shardFor(HashKeys.ofPartitionKey(r.partitionKey)).shardId());
      laneByPartitionKey.put(r.partitionKey, r.keyHash, lane);
    }
    return lane;
  }

  // ---- close -----------------------------------------------------------------------------------

  /** Records waiting in lanes (not in flight), or for a shard map to decide where they belong. */
  public int queuedRecords() {
    int n = 0;
    for (Misplaced m : misplaced) {
      n += m.records().size();
    }
    for (Lane lane : laneArray) {
      for (Entry e : lane.queue) {
        n += e.records.size();
      }
      n += lane.openCount();
    }
    return n;
  }

  public int batchesInFlight() {
    return inFlight.size();
  }

  /**
   * Gives up on everything: queued records fail {@link PublishFailure#CLOSED}, records in flight
   * {@link PublishFailure#CLOSED_IN_FLIGHT}. Answers that arrive later are ignored.
   */
  public void abandonAll() {
    for (Lane lane : laneArray) {
      failAll(lane.drain(), PublishFailure.CLOSED, "publisher closed before the record was sent");
    }
    for (Batch b : inFlight.values()) {
      for (Entry e : b.entries()) {
        failAll(
            e.records,
            PublishFailure.CLOSED_IN_FLIGHT,
            "publisher closed while the request carrying the record had no answer");
      }
    }
    inFlight.clear();
    for (Misplaced m : misplaced) {
      failAll(
          m.records(),
          PublishFailure.CLOSED_IN_FLIGHT,
          "publisher closed before it knew whether the record's shard holds its hash key");
    }
    misplaced.clear();
  }
}
