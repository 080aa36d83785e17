package dev.shardwise.consumer.internal;

import dev.shardwise.consumer.StreamRecord;
import dev.shardwise.core.event.DecodeResult;
import dev.shardwise.core.event.EventDecoder;
import dev.shardwise.core.event.RejectReason;
import dev.shardwise.core.kpl.KplDecoder;
import java.util.Optional;

/**
 * The production {@link RecordReader}: KPL deaggregation ({@link KplDecoder}, slices without
 * copies) and event decoding with validation ({@link EventDecoder}). A corrupt aggregate is one
 * reject ({@code corrupt_aggregate}, sub-sequence -1) with the whole record's bytes.
 */
public final class KplEventReader implements RecordReader {
  private final EventDecoder decoder = EventDecoder.standard();

  @Override
  public void read(StreamRecord record, UserRecordHandler handler) {
    byte[] data = record.data();
    Optional<String> corrupt =
        KplDecoder.forEachUserRecord(
            data,
            record.partitionKey(),
            null,
            (sub, pk, ehk, buffer, offset, length) -> {
              DecodeResult result = decoder.decode(buffer, offset, length, record.arrival());
              if (result instanceof DecodeResult.Valid v) {
                handler.event(sub, v.event());
              } else {
                DecodeResult.Rejected r = (DecodeResult.Rejected) result;
                handler.reject(sub, pk, r.reason(), r.message(), buffer, offset, length);
              }
            });
    corrupt.ifPresent(
        message ->
            handler.reject(
                -1,
                record.partitionKey(),
                RejectReason.CORRUPT_AGGREGATE,
                message,
                data,
                0,
                data.length));
  }
}
