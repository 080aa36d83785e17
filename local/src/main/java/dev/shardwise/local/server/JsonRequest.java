package dev.shardwise.local.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * One request of an AWS JSON protocol: the operation, its parsed body, and typed accessors that
 * answer bad input with the errors AWS uses. A member of the wrong JSON type is a {@code
 * SerializationException}; a missing required member or a value outside a modelled constraint is a
 * {@code ValidationException} worded like AWS's ("1 validation error detected: Value null at
 * 'streamName' failed to satisfy constraint: Member must not be null").
 */
public final class JsonRequest {
  private final String operation;
  private final WireFormat format;
  private final ObjectNode body;
  private final Map<String, String> headers;
  private final int bodyBytes;

  public JsonRequest(
      String operation,
      WireFormat format,
      ObjectNode body,
      Map<String, String> headers,
      int bodyBytes) {
    this.operation = operation;
    this.format = format;
    this.body = body;
    this.headers = Map.copyOf(headers);
    this.bodyBytes = bodyBytes;
  }

  public String operation() {
    return operation;
  }

  public WireFormat format() {
    return format;
  }

  public ObjectNode body() {
    return body;
  }

  /** Size of the encoded request body in bytes. */
  public int bodyBytes() {
    return bodyBytes;
  }

  /** A request header by lower-case name, or {@code null}. */
  public String header(String lowerCaseName) {
    return headers.get(lowerCaseName);
  }

  /** A new, empty response body in this request's format. */
  public ObjectNode newResponse() {
    return format.mapper().createObjectNode();
  }

  /** A timestamp value for a response in this request's format. */
  public JsonNode timestamp(Instant instant) {
    return format.timestamp(instant);
  }

  // ---- members ---------------------------------------------------------------------------------

  /** The member's node, or {@code null} when absent or JSON null. */
  public JsonNode member(String name) {
    return member(body, name);
  }

  public String requiredString(String name) throws AwsServiceException {
    String value = optionalString(name);
    if (value == null) {
      throw missing(name);
    }
    return value;
  }

  public String optionalString(String name) throws AwsServiceException {
    return string(body, name);
  }

  public int optionalInt(String name, int defaultValue) throws AwsServiceException {
    JsonNode n = member(name);
    if (n == null) {
      return defaultValue;
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw wrongType(name, "an integer");
    }
    return n.intValue();
  }

  public Integer optionalInteger(String name) throws AwsServiceException {
    JsonNode n = member(name);
    return n == null ? null : optionalInt(name, 0);
  }

  public int requiredInt(String name) throws AwsServiceException {
    if (member(name) == null) {
      throw missing(name);
    }
    return optionalInt(name, 0);
  }

  public long optionalLong(String name, long defaultValue) throws AwsServiceException {
    JsonNode n = member(name);
    if (n == null) {
      return defaultValue;
    }
    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
      throw wrongType(name, "an integer");
    }
    return n.longValue();
  }

  public Boolean optionalBoolean(String name) throws AwsServiceException {
    JsonNode n = member(name);
    if (n == null) {
      return null;
    }
    if (!n.isBoolean()) {
      throw wrongType(name, "a boolean");
    }
    return n.booleanValue();
  }

  public byte[] requiredBlob(String name) throws AwsServiceException {
    return blob(body, name, true);
  }

  public Instant optionalTimestamp(String name) throws AwsServiceException {
    JsonNode n = member(name);
    if (n == null) {
      return null;
    }
    if (!n.isNumber()) {
      throw wrongType(name, "a timestamp");
    }
    try {
      return format.timestamp(n);
    } catch (RuntimeException e) {
      throw AwsServiceException.serialization("Invalid timestamp for member " + name);
    }
  }

  public ObjectNode optionalObject(String name) throws AwsServiceException {
    JsonNode n = member(name);
    if (n == null) {
      return null;
    }
    if (!n.isObject()) {
      throw wrongType(name, "a structure");
    }
    return (ObjectNode) n;
  }

  public ArrayNode requiredArray(String name) throws AwsServiceException {
    ArrayNode a = optionalArray(name);
    if (a == null) {
      throw missing(name);
    }
    return a;
  }

  public ArrayNode optionalArray(String name) throws AwsServiceException {
    JsonNode n = member(name);
    if (n == null) {
      return null;
    }
    if (!n.isArray()) {
      throw wrongType(name, "a list");
    }
    return (ArrayNode) n;
  }

  // ---- helpers for nested structures (list entries) ---------------------------------------------

  /** A member of a nested structure, or {@code null} when absent or JSON null. */
  public static JsonNode member(JsonNode object, String name) {
    JsonNode n = object.get(name);
    return n == null || n.isNull() ? null : n;
  }

  /** A string member of a nested structure, or {@code null}. */
  public static String string(JsonNode object, String name) throws AwsServiceException {
    JsonNode n = member(object, name);
    if (n == null) {
      return null;
    }
    if (!n.isTextual()) {
      throw wrongType(name, "a string");
    }
    return n.textValue();
  }

  /** A blob member of a nested structure: base64 text in JSON, a byte string in CBOR. */
  public static byte[] blob(JsonNode object, String name, boolean required)
      throws AwsServiceException {
    JsonNode n = member(object, name);
    if (n == null) {
      if (required) {
        throw missing(name);
      }
      return null;
    }
    if (n.getNodeType() != JsonNodeType.BINARY && !n.isTextual()) {
      throw wrongType(name, "a blob");
    }
    try {
      // the JDK decoder is several times faster than Jackson's for the large batches of
      // PutRecords/PutRecordBatch; both refuse what is not standard base64
      return n.isTextual() ? java.util.Base64.getDecoder().decode(n.textValue()) : n.binaryValue();
    } catch (IOException | IllegalArgumentException e) {
      throw AwsServiceException.serialization(
          "Value for member " + name + " is not valid base64-encoded binary data.");
    }
  }

  /** AWS's wording for a missing required member. */
  public static AwsServiceException missing(String member) {
    return AwsServiceException.validation(
        "1 validation error detected: Value null at '"
            + camel(member)
            + "' failed to satisfy constraint: Member must not be null");
  }

  /**
   * AWS's wording for one broken constraint, e.g. {@code "Member must have length less than..."}.
   */
  public static AwsServiceException constraint(String member, Object value, String constraint) {
    String shown = String.valueOf(value);
    if (shown.length() > 100) {
      shown = shown.substring(0, 100) + "...";
    }
    return AwsServiceException.validation(
        "1 validation error detected: Value '"
            + shown
            + "' at '"
            + camel(member)
            + "' failed to satisfy constraint: "
            + constraint);
  }

  static AwsServiceException wrongType(String member, String expected) {
    return AwsServiceException.serialization(
        "Unexpected value type for member " + member + ": expected " + expected + ".");
  }

  /** AWS names members in camel case in validation messages ({@code StreamName -> streamName}). */
  static String camel(String member) {
    if (member.isEmpty()) {
      return member;
    }
    return member.substring(0, 1).toLowerCase(Locale.ROOT) + member.substring(1);
  }
}
