package dev.shardwise.producer;

import java.util.List;

/**
 * What {@link KinesisPublisher#flush} or {@link KinesisPublisher#close} achieved by its deadline.
 *
 * @param drained whether every record published before the deadline had completed
 * @param outstanding records still without an outcome when the call returned (0 after close: it
 *     fails them)
 * @param undelivered records the close failed because they could not be sent in time (empty for
 *     flush, whose outstanding records keep going)
 */
public record DrainReport(boolean drained, long outstanding, List<Undelivered> undelivered) {

  public DrainReport {
    undelivered = List.copyOf(undelivered);
  }

  /**
   * A record that was not delivered.
   *
   * @param partitionKey its partition key
   * @param eventId its event id, or {@code null} for a record published as bytes
   * @param bytes data plus partition key
   * @param failure {@link PublishFailure#CLOSED}, or {@link PublishFailure#CLOSED_IN_FLIGHT} when
   *     Kinesis may hold it after all
   */
  public record Undelivered(
      String partitionKey, String eventId, int bytes, PublishFailure failure) {}
}
