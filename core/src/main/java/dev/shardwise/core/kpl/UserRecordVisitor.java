package dev.shardwise.core.kpl;

/**
 * Receives the user records of one Kinesis record from {@link KplDecoder#forEachUserRecord}, the
 * allocation-light form of {@link KplDecoder#deaggregate}: the data is a slice of the Kinesis
 * record's own array, not a copy.
 *
 * <p>The decoder validates the whole Kinesis record before the first call, so a visitor never sees
 * part of a corrupt aggregate. Calls come in order, on the caller's thread, before {@code
 * forEachUserRecord} returns.
 */
@FunctionalInterface
public interface UserRecordVisitor {
  /**
   * Visits one user record.
   *
   * @param subSequenceNumber the user record's position in its aggregate (0, 1, ...), or {@code -1}
   *     when the Kinesis record was not an aggregate and is itself the one user record
   * @param partitionKey its partition key
   * @param explicitHashKey its explicit hash key, or null
   * @param buffer the array that holds its data; read only {@code [offset, offset + length)} and do
   *     not modify it or keep it beyond the call
   * @param offset where its data starts in {@code buffer}
   * @param length its data's length in bytes, possibly 0
   */
  void visit(
      int subSequenceNumber,
      String partitionKey,
      String explicitHashKey,
      byte[] buffer,
      int offset,
      int length);
}
