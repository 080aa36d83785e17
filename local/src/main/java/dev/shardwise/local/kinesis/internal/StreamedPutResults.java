package dev.shardwise.local.kinesis.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.IOException;

/**
 * The {@code Records} list of a PutRecords response (one result per entry, in request order),
 * written straight to the response's generator.
 */
final class StreamedPutResults implements JsonSerializable {
  private static final SerializedString SEQUENCE_NUMBER = new SerializedString("SequenceNumber");
  private static final SerializedString SHARD_ID = new SerializedString("ShardId");

  private final Shard[] shards;
  private final long[] positions;
  private final String[] errorCodes;
  private final String[] errorMessages;

  private StreamedPutResults(
      Shard[] shards, long[] positions, String[] errorCodes, String[] errorMessages) {
    this.shards = shards;
    this.positions = positions;
    this.errorCodes = errorCodes;
    this.errorMessages = errorMessages;
  }

  /** Entry i succeeded when {@code errorCodes[i] == null}. */
  static POJONode node(
      Shard[] shards, long[] positions, String[] errorCodes, String[] errorMessages) {
    return new POJONode(new StreamedPutResults(shards, positions, errorCodes, errorMessages));
  }

  @Override
  public void serialize(JsonGenerator gen, SerializerProvider provider) throws IOException {
    gen.writeStartArray(this, positions.length);
    for (int i = 0; i < positions.length; i++) {
      gen.writeStartObject();
      if (errorCodes[i] == null) {
        gen.writeFieldName(SEQUENCE_NUMBER);
        gen.writeString(shards[i].sequence.format(positions[i]));
        gen.writeFieldName(SHARD_ID);
        gen.writeString(shards[i].encodedId);
      } else {
        gen.writeStringField("ErrorCode", errorCodes[i]);
        gen.writeStringField("ErrorMessage", errorMessages[i]);
      }
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
