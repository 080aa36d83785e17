package dev.shardwise.core.event;

/**
 * Why a record was rejected. The wire names are the reason codes of the contract (DESIGN.md,
 * "Event, schema version 1"); they are what the {@code rejects} table and the metrics carry.
 */
public enum RejectReason {
  /** Not a JSON object, or not well-formed JSON. */
  MALFORMED_JSON("malformed_json"),
  /** The bytes are not valid UTF-8. */
  BAD_UTF8("bad_utf8"),
  /** More than 64 KiB encoded. */
  TOO_LARGE("too_large"),
  /** A required field is absent (or JSON {@code null}). */
  MISSING_FIELD("missing_field"),
  /** A field has the wrong JSON type. */
  BAD_TYPE("bad_type"),
  /** A field has the right type but a value outside its rule. */
  BAD_VALUE("bad_value"),
  /** {@code schema} is not a version this decoder understands. */
  UNSUPPORTED_SCHEMA("unsupported_schema"),
  /** Event time more than 7 days before, or more than 5 minutes after, the arrival time. */
  TIME_OUT_OF_RANGE("time_out_of_range"),
  /**
   * A Kinesis record that carries the KPL magic but is not a valid aggregate (bad MD5, truncated
   * protobuf, index out of range). Not an event-level rule: the whole stream record is rejected.
   */
  CORRUPT_AGGREGATE("corrupt_aggregate");

  private final String code;

  RejectReason(String code) {
    this.code = code;
  }

  /** The reason code as stored in {@code rejects.reason} and used as a metric dimension. */
  public String code() {
    return code;
  }

  /** The reason for a code, or {@code null} if there is none. */
  public static RejectReason fromCode(String code) {
    for (RejectReason r : values()) {
      if (r.code.equals(code)) {
        return r;
      }
    }
    return null;
  }
}
