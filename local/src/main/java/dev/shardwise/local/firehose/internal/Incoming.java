package dev.shardwise.local.firehose.internal;

/**
 * One record entering a delivery stream: its bytes, arrival time, what to tell once it is in S3
 * ({@link Ack}), and for a Kinesis source its position.
 */
public record Incoming(
    byte[] data, long arrivalMillis, Ack ack, String sequenceNumber, long subSequenceNumber) {

  /** Told once the object holding the record (or its error document) is stored. */
  @FunctionalInterface
  public interface Ack {
    void delivered();

    Ack NONE = () -> {};
  }

  public static Incoming directPut(byte[] data, long arrivalMillis, Ack ack) {
    return new Incoming(data, arrivalMillis, ack, null, -1);
  }
}
