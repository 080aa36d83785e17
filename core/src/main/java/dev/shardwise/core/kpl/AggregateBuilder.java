package dev.shardwise.core.kpl;

import dev.shardwise.core.internal.Md5;
import dev.shardwise.core.kinesis.HashKeys;
import dev.shardwise.core.kpl.internal.KplFormat;
import dev.shardwise.core.kpl.internal.ProtoWriter;
import dev.shardwise.core.window.internal.StringIndex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Packs user records into one KPL aggregated Kinesis record, as the Kinesis Producer Library does,
 * so that {@link KplDecoder}, the KCL and Firehose deaggregate it.
 *
 * <p>Routing: the built record carries the partition key of its first user record and, as explicit
 * hash key, that record's effective hash key (its explicit hash key, else the MD5 of its partition
 * key). Kinesis therefore stores the aggregate in the shard of its first user record. The caller
 * must add only records of one shard to one builder (as the KPL does); then every user record is
 * stored in its own shard, and consumers that filter user records by the shard's hash-key range
 * (the KCL does) keep them all.
 *
 * <p>Size: {@link #sizeBytes()} counts what Kinesis counts against its record limit: the data blob
 * (magic, protobuf, MD5) plus the UTF-8 bytes of the partition key. {@link #tryAdd} keeps it within
 * the limit given to the constructor.
 *
 * <p>Not thread-safe. Each user record is serialized when it is added, into a buffer that grows up
 * to the aggregate's size and is reused (its data is copied while the caller's array is still in
 * cache; {@link #build()} then copies the buffer in one piece behind the key tables).
 */
public final class AggregateBuilder {
  /** The Kinesis record limit (data plus partition key): 1 MiB. */
  public static final int DEFAULT_MAX_AGGREGATE_BYTES = 1024 * 1024;

  /** The largest record Kinesis accepts on any stream (10 MiB). */
  public static final int LARGEST_MAX_AGGREGATE_BYTES = 10 * 1024 * 1024;

  /** The smallest limit we accept: room for the framing and a few small records. */
  public static final int SMALLEST_MAX_AGGREGATE_BYTES = 256;

  /** Kinesis' limit on a partition key, in characters. */
  public static final int MAX_PARTITION_KEY_LENGTH = 256;

  private static final int NO_INDEX = -1;

  private final int maxAggregateBytes;
  private final StringIndex partitionKeyIndex = new StringIndex(256);
  private byte[] partitionKeyTable = new byte[256]; // the serialized table fields
  private int partitionKeyTableLength;
  private int partitionKeyCount;
  private final StringIndex explicitHashKeyIndex = new StringIndex(16);
  private final List<byte[]> explicitHashKeys = new ArrayList<>();
  private byte[] records = new byte[1024];
  private int recordsLength;
  private int count;
  private long bodyBytes;
  private String outerPartitionKey;
  private int outerPartitionKeyBytes;
  private String outerExplicitHashKey;

  /** A builder for aggregates of at most {@link #DEFAULT_MAX_AGGREGATE_BYTES}. */
  public AggregateBuilder() {
    this(DEFAULT_MAX_AGGREGATE_BYTES);
  }

  /**
   * A builder for aggregates of at most {@code maxAggregateBytes}, data plus partition key.
   *
   * @throws IllegalArgumentException unless {@value #SMALLEST_MAX_AGGREGATE_BYTES} <= {@code
   *     maxAggregateBytes} <= {@value #LARGEST_MAX_AGGREGATE_BYTES}
   */
  public AggregateBuilder(int maxAggregateBytes) {
    if (maxAggregateBytes < SMALLEST_MAX_AGGREGATE_BYTES
        || maxAggregateBytes > LARGEST_MAX_AGGREGATE_BYTES) {
      throw new IllegalArgumentException(
          "maxAggregateBytes is "
              + maxAggregateBytes
              + ": expected "
              + SMALLEST_MAX_AGGREGATE_BYTES
              + " to "
              + LARGEST_MAX_AGGREGATE_BYTES
              + " (Kinesis' record limit, data plus partition key; 1 MiB by default)");
    }
    this.maxAggregateBytes = maxAggregateBytes;
  }

  /**
   * Adds {@code record} unless the aggregate would then exceed the limit. When this returns false
   * on an empty builder, the record is too large to aggregate under this limit at all.
   *
   * @return whether the record was added
   * @throws IllegalArgumentException if the record's partition key is empty, longer than {@value
   *     #MAX_PARTITION_KEY_LENGTH} characters or not Unicode text, or its explicit hash key is not
   *     a decimal in {@code [0, 2^128 - 1]}: Kinesis would refuse it
   */
  public boolean tryAdd(UserRecord record) {
    Objects.requireNonNull(record, "record");
    return add(record.partitionKey(), record.explicitHashKey(), record.data());
  }

  /**
   * {@link #tryAdd(UserRecord)} of a record without explicit hash key: the same, without the record
   * object.
   *
   * @return whether the record was added
   * @throws IllegalArgumentException if the partition key is empty, longer than {@value
   *     #MAX_PARTITION_KEY_LENGTH} characters or not Unicode text
   */
  public boolean tryAdd(String partitionKey, byte[] data) {
    Objects.requireNonNull(partitionKey, "partitionKey");
    Objects.requireNonNull(data, "data");
    return add(partitionKey, null, data);
  }

  private boolean add(String pk, String ehk, byte[] bytes) {
    int pkIndex = partitionKeyIndex.find(pk);
    boolean newKey = pkIndex < 0;
    byte[] pkUtf8 = null; // only for a key that is not ASCII
    int pkLength = 0;
    long delta = 0;
    if (newKey) {
      checkPartitionKeyLength(pk);
      pkLength = asciiLength(pk);
      if (pkLength < 0) {
        checkPartitionKeyText(pk); // an ASCII key has no surrogates
        pkUtf8 = pk.getBytes(StandardCharsets.UTF_8);
        pkLength = pkUtf8.length;
      }
      pkIndex = partitionKeyCount;
      delta += ProtoWriter.lengthDelimitedSize(pkLength);
    }
    int ehkIndex = NO_INDEX;
    byte[] ehkAscii = null;
    if (ehk != null) {
      int known = explicitHashKeyIndex.find(ehk);
      if (known >= 0) {
        ehkIndex = known;
      } else {
        HashKeys.parseExplicitHashKey(ehk);
        ehkAscii = ehk.getBytes(StandardCharsets.US_ASCII);
        ehkIndex = explicitHashKeys.size();
        delta += ProtoWriter.lengthDelimitedSize(ehkAscii.length);
      }
    }
    long recordSize = recordSize(pkIndex, ehkIndex, bytes.length);
    long recordField = ProtoWriter.lengthDelimitedSize(recordSize);
    delta += recordField;
    long framing = KplFormat.FRAMING_LENGTH + (isEmpty() ? pkLength : outerPartitionKeyBytes);
    if (framing + bodyBytes + delta > maxAggregateBytes) {
      return false;
    }
    if (isEmpty()) {
      outerPartitionKey = pk;
      outerPartitionKeyBytes = pkLength;
      outerExplicitHashKey = ehk;
    }
    if (newKey) {
      partitionKeyIndex.add(pk);
      addPartitionKey(pk, pkUtf8, pkLength);
    }
    if (ehkAscii != null) {
      explicitHashKeyIndex.add(ehk);
      explicitHashKeys.add(ehkAscii);
    }
    int end = recordsLength + (int) recordField;
    if (end > records.length) {
      records =
          Arrays.copyOf(records, Math.max(end, Math.min(2 * records.length, maxAggregateBytes)));
    }
    recordsLength = writeRecord(records, recordsLength, (int) recordSize, pkIndex, ehkIndex, bytes);
    count++;
    bodyBytes += delta;
    return true;
  }

  /** The size of the aggregate built now: data plus partition key, in bytes; 0 when empty. */
  public int sizeBytes() {
    return isEmpty() ? 0 : (int) (KplFormat.FRAMING_LENGTH + bodyBytes + outerPartitionKeyBytes);
  }

  /** How many user records the builder holds. */
  public int count() {
    return count;
  }

  /** Tells whether the builder holds no user records. */
  public boolean isEmpty() {
    return count == 0;
  }

  /**
   * Encodes the records added so far into one aggregate and empties the builder.
   *
   * @throws IllegalStateException if the builder is empty (an empty aggregate is not valid)
   */
  public AggregatedRecord build() {
    if (isEmpty()) {
      throw new IllegalStateException(
          "nothing to build: no user record was added since the last build");
    }
    int bodyLength = (int) bodyBytes;
    byte[] out = new byte[KplFormat.FRAMING_LENGTH + bodyLength];
    KplFormat.writeMagic(out);
    int pos = KplFormat.MAGIC_LENGTH;
    System.arraycopy(partitionKeyTable, 0, out, pos, partitionKeyTableLength);
    pos += partitionKeyTableLength;
    for (byte[] ehk : explicitHashKeys) {
      pos = ProtoWriter.writeLengthDelimited(out, pos, KplFormat.EXPLICIT_HASH_KEY_TABLE, ehk);
    }
    System.arraycopy(records, 0, out, pos, recordsLength);
    pos += recordsLength;
    if (pos != KplFormat.MAGIC_LENGTH + bodyLength) {
      throw new IllegalStateException(
          "encoded " + (pos - KplFormat.MAGIC_LENGTH) + " protobuf bytes, sized " + bodyLength);
    }
    Md5.digestInto(out, KplFormat.MAGIC_LENGTH, bodyLength, pos);
    String explicitHashKey =
        outerExplicitHashKey != null
            ? outerExplicitHashKey
            : HashKeys.ofPartitionKey(outerPartitionKey).toString();
    AggregatedRecord built = new AggregatedRecord(outerPartitionKey, explicitHashKey, out, count);
    clear();
    return built;
  }

  /** Drops every record added since the last build. */
  public void clear() {
    partitionKeyIndex.clear();
    partitionKeyTableLength = 0;
    partitionKeyCount = 0;
    explicitHashKeyIndex.clear();
    explicitHashKeys.clear();
    recordsLength = 0;
    count = 0;
    bodyBytes = 0;
    outerPartitionKey = null;
    outerPartitionKeyBytes = 0;
    outerExplicitHashKey = null;
  }

  /** Appends a partition key table field: UTF-8 {@code utf8}, or {@code pk} itself when ASCII. */
  private void addPartitionKey(String pk, byte[] utf8, int length) {
    int end = partitionKeyTableLength + (int) ProtoWriter.lengthDelimitedSize(length);
    if (end > partitionKeyTable.length) {
      partitionKeyTable =
          Arrays.copyOf(partitionKeyTable, Math.max(end, 2 * partitionKeyTable.length));
    }
    byte[] t = partitionKeyTable;
    int p = partitionKeyTableLength;
    t[p++] = (byte) KplFormat.PARTITION_KEY_TABLE;
    p = ProtoWriter.writeVarint(t, p, length);
    if (utf8 != null) {
      System.arraycopy(utf8, 0, t, p, length);
      p += length;
    } else {
      for (int i = 0; i < length; i++) {
        t[p++] = (byte) pk.charAt(i);
      }
    }
    partitionKeyTableLength = p;
    partitionKeyCount++;
  }

  /** The length of {@code s} when every char is ASCII (its UTF-8 length), else -1. */
  private static int asciiLength(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      if (s.charAt(i) >= 0x80) {
        return -1;
      }
    }
    return n;
  }

  private static int writeRecord(
      byte[] out, int pos, int recordSize, int pkIndex, int ehkIndex, byte[] bytes) {
    out[pos++] = (byte) KplFormat.RECORDS;
    pos = ProtoWriter.writeVarint(out, pos, recordSize);
    out[pos++] = (byte) KplFormat.PARTITION_KEY_INDEX;
    pos = ProtoWriter.writeVarint(out, pos, pkIndex);
    if (ehkIndex != NO_INDEX) {
      out[pos++] = (byte) KplFormat.EXPLICIT_HASH_KEY_INDEX;
      pos = ProtoWriter.writeVarint(out, pos, ehkIndex);
    }
    return ProtoWriter.writeLengthDelimited(out, pos, KplFormat.DATA, bytes);
  }

  /** Bytes of a serialized {@code Record} (without its own tag and length). */
  private static long recordSize(int pkIndex, int ehkIndex, int dataLength) {
    long size = 1 + ProtoWriter.varintSize(pkIndex);
    if (ehkIndex != NO_INDEX) {
      size += 1 + ProtoWriter.varintSize(ehkIndex);
    }
    return size + ProtoWriter.lengthDelimitedSize(dataLength);
  }

  private static void checkPartitionKeyLength(String pk) {
    if (pk.isEmpty() || pk.length() > MAX_PARTITION_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "partition key has "
              + pk.length()
              + " characters: Kinesis accepts 1 to "
              + MAX_PARTITION_KEY_LENGTH
              + (pk.isEmpty() ? "" : " (it starts with '" + pk.substring(0, 32) + "')"));
    }
  }

  private static void checkPartitionKeyText(String pk) {
    for (int i = 0; i < pk.length(); i++) {
      char c = pk.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < pk.length()
          && Character.isLowSurrogate(pk.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            "partition key '"
                + pk.replace(c, '?')
                + "' has an unpaired surrogate at index "
                + i
                + ": it is not Unicode text and would change in UTF-8");
      }
    }
  }
}
