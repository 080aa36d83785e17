package dev.shardwise.local.firehose;

import java.util.List;

/**
 * Splits a Kinesis record into the user records it carries, as Firehose does for a Kinesis source:
 * a KPL aggregated record (magic {@code F3 89 9A C2}) yields its user records, any other record
 * yields itself. The runtime wires {@code dev.shardwise.core.kpl.KplDecoder}.
 *
 * <p>Contract: pure and thread-safe.
 */
@FunctionalInterface
public interface Deaggregator {

  /** The user records, in order; a record that is not an aggregate is one user record. */
  Result deaggregate(byte[] data, String partitionKey, String explicitHashKey);

  /** The outcome: the user records' bytes, or why the aggregate is corrupt. */
  sealed interface Result {}

  record Records(List<byte[]> userRecords) implements Result {
    public Records {
      userRecords = List.copyOf(userRecords);
    }
  }

  record Corrupt(String reason) implements Result {}

  /** Treats every record as one user record (no KPL aggregation). */
  Deaggregator NONE = (data, pk, ehk) -> new Records(List.of(data));
}
