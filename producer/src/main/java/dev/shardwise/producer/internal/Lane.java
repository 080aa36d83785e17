package dev.shardwise.producer.internal;

import dev.shardwise.core.kpl.AggregateBuilder;
import dev.shardwise.core.kpl.AggregatedRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The records bound for one shard: a FIFO of entries ready to send, the open aggregate (when
 * aggregating), the shard's token buckets, and its send state. At most one PutRecords carrying this
 * lane's entries is in flight at a time, and a retried entry goes back to the head: that is what
 * keeps records of one partition key in order. Used by one thread.
 */
final class Lane {
  final ShardMap.Shard shard;
  final TokenBucket bucket;
  final ArrayDeque<Entry> queue = new ArrayDeque<>();
  private final AggregateBuilder builder;
  private List<PendingRecord> open = new ArrayList<>();
  long openSinceNanos;
  long queuedBytes;
  boolean inFlight;
  long notBeforeNanos = Long.MIN_VALUE;

  Lane(ShardMap.Shard shard, TokenBucket bucket, int aggregationMaxBytes, boolean aggregate) {
    this.shard = shard;
    this.bucket = bucket;
    this.builder = aggregate ? new AggregateBuilder(aggregationMaxBytes) : null;
  }

  /** Adds a newly published record at the tail (into the open aggregate when aggregating). */
  void add(PendingRecord r, long nowNanos) {
    if (builder == null) {
      push(Entry.single(r, this));
      return;
    }
    if (builder.tryAdd(r.partitionKey, r.data)) {
      if (open.isEmpty()) {
        openSinceNanos = r.publishedNanos;
      }
      open.add(r);
      return;
    }
    seal();
    if (builder.tryAdd(r.partitionKey, r.data)) {
      openSinceNanos = r.publishedNanos;
      open.add(r);
    } else {
      push(Entry.single(r, this)); // too large to aggregate under the limit: send it on its own
    }
  }

  /** Closes the open aggregate into an entry at the tail; a lone record goes unaggregated. */
  void seal() {
    if (open.isEmpty()) {
      return;
    }
    if (open.size() == 1) {
      builder.clear();
      push(Entry.single(open.get(0), this));
    } else {
      AggregatedRecord agg = builder.build();
      List<PendingRecord> records = Collections.unmodifiableList(open);
      push(
          new Entry(
              records,
              agg.partitionKey(),
              agg.explicitHashKey(),
              agg.data(),
              openSinceNanos,
              this));
      open = new ArrayList<>(open.size() + 16);
      return;
    }
    open.clear();
  }

  boolean hasOpenAggregate() {
    return !open.isEmpty();
  }

  int openCount() {
    return open.size();
  }

  private void push(Entry e) {
    queue.addLast(e);
    queuedBytes += e.sizeBytes;
  }

  void pushFront(Entry e) {
    e.lane = this;
    queue.addFirst(e);
    queuedBytes += e.sizeBytes;
  }

  Entry poll() {
    Entry e = queue.pollFirst();
    if (e != null) {
      queuedBytes -= e.sizeBytes;
    }
    return e;
  }

  /** Every record held (queued and open), in queue order; empties the lane. */
  List<PendingRecord> drain() {
    List<PendingRecord> out = new ArrayList<>();
    for (Entry e : queue) {
      out.addAll(e.records);
    }
    out.addAll(open);
    queue.clear();
    open.clear();
    if (builder != null) {
      builder.clear();
    }
    queuedBytes = 0;
    return out;
  }
}
