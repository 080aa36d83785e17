package dev.shardwise.core.rows;

import dev.shardwise.core.event.RejectReason;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A row of {@code rejects}: one user record that could not become an event. Columns in
 * docs/architecture.md.
 *
 * @param subSequenceNumber index inside a KPL aggregate, or -1 for a record that is not one (and
 *     for an aggregate rejected as a whole)
 * @param dataLength bytes of the user record
 * @param dataBase64 base64 of its first {@link #MAX_DATA_BYTES} bytes
 */
public record RejectRow(
    String rowId,
    String shardId,
    String sequenceNumber,
    int subSequenceNumber,
    String partitionKey,
    Instant arrivalTime,
    RejectReason reason,
    String message,
    int dataLength,
    String dataBase64) {

  /** How much of a rejected record's bytes the row keeps. */
  public static final int MAX_DATA_BYTES = 4096;

  /** Longest message kept (characters). */
  public static final int MAX_MESSAGE_CHARS = 1024;

  public RejectRow {
    Objects.requireNonNull(rowId, "rowId");
    Objects.requireNonNull(shardId, "shardId");
    Objects.requireNonNull(sequenceNumber, "sequenceNumber");
    Objects.requireNonNull(arrivalTime, "arrivalTime");
    Objects.requireNonNull(reason, "reason");
    message = message == null ? "" : message;
  }

  /**
   * The reject row of a user record, with {@code row_id} from (shard, sequence number, sub-sequence
   * number).
   */
  public static RejectRow of(
      String shardId,
      String sequenceNumber,
      int subSequenceNumber,
      String partitionKey,
      Instant arrivalTime,
      RejectReason reason,
      String message,
      byte[] data,
      int off,
      int len) {
    String id = RowIds.of(shardId, sequenceNumber, Integer.toString(subSequenceNumber));
    byte[] kept = Arrays.copyOfRange(data, off, off + Math.min(len, MAX_DATA_BYTES));
    String msg = message == null ? "" : message;
    if (msg.length() > MAX_MESSAGE_CHARS) {
      int cut = MAX_MESSAGE_CHARS;
      if (Character.isHighSurrogate(msg.charAt(cut - 1))) {
        cut--;
      }
      msg = msg.substring(0, cut);
    }
    return new RejectRow(
        id,
        shardId,
        sequenceNumber,
        subSequenceNumber,
        partitionKey,
        arrivalTime,
        reason,
        msg,
        len,
        Base64.getEncoder().encodeToString(kept));
  }
}
