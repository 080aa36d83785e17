package dev.shardwise.consumer.sink;

import java.util.List;

/**
 * Where the consumer's output rows go: one call delivers records to one delivery stream.
 *
 * <p>Contract: {@link #put} returns only when every record was accepted. It retries what failed
 * within a bounded time, resending only the records that failed; it then throws {@link
 * EmitFailedException} naming the lowest index not delivered (records before it may also have
 * failed earlier and been delivered on a retry: delivery is at-least-once, which the rows'
 * deterministic ids absorb). Safe for use by one thread at a time per instance.
 */
public interface RowSink {

  /**
   * Delivers records, each one Firehose record.
   *
   * @param stream the delivery stream name
   * @param records the records, each at most {@link FirehoseSink#MAX_RECORD_BYTES}
   * @return how many retry rounds were needed (0 when all succeeded at once)
   * @throws EmitFailedException when some records were still not accepted at the time limit, or at
   *     once for a failure no retry can fix (unknown stream, access denied)
   */
  int put(String stream, List<byte[]> records);
}
