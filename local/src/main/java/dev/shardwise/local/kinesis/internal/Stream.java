package dev.shardwise.local.kinesis.internal;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One stream: identity, settings, status timeline and shards. Writers and readers of records hold
 * the {@link #topology} read lock; resharding, retention and deletion hold the write lock, so a
 * record is never routed to a shard that a concurrent reshard just closed.
 */
public final class Stream {
  public final String name;
  public final String arn;

  /** Creation time in epoch millis; also the epoch of sequence numbers and iterators. */
  public final long createdMillis;

  public final boolean onDemand;
  public final Path dir;
  public final ReentrantReadWriteLock topology = new ReentrantReadWriteLock();
  public final AtomicLong retainedBytes = new AtomicLong();

  private volatile int retentionHours;
  private volatile long activeAtMillis;
  private volatile long updatingUntilMillis;
  private volatile long deletingAtMillis = -1;
  private final Map<String, String> tags = new TreeMap<>();
  private volatile List<Shard> shards = List.of();
  private volatile List<Shard> open = List.of();
  private volatile long lastTrimMillis;

  public Stream(
      String name,
      String arn,
      long createdMillis,
      boolean onDemand,
      int retentionHours,
      long activeAtMillis,
      Path dir) {
    this.name = name;
    this.arn = arn;
    this.createdMillis = createdMillis;
    this.onDemand = onDemand;
    this.retentionHours = retentionHours;
    this.activeAtMillis = activeAtMillis;
    this.dir = dir;
  }

  /** The stream's status at {@code now}: CREATING, UPDATING, ACTIVE or DELETING. */
  public String status(long now) {
    if (deletingAtMillis >= 0) {
      return "DELETING";
    }
    if (now < activeAtMillis) {
      return "CREATING";
    }
    if (now < updatingUntilMillis) {
      return "UPDATING";
    }
    return "ACTIVE";
  }

  public boolean isGone(long now) {
    return deletingAtMillis >= 0 && now >= deletingAtMillis;
  }

  public void markDeleting(long goneAtMillis) {
    deletingAtMillis = goneAtMillis;
  }

  public void markUpdating(long untilMillis) {
    updatingUntilMillis = untilMillis;
  }

  public long activeAtMillis() {
    return activeAtMillis;
  }

  public long updatingUntilMillis() {
    return updatingUntilMillis;
  }

  public int retentionHours() {
    return retentionHours;
  }

  public void retentionHours(int hours) {
    retentionHours = hours;
  }

  public long retentionMillis() {
    return retentionHours * 3_600_000L;
  }

  /** Every shard not yet expired, by index. */
  public List<Shard> shards() {
    return shards;
  }

  /** Open shards by starting hash key. */
  public List<Shard> openShards() {
    return open;
  }

  /** The shard with this index, or {@code null}. */
  public Shard shard(int index) {
    for (Shard s : shards) {
      if (s.index == index) {
        return s;
      }
    }
    return null;
  }

  /** Replaces the shard list (caller holds the write lock or owns the stream). */
  public void shards(List<Shard> all) {
    List<Shard> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparingInt(s -> s.index));
    List<Shard> o = new ArrayList<>();
    for (Shard s : sorted) {
      if (s.isOpen()) {
        o.add(s);
      }
    }
    o.sort(Comparator.comparing(s -> s.startHash));
    this.shards = List.copyOf(sorted);
    this.open = List.copyOf(o);
  }

  public int nextShardIndex() {
    int max = -1;
    for (Shard s : shards) {
      max = Math.max(max, s.index);
    }
    return max + 1;
  }

  /** The open shard owning a hash key (binary search over the open shards' ranges). */
  public Shard route(BigInteger hashKey) {
    List<Shard> o = open;
    int lo = 0;
    int hi = o.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      Shard s = o.get(mid);
      if (s.endHash.compareTo(hashKey) < 0) {
        lo = mid + 1;
      } else if (s.startHash.compareTo(hashKey) > 0) {
        hi = mid - 1;
      } else {
        return s;
      }
    }
    throw new IllegalStateException("no open shard covers hash key " + hashKey + " in " + name);
  }

  public synchronized Map<String, String> tags() {
    return new TreeMap<>(tags);
  }

  public synchronized void putTags(Map<String, String> add) {
    tags.putAll(add);
  }

  public synchronized void removeTags(List<String> keys) {
    keys.forEach(tags::remove);
  }

  /** Whether a retention trim is due (at most one per second). */
  public boolean trimDue(long now) {
    if (now - lastTrimMillis < 1000) {
      return false;
    }
    lastTrimMillis = now;
    return true;
  }
}
