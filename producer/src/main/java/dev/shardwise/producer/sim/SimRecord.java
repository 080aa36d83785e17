package dev.shardwise.producer.sim;

import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.RejectReason;
import java.time.Instant;

/**
 * One record the simulator wants sent.
 *
 * @param sendAt when to send it (never before: event times are at most this, except future faults)
 * @param partitionKey the device id (for malformed records too)
 * @param data the exact bytes
 * @param kind what the record is
 * @param event the event for valid kinds ({@code VALID}, {@code LATE}, {@code DUPLICATE}), else
 *     {@code null}
 * @param expectedReject the reason the consumer must reject it with, {@code null} for valid kinds
 */
public record SimRecord(
    Instant sendAt,
    String partitionKey,
    byte[] data,
    Kind kind,
    Event event,
    RejectReason expectedReject) {

  /** What a record is, for the truth and the fault counts. */
  public enum Kind {
    /** A valid event sent for the first time. */
    VALID,
    /** A valid event with an event time 3-30 minutes before it is sent. */
    LATE,
    /** The same bytes as an earlier valid event, sent again. */
    DUPLICATE,
    /** A record breaking one rule of the contract. */
    MALFORMED,
    /** An otherwise valid event dated 30 days ahead: rejected {@code time_out_of_range}. */
    FUTURE;

    public boolean valid() {
      return this == VALID || this == LATE || this == DUPLICATE;
    }
  }
}
