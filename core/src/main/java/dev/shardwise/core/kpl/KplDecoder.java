package dev.shardwise.core.kpl;

import dev.shardwise.core.kpl.internal.AggregateParser;
import dev.shardwise.core.kpl.internal.CorruptAggregateException;
import dev.shardwise.core.kpl.internal.KplFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads Kinesis records that may be KPL aggregates (see {@code docs/kpl-format.md}).
 *
 * <ul>
 *   <li>A record that does not start with the magic {@code F3 89 9A C2} is one plain user record,
 *       with the Kinesis record's own partition key and explicit hash key.
 *   <li>A record that starts with the magic is an aggregate. It yields all its user records, or,
 *       when anything is wrong (too short, MD5 mismatch, truncated or malformed protobuf, a missing
 *       required field, a table index out of range, a key that is not UTF-8, an explicit hash key
 *       that is not one, no records at all), none: it is corrupt, with the reason.
 * </ul>
 *
 * No input makes these methods throw, except null arguments. Thread-safe; stateless.
 */
public final class KplDecoder {
  private KplDecoder() {}

  /**
   * Tells whether {@code data} is framed as a KPL aggregate: it is long enough to hold the 4-byte
   * magic and starts with it. Such a record is decoded as an aggregate (and is corrupt if it is too
   * short for the MD5 trailer); any other record is one plain user record.
   */
  public static boolean isAggregated(byte[] data) {
    return KplFormat.hasMagic(data);
  }

  /**
   * Decodes one Kinesis record into its user records, or the reason it is a corrupt aggregate. The
   * user records of an aggregate get copies of their data.
   *
   * @param data the Kinesis record's data
   * @param partitionKey the Kinesis record's partition key (given to a plain user record)
   * @param explicitHashKey the Kinesis record's explicit hash key, or null (likewise)
   */
  public static Deaggregated deaggregate(byte[] data, String partitionKey, String explicitHashKey) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(partitionKey, "partitionKey");
    if (!isAggregated(data)) {
      return new Deaggregated.Records(
          List.of(new UserRecord(partitionKey, explicitHashKey, data)), false);
    }
    try {
      AggregateParser aggregate = AggregateParser.parse(data);
      List<UserRecord> records = new ArrayList<>(aggregate.recordCount());
      aggregate.forEach(
          (subSequence, pk, ehk, buffer, offset, length) ->
              records.add(
                  new UserRecord(pk, ehk, Arrays.copyOfRange(buffer, offset, offset + length))));
      return new Deaggregated.Records(records, true);
    } catch (CorruptAggregateException e) {
      return new Deaggregated.Corrupt(e.getMessage());
    }
  }

  /**
   * The allocation-light form of {@link #deaggregate}: hands each user record to {@code visitor} as
   * a slice of {@code data}, after the whole record was validated. A plain record is visited once,
   * with sub-sequence number {@code -1}.
   *
   * @return empty when every user record was visited; otherwise the reason the aggregate is
   *     corrupt, and {@code visitor} was not called at all
   */
  public static Optional<String> forEachUserRecord(
      byte[] data, String partitionKey, String explicitHashKey, UserRecordVisitor visitor) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(partitionKey, "partitionKey");
    Objects.requireNonNull(visitor, "visitor");
    if (!isAggregated(data)) {
      visitor.visit(-1, partitionKey, explicitHashKey, data, 0, data.length);
      return Optional.empty();
    }
    AggregateParser aggregate;
    try {
      aggregate = AggregateParser.parse(data);
    } catch (CorruptAggregateException e) {
      return Optional.of(e.getMessage());
    }
    aggregate.forEach(visitor);
    return Optional.empty();
  }
}
