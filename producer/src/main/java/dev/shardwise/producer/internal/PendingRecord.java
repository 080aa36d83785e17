package dev.shardwise.producer.internal;

import dev.shardwise.producer.PublishResult;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * One published record on its way: its bytes, its timing, and its outcome, for it is the future
 * {@code publish} returns (one object per record instead of two). Created by the caller's thread,
 * then owned by the publisher's I/O thread, which completes it.
 *
 * <p>Its data is dropped when it completes, so a caller holding the future holds only the result
 * (and the small fields), not the bytes.
 */
public final class PendingRecord extends CompletableFuture<PublishResult> {
  final String partitionKey;

  /**
   * The partition key's {@code hashCode}, taken on the publishing thread (see {@link LaneCache}).
   */
  final int keyHash;

  byte[] data;
  final String eventId;
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
      long seq,
      long publishedNanos,
      long deadlineNanos) {
    this.partitionKey = partitionKey;
    this.keyHash = partitionKey.hashCode();
    this.data = data;
    this.eventId = eventId;
    this.seq = seq;
    this.publishedNanos = publishedNanos;
    this.deadlineNanos = deadlineNanos;
    this.sizeBytes = data.length + utf8Length(partitionKey);
  }

  public String partitionKey() {
    return partitionKey;
  }

  /** Its data; {@code null} once it completed. */
  public byte[] data() {
    return data;
  }

  /** The event id when the record was published as an event, else {@code null}. */
  public String eventId() {
    return eventId;
  }

  /** This record itself: the future of its outcome. */
  public CompletableFuture<PublishResult> future() {
    return this;
  }

  /** Completes the record with {@code result} and drops its data. */
  public void succeed(PublishResult result) {
    data = null;
    complete(result);
  }

  /** Completes the record with {@code failure} and drops its data. */
  public void fail(Throwable failure) {
    data = null;
    completeExceptionally(failure);
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
