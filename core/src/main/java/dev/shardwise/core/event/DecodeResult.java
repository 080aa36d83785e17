package dev.shardwise.core.event;

import java.util.Objects;

/**
 * What {@link EventDecoder#decode} made of one record: a {@link Valid} event or a {@link Rejected}
 * record with the contract's reason code. Never both, never neither.
 */
public sealed interface DecodeResult permits DecodeResult.Valid, DecodeResult.Rejected {

  /** Whether this is a {@link Valid} result. */
  default boolean isValid() {
    return this instanceof Valid;
  }

  /**
   * The record passed every rule of the contract.
   *
   * @param event the decoded event
   */
  record Valid(Event event) implements DecodeResult {
    public Valid {
      Objects.requireNonNull(event, "event");
    }
  }

  /**
   * The record broke a rule of the contract.
   *
   * @param reason the reason code (what the {@code rejects} table and the metrics carry)
   * @param message for people: the field and an excerpt of the value (at most 40 characters of it,
   *     control characters escaped), e.g. {@code field 'country': 'XX' is not an ISO 3166-1 alpha-2
   *     code}
   */
  record Rejected(RejectReason reason, String message) implements DecodeResult {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }
}
