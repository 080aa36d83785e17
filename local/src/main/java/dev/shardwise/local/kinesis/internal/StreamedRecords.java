package dev.shardwise.local.kinesis.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.shardwise.local.server.WireFormat;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;

/**
 * The {@code Records} list of a GetRecords response, written straight to the response's generator
 * instead of through a tree of thousands of nodes (the hot path of every reader). Blobs become byte
 * strings in CBOR and base64 in JSON through the generator; timestamps follow the format.
 */
final class StreamedRecords implements JsonSerializable {
  private static final SerializedString SEQUENCE_NUMBER = new SerializedString("SequenceNumber");
  private static final SerializedString ARRIVAL =
      new SerializedString("ApproximateArrivalTimestamp");
  private static final SerializedString DATA = new SerializedString("Data");
  private static final SerializedString PARTITION_KEY = new SerializedString("PartitionKey");

  private final List<StoredRecord> records;
  private final Shard shard;
  private final long firstPosition;
  private final WireFormat format;

  private StreamedRecords(
      List<StoredRecord> records, Shard shard, long firstPosition, WireFormat format) {
    this.records = records;
    this.shard = shard;
    this.firstPosition = firstPosition;
    this.format = format;
  }

  /** A node to {@code set("Records", ...)} on a response. */
  static POJONode node(
      List<StoredRecord> records, Shard shard, long firstPosition, WireFormat format) {
    return new POJONode(new StreamedRecords(records, shard, firstPosition, format));
  }

  @Override
  public void serialize(JsonGenerator gen, SerializerProvider provider) throws IOException {
    gen.writeStartArray(records, records.size());
    long pos = firstPosition;
    byte[] sequence = new byte[SequenceNumbers.LENGTH];
    for (StoredRecord r : records) {
      gen.writeStartObject();
      gen.writeFieldName(SEQUENCE_NUMBER);
      // ASCII digits written as they are: no String per record
      shard.sequence.formatInto(pos++, sequence);
      gen.writeUTF8String(sequence, 0, sequence.length);
      gen.writeFieldName(ARRIVAL);
      if (format == WireFormat.CBOR) {
        gen.writeNumber(r.arrivalMillis());
      } else {
        gen.writeNumber(BigDecimal.valueOf(r.arrivalMillis()).movePointLeft(3));
      }
      gen.writeFieldName(DATA);
      gen.writeBinary(r.data());
      gen.writeFieldName(PARTITION_KEY);
      gen.writeString(r.partitionKey());
      gen.writeEndObject();
    }
    gen.writeEndArray();
  }

  @Override
  public void serializeWithType(
      JsonGenerator gen, SerializerProvider provider, TypeSerializer typeSer) throws IOException {
    serialize(gen, provider);
  }
}
