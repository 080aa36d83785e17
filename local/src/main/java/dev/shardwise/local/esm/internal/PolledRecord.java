package dev.shardwise.local.esm.internal;

import java.time.Instant;

/**
 * One Kinesis record as the poller read it.
 *
 * @param sequenceNumber the record's sequence number (decimal string)
 * @param partitionKey its partition key
 * @param data its bytes (not copied; never modified)
 * @param arrival its {@code ApproximateArrivalTimestamp}
 */
public record PolledRecord(
    String sequenceNumber, String partitionKey, byte[] data, Instant arrival) {

  /** The size this record adds to an invocation's JSON payload (an upper bound). */
  public int payloadBytes(int fixedOverhead) {
    return ((data.length + 2) / 3) * 4
        + 2 * sequenceNumber.length()
        + partitionKey.length() * 6
        + fixedOverhead;
  }

  /** Numeric order of two sequence numbers (decimal strings without leading zeros). */
  public static int compareSequence(String a, String b) {
    if (a.length() != b.length()) {
      return Integer.compare(a.length(), b.length());
    }
    return a.compareTo(b);
  }
}
