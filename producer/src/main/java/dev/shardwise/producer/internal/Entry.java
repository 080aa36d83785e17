package dev.shardwise.producer.internal;

import java.util.List;

/**
 * One Kinesis record of a PutRecords request: a single user record, or a KPL aggregate of several
 * records of one shard. {@code explicitHashKey} is set for aggregates (the first user record's hash
 * key, so Kinesis stores the aggregate in that record's shard).
 */
public final class Entry {
  final List<PendingRecord> records;
  final String partitionKey;
  final String explicitHashKey;
  final byte[] data;
  final int sizeBytes;
  final long readyNanos;
  final long deadlineNanos;
  Lane lane;

  Entry(
      List<PendingRecord> records,
      String partitionKey,
      String explicitHashKey,
      byte[] data,
      long readyNanos,
      Lane lane) {
    this(
        records,
        partitionKey,
        explicitHashKey,
        data,
        data.length + PendingRecord.utf8Length(partitionKey),
        readyNanos,
        earliestDeadline(records),
        lane);
  }

  private Entry(
      List<PendingRecord> records,
      String partitionKey,
      String explicitHashKey,
      byte[] data,
      int sizeBytes,
      long readyNanos,
      long deadlineNanos,
      Lane lane) {
    this.records = records;
    this.partitionKey = partitionKey;
    this.explicitHashKey = explicitHashKey;
    this.data = data;
    this.sizeBytes = sizeBytes;
    this.readyNanos = readyNanos;
    this.deadlineNanos = deadlineNanos;
    this.lane = lane;
  }

  static Entry single(PendingRecord r, Lane lane) {
    return new Entry(
        List.of(r),
        r.partitionKey,
        null,
        r.data,
        r.sizeBytes,
        r.publishedNanos,
        r.deadlineNanos,
        lane);
  }

  private static long earliestDeadline(List<PendingRecord> records) {
    long deadline = Long.MAX_VALUE;
    for (PendingRecord r : records) {
      deadline = Math.min(deadline, r.deadlineNanos);
    }
    return deadline;
  }

  public boolean aggregated() {
    return explicitHashKey != null;
  }

  public String partitionKey() {
    return partitionKey;
  }

  /** {@code null} unless aggregated. */
  public String explicitHashKey() {
    return explicitHashKey;
  }

  public byte[] data() {
    return data;
  }

  public int sizeBytes() {
    return sizeBytes;
  }

  public List<PendingRecord> records() {
    return records;
  }

  /** The shard the publisher expects Kinesis to store this entry in. */
  public String predictedShardId() {
    return lane.shard.shardId();
  }
}
