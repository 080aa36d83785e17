package dev.shardwise.local.kinesis.internal;

import dev.shardwise.local.server.AwsServiceException;
import dev.shardwise.local.server.JsonRequest;
import java.util.List;
import java.util.regex.Pattern;

/** Reads and checks Kinesis request members, answering bad ones as Kinesis does. */
public final class Args {
  private static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]+");
  private static final Pattern STREAM_ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:kinesis:([a-z0-9-]+):(\\d{12}):stream/([a-zA-Z0-9_.-]{1,128})");
  private static final Pattern SHARD_ID = Pattern.compile("[a-zA-Z0-9_.-]+");
  private static final Pattern HASH_KEY = Pattern.compile("0|([1-9]\\d{0,38})");
  private static final Pattern SEQUENCE_NUMBER = Pattern.compile("0|([1-9]\\d{0,128})");

  private Args() {}

  /** A stream name from a member, checked against Kinesis's constraints. */
  public static String streamName(String member, String value) throws AwsServiceException {
    if (value.isEmpty()) {
      throw JsonRequest.constraint(
          member, value, "Member must have length greater than or equal to 1");
    }
    if (value.length() > 128) {
      throw JsonRequest.constraint(
          member, value, "Member must have length less than or equal to 128");
    }
    if (!STREAM_NAME.matcher(value).matches()) {
      throw JsonRequest.constraint(
          member, value, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
    }
    return value;
  }

  /**
   * The stream a request names by {@code StreamName} or {@code StreamARN} (either or both, which
   * must then agree).
   */
  public static String streamNameOrArn(JsonRequest req, boolean required)
      throws AwsServiceException {
    String name = req.optionalString("StreamName");
    String arn = req.optionalString("StreamARN");
    if (name != null) {
      streamName("StreamName", name);
    }
    String fromArn = null;
    if (arn != null) {
      var m = STREAM_ARN.matcher(arn);
      if (arn.length() > 2048 || !m.matches()) {
        throw JsonRequest.constraint(
            "StreamARN",
            arn,
            "Member must satisfy regular expression pattern: "
                + "arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+");
      }
      fromArn = m.group(3);
    }
    if (name != null && fromArn != null && !name.equals(fromArn)) {
      throw AwsServiceException.invalidArgument(
          "StreamARN " + arn + " and StreamName " + name + " name different streams.");
    }
    String out = name != null ? name : fromArn;
    if (out == null && required) {
      throw AwsServiceException.invalidArgument("Either StreamName or StreamARN must be provided.");
    }
    return out;
  }

  public static String shardId(String member, String value) throws AwsServiceException {
    if (value.isEmpty() || value.length() > 128) {
      throw JsonRequest.constraint(
          member, value, "Member must have length less than or equal to 128");
    }
    if (!SHARD_ID.matcher(value).matches()) {
      throw JsonRequest.constraint(
          member, value, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
    }
    return value;
  }

  /** A hash key member: a decimal integer; the range is checked by the caller. */
  public static String hashKey(String member, String value) throws AwsServiceException {
    if (!HASH_KEY.matcher(value).matches()) {
      throw JsonRequest.constraint(
          member, value, "Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38})");
    }
    return value;
  }

  /** A sequence number member: a decimal integer of up to 129 digits. */
  public static String sequenceNumber(String member, String value) throws AwsServiceException {
    if (!SEQUENCE_NUMBER.matcher(value).matches()) {
      throw JsonRequest.constraint(
          member, value, "Member must satisfy regular expression pattern: 0|([1-9]\\d{0,128})");
    }
    return value;
  }

  /** An optional integer member within [min, max]. */
  public static Integer intInRange(JsonRequest req, String member, int min, int max)
      throws AwsServiceException {
    Integer v = req.optionalInteger(member);
    if (v == null) {
      return null;
    }
    if (v < min) {
      throw JsonRequest.constraint(
          member, v, "Member must have value greater than or equal to " + min);
    }
    if (v > max) {
      throw JsonRequest.constraint(
          member, v, "Member must have value less than or equal to " + max);
    }
    return v;
  }

  /** An enum member's value, one of {@code allowed}. */
  public static String oneOf(String member, String value, List<String> allowed)
      throws AwsServiceException {
    if (!allowed.contains(value)) {
      throw JsonRequest.constraint(member, value, "Member must satisfy enum value set: " + allowed);
    }
    return value;
  }
}
