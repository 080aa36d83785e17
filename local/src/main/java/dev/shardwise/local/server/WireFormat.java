package dev.shardwise.local.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;

/**
 * The two encodings of the AWS JSON protocols. The AWS SDK for Java sends Kinesis requests as CBOR
 * by default ({@code application/x-amz-cbor-1.1}); everything else, and the AWS CLI, sends JSON. A
 * response is written in the encoding of its request.
 *
 * <p>The encodings differ in two value types: blobs are base64 strings in JSON and byte strings in
 * CBOR; timestamps are epoch seconds (with a fraction) in JSON and epoch milliseconds in CBOR.
 */
public enum WireFormat {
  JSON("application/x-amz-json-1.1", jsonMapper()),
  JSON_10("application/x-amz-json-1.0", jsonMapper()),
  CBOR("application/x-amz-cbor-1.1", cborMapper());

  /** Deeper documents than this are not AWS requests; refusing them keeps parsing cheap. */
  static final int MAX_NESTING_DEPTH = 64;

  private final String contentType;
  private final ObjectMapper mapper;

  WireFormat(String contentType, ObjectMapper mapper) {
    this.contentType = contentType;
    this.mapper = mapper;
  }

  /** The {@code Content-Type} of requests and responses in this format. */
  public String contentType() {
    return contentType;
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  /**
   * The format of a request from its {@code Content-Type}; JSON 1.1 when the header is absent or
   * unknown (the AWS CLI and SDKs always send one).
   */
  public static WireFormat ofContentType(String contentType) {
    if (contentType == null) {
      return JSON;
    }
    String ct = contentType.toLowerCase(Locale.ROOT);
    if (ct.startsWith("application/x-amz-cbor")) {
      return CBOR;
    }
    if (ct.startsWith("application/x-amz-json-1.0")) {
      return JSON_10;
    }
    return JSON;
  }

  /** Parses a request body; an empty body is an empty object. */
  public JsonNode read(byte[] body) throws AwsServiceException {
    if (body.length == 0) {
      return mapper.createObjectNode();
    }
    try {
      JsonNode node = mapper.readTree(body);
      if (node == null || node.isMissingNode()) {
        return mapper.createObjectNode();
      }
      return node;
    } catch (IOException | RuntimeException e) {
      throw AwsServiceException.serialization(describe(e));
    }
  }

  public byte[] write(JsonNode node) {
    return encode(node).toByteArray();
  }

  /**
   * Encodes a response into chunks (never one array of the whole body: see {@link ResponseBody}).
   */
  ResponseBody encode(JsonNode node) {
    ResponseBody body = new ResponseBody();
    try {
      mapper.writeValue(body, node);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a response", e);
    }
    return body;
  }

  /** A timestamp value as the SDK expects it in this format. */
  public JsonNode timestamp(Instant instant) {
    if (this == CBOR) {
      return LongNode.valueOf(instant.toEpochMilli());
    }
    return DecimalNode.valueOf(BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3));
  }

  /** Reads a timestamp value written by a client in this format. */
  public Instant timestamp(JsonNode node) {
    if (this == CBOR) {
      if (node.isIntegralNumber()) {
        return Instant.ofEpochMilli(node.longValue());
      }
      return Instant.ofEpochMilli(Math.round(node.doubleValue() * 1000.0));
    }
    BigDecimal seconds = node.decimalValue();
    return Instant.ofEpochMilli(seconds.movePointRight(3).longValue());
  }

  private static String describe(Exception e) {
    String msg = e.getMessage();
    if (msg == null) {
      return "The request body could not be parsed.";
    }
    int nl = msg.indexOf('\n');
    return (nl < 0 ? msg : msg.substring(0, nl)).trim();
  }

  private static ObjectMapper jsonMapper() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    return JsonMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .build();
  }

  private static ObjectMapper cborMapper() {
    CBORFactory factory =
        CBORFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build();
    return CBORMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .build();
  }
}
