package dev.shardwise.core.event.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.IOContext;

/**
 * A {@link JsonFactory} whose byte-array parsers always read UTF-8: the contract says UTF-8, so
 * Jackson's encoding detection (UTF-16/32 by the first bytes, byte order marks) would only accept
 * what must be rejected, and it costs time on every record. Its parsers are {@link EventParser}s.
 * Everything else is Jackson's.
 */
public final class Utf8JsonFactory extends JsonFactory {

  private static final long serialVersionUID = 1L;

  public Utf8JsonFactory(JsonFactoryBuilder builder) {
    super(builder);
  }

  @Override
  protected JsonParser _createParser(byte[] data, int offset, int len, IOContext ctxt) {
    return new EventParser(
        ctxt,
        _parserFeatures,
        _objectCodec,
        _byteSymbolCanonicalizer.makeChild(_factoryFeatures),
        data,
        offset,
        offset + len);
  }
}
