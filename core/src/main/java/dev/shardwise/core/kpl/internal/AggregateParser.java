package dev.shardwise.core.kpl.internal;

import dev.shardwise.core.internal.Md5;
import dev.shardwise.core.kinesis.HashKeys;
import dev.shardwise.core.kpl.UserRecordVisitor;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a KPL aggregate in two passes over the protobuf: {@link #parse} checks the MD5 and every
 * rule and reads the key tables; {@link #forEach} then walks the records again to hand them out. So
 * nothing of a corrupt aggregate is ever handed out, and the happy path allocates only the key
 * strings.
 */
public final class AggregateParser {
  private static final String AGGREGATE = "AggregatedRecord";
  private static final String RECORD = "Record";
  private static final String TAG = "Tag";

  private final byte[] data;
  private final List<String> partitionKeys;
  private final List<String> explicitHashKeys;
  private final int recordCount;

  private AggregateParser(
      byte[] data, List<String> partitionKeys, List<String> explicitHashKeys, int recordCount) {
    this.data = data;
    this.partitionKeys = partitionKeys;
    this.explicitHashKeys = explicitHashKeys;
    this.recordCount = recordCount;
  }

  /**
   * Validates a Kinesis record that starts with the magic.
   *
   * @throws CorruptAggregateException saying what is wrong and at which byte
   */
  public static AggregateParser parse(byte[] data) throws CorruptAggregateException {
    if (data.length < KplFormat.FRAMING_LENGTH) {
      throw ProtoReader.corrupt(
          "truncated aggregate: "
              + data.length
              + " bytes start with the KPL magic, but the magic and the MD5 trailer alone take "
              + KplFormat.FRAMING_LENGTH);
    }
    int bodyEnd = data.length - KplFormat.DIGEST_LENGTH;
    int bodyLength = bodyEnd - KplFormat.MAGIC_LENGTH;
    if (!Md5.matches(data, KplFormat.MAGIC_LENGTH, bodyLength, bodyEnd)) {
      throw ProtoReader.corrupt(
          "MD5 trailer does not match the "
              + bodyLength
              + "-byte protobuf body: the aggregate is truncated or corrupted");
    }
    return validate(data, bodyEnd);
  }

  private static AggregateParser validate(byte[] data, int bodyEnd)
      throws CorruptAggregateException {
    ProtoReader in = new ProtoReader(data, KplFormat.MAGIC_LENGTH, bodyEnd);
    List<String> pks = new ArrayList<>();
    List<String> ehks = new ArrayList<>();
    RecordFields fields = new RecordFields();
    Extreme pkMax = new Extreme();
    Extreme ehkMax = new Extreme();
    int records = 0;
    while (in.hasMore()) {
      int tag = in.readTag();
      switch (tag) {
        case KplFormat.PARTITION_KEY_TABLE -> pks.add(readKey(in, "partition_key_table", pks));
        case KplFormat.EXPLICIT_HASH_KEY_TABLE -> {
          int at = in.pos();
          String ehk = readKey(in, "explicit_hash_key_table", ehks);
          if (!HashKeys.isValidExplicitHashKey(ehk)) {
            throw ProtoReader.corrupt(
                "explicit_hash_key_table entry "
                    + ehks.size()
                    + " at byte "
                    + at
                    + " is not a decimal hash key in [0, 2^128 - 1]: '"
                    + excerpt(ehk)
                    + "'");
          }
          ehks.add(ehk);
        }
        case KplFormat.RECORDS -> {
          int at = in.pos();
          readRecord(in, fields, records, at);
          pkMax.offer(fields.partitionKeyIndex, records, at);
          if (fields.hasExplicitHashKeyIndex) {
            ehkMax.offer(fields.explicitHashKeyIndex, records, at);
          }
          records++;
        }
        default -> in.skipField(tag, AGGREGATE);
      }
    }
    if (records == 0) {
      throw ProtoReader.corrupt(
          "the aggregate holds no user records (KPL never writes an empty aggregate)");
    }
    pkMax.check("partition_key_index", "partition key", pks.size());
    ehkMax.check("explicit_hash_key_index", "explicit hash key", ehks.size());
    return new AggregateParser(data, pks, ehks, records);
  }

  /** How many user records the aggregate holds (at least 1). */
  public int recordCount() {
    return recordCount;
  }

  /** Hands every user record to {@code visitor}, in order. */
  public void forEach(UserRecordVisitor visitor) {
    ProtoReader in =
        new ProtoReader(data, KplFormat.MAGIC_LENGTH, data.length - KplFormat.DIGEST_LENGTH);
    RecordFields fields = new RecordFields();
    int index = 0;
    try {
      while (in.hasMore()) {
        int tag = in.readTag();
        if (tag == KplFormat.RECORDS) {
          readRecord(in, fields, index, in.pos());
          visitor.visit(
              index++,
              partitionKeys.get((int) fields.partitionKeyIndex),
              fields.hasExplicitHashKeyIndex
                  ? explicitHashKeys.get((int) fields.explicitHashKeyIndex)
                  : null,
              data,
              fields.dataOffset,
              fields.dataLength);
        } else {
          in.skipField(tag, AGGREGATE);
        }
      }
    } catch (CorruptAggregateException e) {
      throw new IllegalStateException(
          "aggregate changed after it was validated: " + e.getMessage());
    }
  }

  private static String readKey(ProtoReader in, String table, List<String> entries)
      throws CorruptAggregateException {
    int length = in.readLength(table);
    return in.readUtf8(length, table, entries.size());
  }

  /** Reads one length-delimited {@code Record}; the last value of a repeated scalar wins. */
  private static void readRecord(ProtoReader in, RecordFields f, int index, int at)
      throws CorruptAggregateException {
    int length = in.readLength("records");
    int end = in.pos() + length;
    ProtoReader rec = new ProtoReader(in.buffer(), in.pos(), end);
    f.clear();
    while (rec.hasMore()) {
      int tag = rec.readTag();
      switch (tag) {
        case KplFormat.PARTITION_KEY_INDEX -> {
          f.partitionKeyIndex = rec.readVarint("partition_key_index");
          f.hasPartitionKeyIndex = true;
        }
        case KplFormat.EXPLICIT_HASH_KEY_INDEX -> {
          f.explicitHashKeyIndex = rec.readVarint("explicit_hash_key_index");
          f.hasExplicitHashKeyIndex = true;
        }
        case KplFormat.DATA -> {
          f.dataLength = rec.readLength("data");
          f.dataOffset = rec.pos();
          rec.advance(f.dataLength);
        }
        case KplFormat.TAGS -> checkTag(rec);
        default -> rec.skipField(tag, RECORD);
      }
    }
    if (!f.hasPartitionKeyIndex) {
      throw ProtoReader.corrupt(
          "record " + index + " at byte " + at + " lacks required field partition_key_index");
    }
    if (f.dataOffset < 0) {
      throw ProtoReader.corrupt(
          "record " + index + " at byte " + at + " lacks required field data");
    }
    in.advance(length);
  }

  /** Checks a {@code Tag} as protobuf would (its key is required); its content is not kept. */
  private static void checkTag(ProtoReader rec) throws CorruptAggregateException {
    int at = rec.pos();
    int length = rec.readLength("tags");
    ProtoReader tag = new ProtoReader(rec.buffer(), rec.pos(), rec.pos() + length);
    boolean hasKey = false;
    while (tag.hasMore()) {
      int t = tag.readTag();
      if (t == KplFormat.TAG_KEY) {
        tag.advance(tag.readLength("Tag.key"));
        hasKey = true;
      } else {
        tag.skipField(t, TAG);
      }
    }
    if (!hasKey) {
      throw ProtoReader.corrupt("tag at byte " + at + " lacks required field key");
    }
    rec.advance(length);
  }

  private static String excerpt(String s) {
    return s.length() <= 48 ? s : s.substring(0, 45) + "...";
  }

  /** The fields of one {@code Record}, reused from record to record. */
  private static final class RecordFields {
    long partitionKeyIndex;
    boolean hasPartitionKeyIndex;
    long explicitHashKeyIndex;
    boolean hasExplicitHashKeyIndex;
    int dataOffset;
    int dataLength;

    void clear() {
      hasPartitionKeyIndex = false;
      hasExplicitHashKeyIndex = false;
      dataOffset = -1;
      dataLength = 0;
    }
  }

  /** The largest (unsigned) table index the records use, and the first record that used it. */
  private static final class Extreme {
    private long max = -1;
    private int record;
    private int at;
    private boolean seen;

    void offer(long index, int recordIndex, int recordAt) {
      if (!seen || Long.compareUnsigned(index, max) > 0) {
        max = index;
        record = recordIndex;
        at = recordAt;
        seen = true;
      }
    }

    void check(String field, String table, int size) throws CorruptAggregateException {
      if (seen && Long.compareUnsigned(max, size) >= 0) {
        throw ProtoReader.corrupt(
            "record "
                + record
                + " at byte "
                + at
                + ": "
                + field
                + " "
                + Long.toUnsignedString(max)
                + " is outside the "
                + table
                + " table ("
                + size
                + (size == 1 ? " entry)" : " entries)"));
      }
    }
  }
}
