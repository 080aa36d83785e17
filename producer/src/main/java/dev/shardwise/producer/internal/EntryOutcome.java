package dev.shardwise.producer.internal;

/**
 * The answer for one entry of a PutRecords response: a shard and sequence number, or an error code
 * and message. Kept free of SDK types so the engine is tested without the SDK.
 */
public record EntryOutcome(
    String shardId, String sequenceNumber, String errorCode, String errorMessage) {

  public static EntryOutcome success(String shardId, String sequenceNumber) {
    return new EntryOutcome(shardId, sequenceNumber, null, null);
  }

  public static EntryOutcome failure(String errorCode, String errorMessage) {
    return new EntryOutcome(null, null, errorCode, errorMessage);
  }

  public boolean failed() {
    return errorCode != null;
  }
}
