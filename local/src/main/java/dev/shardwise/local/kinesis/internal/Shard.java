package dev.shardwise.local.kinesis.internal;

import dev.shardwise.local.kinesis.KinesisLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * One shard: its hash-key range, lineage, records (in memory, mirrored to its {@link ShardLog}) and
 * throughput buckets. Positions are consecutive from 0; records before {@link #trimHorizon()} were
 * trimmed by retention. All record access is synchronized on the shard, so appends from many
 * threads get consecutive positions in the order they take the lock and readers see whole calls.
 */
public final class Shard {
  public final int index;
  public final String id;

  /** The id, pre-encoded for response writers. */
  public final com.fasterxml.jackson.core.io.SerializedString encodedId;

  public final BigInteger startHash;
  public final BigInteger endHash;
  public final String parentShardId;
  public final String adjacentParentShardId;
  public final long createdMillis;

  /** Formats this shard's sequence numbers. */
  public final SequenceNumbers.Prefix sequence;

  private volatile long closedMillis = -1;
  private long base;
  private final ArrayList<StoredRecord> records = new ArrayList<>();
  private long lastArrival = Long.MIN_VALUE;
  private final ShardLog log;

  private final TokenBucket writeBytes;
  private final TokenBucket writeRecords;
  private final TokenBucket readBytes;
  private final TokenBucket readCalls;

  public Shard(
      int index,
      BigInteger startHash,
      BigInteger endHash,
      String parentShardId,
      String adjacentParentShardId,
      long createdMillis,
      long streamEpoch,
      KinesisLimits limits,
      ShardLog log) {
    this.index = index;
    this.id = shardId(index);
    this.encodedId = new com.fasterxml.jackson.core.io.SerializedString(id);
    this.startHash = startHash;
    this.endHash = endHash;
    this.parentShardId = parentShardId;
    this.adjacentParentShardId = adjacentParentShardId;
    this.createdMillis = createdMillis;
    this.sequence = SequenceNumbers.prefix(streamEpoch, index);
    this.log = log;
    if (limits.enabled()) {
      writeBytes = new TokenBucket(limits.writeBytesPerSecond(), limits.writeBytesPerSecond(), 0);
      writeRecords =
          new TokenBucket(limits.writeRecordsPerSecond(), limits.writeRecordsPerSecond(), 0);
      readBytes = new TokenBucket(limits.readBytesPerSecond(), limits.readBytesPerSecond(), 0);
      readCalls = new TokenBucket(limits.readCallsPerSecond(), limits.readCallsPerSecond(), 0);
    } else {
      writeBytes = writeRecords = readBytes = readCalls = null;
    }
  }

  /** AWS's shard id: {@code shardId-} and 12 digits. */
  public static String shardId(int index) {
    String n = Integer.toString(index);
    return "shardId-" + "0".repeat(12 - n.length()) + n;
  }

  /** The index of a shard id, or -1 when it is not one. */
  public static int indexOf(String shardId) {
    if (shardId == null || !shardId.matches("shardId-\\d{12}")) {
      return -1;
    }
    long v = Long.parseLong(shardId.substring(8));
    return v > Integer.MAX_VALUE ? -1 : (int) v;
  }

  public boolean isOpen() {
    return closedMillis < 0;
  }

  /** When the shard was closed by a reshard, or -1 while open. */
  public long closedMillis() {
    return closedMillis;
  }

  public boolean covers(BigInteger hashKey) {
    return startHash.compareTo(hashKey) <= 0 && endHash.compareTo(hashKey) >= 0;
  }

  /** Restores replayed records (at start, before the shard is shared). */
  public synchronized void restore(long firstPosition, List<StoredRecord> replayed, long next) {
    base = firstPosition;
    records.addAll(replayed);
    if (!replayed.isEmpty()) {
      lastArrival = replayed.get(replayed.size() - 1).arrivalMillis();
    }
    base = next - records.size();
  }

  /** Marks the shard closed; no record is accepted after this. */
  public synchronized void close(long nowMillis) {
    if (closedMillis < 0) {
      closedMillis = nowMillis;
    }
  }

  /** Restores the closed state read from metadata. */
  public void markClosed(long closedAt) {
    closedMillis = closedAt;
  }

  /** One past the last position written. */
  public synchronized long endPosition() {
    return base + records.size();
  }

  /** The oldest position still held. */
  public synchronized long trimHorizon() {
    return base;
  }

  /**
   * Appends those entries that the write limits admit, in order, and returns each entry's position,
   * or -1 for an entry refused by a limit.
   */
  public synchronized long[] append(List<StoredRecord> entries, long nowMillis) {
    long[] positions = new long[entries.size()];
    List<StoredRecord> accepted = new ArrayList<>(entries.size());
    long arrival = Math.max(nowMillis, lastArrival);
    long next = base + records.size();
    for (int i = 0; i < entries.size(); i++) {
      StoredRecord e = entries.get(i);
      if (!admitWrite(e.size(), nowMillis)) {
        positions[i] = -1;
        continue;
      }
      StoredRecord r = e.arrivalMillis() == arrival ? e : e.arrivedAt(arrival);
      accepted.add(r);
      positions[i] = next++;
    }
    if (!accepted.isEmpty()) {
      if (log != null) {
        try {
          log.append(base + records.size(), accepted);
        } catch (IOException ex) {
          throw new UncheckedIOException("cannot write the log of " + id, ex);
        }
      }
      records.addAll(accepted);
      lastArrival = arrival;
    }
    return positions;
  }

  private boolean admitWrite(int bytes, long now) {
    if (writeBytes == null) {
      return true;
    }
    if (!writeRecords.tryTake(now, 1)) {
      return false;
    }
    if (!writeBytes.tryTake(now, bytes)) {
      writeRecords.giveBack(1);
      return false;
    }
    return true;
  }

  /** Whether a GetRecords call is admitted now (takes one call token). */
  public synchronized boolean admitRead(long nowMillis) {
    if (readCalls == null) {
      return true;
    }
    if (readBytes.available(nowMillis) <= 0) {
      return false;
    }
    return readCalls.tryTake(nowMillis, 1);
  }

  /** What one read returned. */
  public record Read(List<StoredRecord> records, long firstPosition, long endPosition) {}

  /** Up to {@code limit} records / {@code maxBytes} (at least one record) from {@code from}. */
  public synchronized Read read(long from, int limit, long maxBytes, long nowMillis) {
    long start = Math.max(from, base);
    long end = base + records.size();
    int first = (int) (start - base);
    int last = first; // exclusive
    long bytes = 0;
    for (long p = start; p < end && last - first < limit; p++, last++) {
      StoredRecord r = records.get(last);
      if (last > first && bytes + r.size() > maxBytes) {
        break;
      }
      bytes += r.size();
    }
    // one bulk copy (the log keeps growing while the response is written, so no view of it)
    List<StoredRecord> out =
        first >= last ? new ArrayList<>() : new ArrayList<>(records.subList(first, last));
    if (readBytes != null) {
      readBytes.takeDebt(nowMillis, bytes);
    }
    return new Read(out, start, end);
  }

  /** Arrival time of the record at a position, or -1 when it is not held. */
  public synchronized long arrivalAt(long position) {
    long i = position - base;
    return i < 0 || i >= records.size() ? -1 : records.get((int) i).arrivalMillis();
  }

  /** The first position whose record arrived at or after {@code millis} (the end if none). */
  public synchronized long positionAt(long millis) {
    int lo = 0;
    int hi = records.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (records.get(mid).arrivalMillis() < millis) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return base + lo;
  }

  /** Drops records that arrived before {@code cutoffMillis}; returns the bytes freed. */
  public synchronized long trim(long cutoffMillis) {
    int n = 0;
    long freed = 0;
    while (n < records.size() && records.get(n).arrivalMillis() < cutoffMillis) {
      freed += records.get(n).size();
      n++;
    }
    if (n > 0) {
      records.subList(0, n).clear();
      base += n;
    }
    return freed;
  }

  /** Bytes of the records held. */
  public synchronized long retainedBytes() {
    long sum = 0;
    for (StoredRecord r : records) {
      sum += r.size();
    }
    return sum;
  }

  public synchronized void closeLog() {
    if (log != null) {
      try {
        log.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close the log of " + id, e);
      }
    }
  }
}
