package dev.shardwise.producer.internal;

import dev.shardwise.producer.PublishResult;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * One published record on its way: its bytes, its future, and its timing. Created by the caller's
 * thread, then owned by the publisher's I/O thread.
 */
public final class PendingRecord {
  final String partitionKey;
  final byte[] data;
  final String eventId;
  final CompletableFuture<PublishResult> future;
  final long seq;
  final long publishedNanos;
  final long deadlineNanos;
  final int sizeBytes;
  int attempts;
  String lastErrorCode;

  public PendingRecord(
      String partitionKey,
      byte[] data,
      String eventId,
      CompletableFuture<PublishResult> future,
      long seq,
      long publishedNanos,
      long deadlineNanos) {
    this.partitionKey = partitionKey;
    this.data = data;
    this.eventId = eventId;
    this.future = future;
    this.seq = seq;
    this.publishedNanos = publishedNanos;
    this.deadlineNanos = deadlineNanos;
    this.sizeBytes = data.length + utf8Length(partitionKey);
  }

  public String partitionKey() {
    return partitionKey;
  }

  public byte[] data() {
    return data;
  }

  /** The event id when the record was published as an event, else {@code null}. */
  public String eventId() {
    return eventId;
  }

  public CompletableFuture<PublishResult> future() {
    return future;
  }

  /** Data plus partition key: what Kinesis counts. */
  public int sizeBytes() {
    return sizeBytes;
  }

  public int attempts() {
    return attempts;
  }

  public long publishedNanos() {
    return publishedNanos;
  }

  static int utf8Length(String s) {
    int n = s.length();
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return s.getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return n;
  }
}
