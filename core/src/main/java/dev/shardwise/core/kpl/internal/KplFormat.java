package dev.shardwise.core.kpl.internal;

import dev.shardwise.core.internal.Md5;

/**
 * The KPL aggregated-record framing and the protobuf tags of its messages ({@code messages.proto}
 * of the Kinesis Producer Library):
 *
 * <pre>
 * message AggregatedRecord {
 *   repeated string partition_key_table     = 1;
 *   repeated string explicit_hash_key_table = 2;
 *   repeated Record records                 = 3;
 * }
 * message Tag    { required string key = 1; optional string value = 2; }
 * message Record {
 *   required uint64 partition_key_index     = 1;
 *   optional uint64 explicit_hash_key_index = 2;
 *   required bytes  data                    = 3;
 *   repeated Tag    tags                    = 4;
 * }
 * </pre>
 *
 * A Kinesis record holding an aggregate is {@code F3 89 9A C2}, the serialized {@code
 * AggregatedRecord}, then the 16-byte MD5 of that serialized message.
 */
public final class KplFormat {
  /** Length of the magic prefix. */
  public static final int MAGIC_LENGTH = 4;

  /** Length of the MD5 trailer. */
  public static final int DIGEST_LENGTH = Md5.LENGTH;

  /** Bytes an aggregate takes besides its protobuf body: magic and MD5. */
  public static final int FRAMING_LENGTH = MAGIC_LENGTH + DIGEST_LENGTH;

  /** Wire types. */
  public static final int VARINT = 0;

  public static final int FIXED64 = 1;
  public static final int LENGTH_DELIMITED = 2;
  public static final int START_GROUP = 3;
  public static final int END_GROUP = 4;
  public static final int FIXED32 = 5;

  /** {@code AggregatedRecord} field tags (field number and wire type). */
  public static final int PARTITION_KEY_TABLE = (1 << 3) | LENGTH_DELIMITED;

  public static final int EXPLICIT_HASH_KEY_TABLE = (2 << 3) | LENGTH_DELIMITED;
  public static final int RECORDS = (3 << 3) | LENGTH_DELIMITED;

  /** {@code Record} field tags. */
  public static final int PARTITION_KEY_INDEX = (1 << 3) | VARINT;

  public static final int EXPLICIT_HASH_KEY_INDEX = (2 << 3) | VARINT;
  public static final int DATA = (3 << 3) | LENGTH_DELIMITED;
  public static final int TAGS = (4 << 3) | LENGTH_DELIMITED;

  /** {@code Tag} field tags. */
  public static final int TAG_KEY = (1 << 3) | LENGTH_DELIMITED;

  public static final int TAG_VALUE = (2 << 3) | LENGTH_DELIMITED;

  private static final byte M0 = (byte) 0xF3;
  private static final byte M1 = (byte) 0x89;
  private static final byte M2 = (byte) 0x9A;
  private static final byte M3 = (byte) 0xC2;

  private KplFormat() {}

  /** Tells whether {@code data} starts with the magic. */
  public static boolean hasMagic(byte[] data) {
    return data.length >= MAGIC_LENGTH
        && data[0] == M0
        && data[1] == M1
        && data[2] == M2
        && data[3] == M3;
  }

  /** Writes the magic at the start of {@code buf}. */
  public static void writeMagic(byte[] buf) {
    buf[0] = M0;
    buf[1] = M1;
    buf[2] = M2;
    buf[3] = M3;
  }
}
