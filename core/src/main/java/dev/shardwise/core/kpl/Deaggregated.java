package dev.shardwise.core.kpl;

import java.util.List;
import java.util.Objects;

/**
 * What {@link KplDecoder#deaggregate} found in one Kinesis record: its user records, or the reason
 * it is a corrupt aggregate. A corrupt aggregate yields no user records at all, never a part.
 */
public sealed interface Deaggregated permits Deaggregated.Records, Deaggregated.Corrupt {

  /**
   * The user records of one Kinesis record, in order.
   *
   * @param records the user records: exactly one when the record was not an aggregate, at least one
   *     when it was; the list is unmodifiable
   * @param aggregated whether the Kinesis record was a KPL aggregate (sub-sequence numbers are then
   *     the positions in {@code records})
   */
  record Records(List<UserRecord> records, boolean aggregated) implements Deaggregated {
    /** Copies the list into an unmodifiable one. */
    public Records {
      records = List.copyOf(records);
    }
  }

  /**
   * A Kinesis record that carries the KPL magic but is not a valid aggregate (MD5 mismatch,
   * truncated or malformed protobuf, index out of range, no user records...): a poison record.
   *
   * @param message what is wrong and where (byte offsets count from the start of the Kinesis
   *     record's data), for a person to act on
   */
  record Corrupt(String message) implements Deaggregated {
    /** Checks that the message is present. */
    public Corrupt {
      Objects.requireNonNull(message, "message");
    }
  }
}
