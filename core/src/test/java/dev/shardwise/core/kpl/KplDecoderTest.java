package dev.shardwise.core.kpl;

import static dev.shardwise.core.kpl.ProtoBytes.proto;
import static dev.shardwise.core.kpl.ProtoBytes.record;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.core.kpl.Deaggregated.Corrupt;
import dev.shardwise.core.kpl.Deaggregated.Records;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KplDecoderTest {

  private static final byte[] EVENT = "{\"schema\":1}".getBytes(UTF_8);

  @Test
  void plainRecord_isOneUserRecordWithTheOuterKeys() {
    // WHEN
    Deaggregated result = KplDecoder.deaggregate(EVENT, "device-1", "42");

    // THEN
    assertThat(result)
        .isEqualTo(new Records(List.of(new UserRecord("device-1", "42", EVENT)), false));
    assertThat(KplDecoder.isAggregated(EVENT)).isFalse();
  }

  @Test
  void recordsShorterThanTheMagic_arePlain() {
    for (int n = 0; n < 4; n++) {
      byte[] prefix = Arrays.copyOf(ProtoBytes.MAGIC, n);
      assertThat(KplDecoder.deaggregate(prefix, "pk", null))
          .isEqualTo(new Records(List.of(new UserRecord("pk", null, prefix)), false));
    }
  }

  @Test
  void aggregate_yieldsItsRecordsWithTheirKeysInOrder() {
    // GIVEN two keys, one explicit hash key, three records
    byte[] agg =
        proto()
            .string(1, "alpha")
            .string(1, "βeta")
            .string(2, "12345")
            .message(3, record(0, -1, "a".getBytes(UTF_8)))
            .message(3, record(1, 0, new byte[0]))
            .message(3, record(0, -1, "c".getBytes(UTF_8)))
            .sealed();

    // WHEN
    Deaggregated result = KplDecoder.deaggregate(agg, "outer", "999");

    // THEN
    assertThat(KplDecoder.isAggregated(agg)).isTrue();
    assertThat(result)
        .isEqualTo(
            new Records(
                List.of(
                    new UserRecord("alpha", null, "a".getBytes(UTF_8)),
                    new UserRecord("βeta", "12345", new byte[0]),
                    new UserRecord("alpha", null, "c".getBytes(UTF_8))),
                true));
  }

  @Test
  void tablesInterleavedWithRecords_areReadWhole() {
    // GIVEN a record that refers to a key written after it (protobuf allows any field order)
    byte[] agg =
        proto().message(3, record(1, -1, EVENT)).string(1, "first").string(1, "second").sealed();

    assertThat(records(KplDecoder.deaggregate(agg, "outer", null)))
        .containsExactly(new UserRecord("second", null, EVENT));
  }

  @Test
  void unknownFieldsOfEveryWireType_andTags_areSkipped() {
    // GIVEN unknown fields in AggregatedRecord and Record, and a tag with key and value
    ProtoBytes rec =
        record(0, -1, EVENT)
            .tag(9, 1)
            .raw(1, 2, 3, 4, 5, 6, 7, 8)
            .tag(10, 5)
            .raw(1, 2, 3, 4)
            .message(4, proto().string(1, "k").string(2, "v"))
            .tag(11, 3)
            .uint(1, 7)
            .tag(11, 4);
    byte[] agg =
        proto()
            .uint(15, 300)
            .string(1, "pk")
            .bytes(16, new byte[] {1, 2})
            .message(3, rec)
            .tag(17, 3)
            .tag(18, 3)
            .tag(18, 4)
            .tag(17, 4)
            .sealed();

    assertThat(records(KplDecoder.deaggregate(agg, "outer", null)))
        .containsExactly(new UserRecord("pk", null, EVENT));
  }

  @Test
  void repeatedScalarInRecord_lastValueWins() {
    byte[] agg =
        proto()
            .string(1, "zero")
            .string(1, "one")
            .message(3, record(0, -1, "old".getBytes(UTF_8)).uint(1, 1).bytes(3, EVENT))
            .sealed();

    assertThat(records(KplDecoder.deaggregate(agg, "outer", null)))
        .containsExactly(new UserRecord("one", null, EVENT));
  }

  @Test
  void badMd5_isCorrupt() {
    byte[] agg = proto().string(1, "pk").message(3, record(0, -1, EVENT)).sealed();
    agg[agg.length - 1] ^= 1;

    assertThat(corruptMessage(agg)).contains("MD5");
  }

  @Test
  void tooShortForTheMd5Trailer_isCorrupt() {
    byte[] agg = Arrays.copyOf(ProtoBytes.MAGIC, 12);

    assertThat(corruptMessage(agg)).contains("truncated aggregate").contains("12 bytes");
  }

  @Test
  void zeroRecords_isCorrupt() {
    assertThat(corruptMessage(proto().string(1, "pk").sealed())).contains("no user records");
    assertThat(corruptMessage(proto().sealed())).contains("no user records");
  }

  @Test
  void partitionKeyIndexOutOfRange_isCorruptAndNamesTheRecord() {
    byte[] agg =
        proto()
            .string(1, "pk")
            .message(3, record(0, -1, EVENT))
            .message(3, record(1, -1, EVENT))
            .sealed();

    assertThat(corruptMessage(agg))
        .contains("record 1")
        .contains("partition_key_index 1")
        .contains("(1 entry)");
  }

  @Test
  void explicitHashKeyIndexOutOfRange_isCorrupt() {
    byte[] agg = proto().string(1, "pk").message(3, record(0, 0, EVENT)).sealed();

    assertThat(corruptMessage(agg)).contains("explicit_hash_key_index 0").contains("(0 entries)");
  }

  @Test
  void hugeIndex_isOutOfRangeNotNegative() {
    byte[] agg = proto().string(1, "pk").message(3, record(-1, -1, EVENT).uint(1, -1L)).sealed();

    assertThat(corruptMessage(agg)).contains("18446744073709551615");
  }

  @Test
  void missingRequiredFields_areCorrupt() {
    assertThat(corruptMessage(proto().string(1, "pk").message(3, record(-1, -1, EVENT)).sealed()))
        .contains("lacks required field partition_key_index");
    assertThat(corruptMessage(proto().string(1, "pk").message(3, record(0, -1, null)).sealed()))
        .contains("lacks required field data");
    assertThat(
            corruptMessage(
                proto()
                    .string(1, "pk")
                    .message(3, record(0, -1, EVENT).message(4, proto().string(2, "v")))
                    .sealed()))
        .contains("lacks required field key");
  }

  @Test
  void lengthRunningPastTheEnd_isTruncated() {
    // GIVEN a records field that declares 200 bytes but holds 3
    byte[] agg = proto().string(1, "pk").tag(3, 2).varint(200).raw(8, 0, 26).sealed();

    assertThat(corruptMessage(agg)).contains("truncated protobuf").contains("declares 200 bytes");
  }

  @Test
  void dataRunningPastItsRecord_isTruncated() {
    // GIVEN a Record whose data length exceeds the record (but not the aggregate)
    ProtoBytes rec = proto().uint(1, 0).tag(3, 2).varint(5).raw('a', 'b');
    byte[] agg = proto().string(1, "pk").message(3, rec).string(1, "padding-padding").sealed();

    assertThat(corruptMessage(agg)).contains("data").contains("declares 5 bytes");
  }

  @Test
  void malformedVarints_areCorrupt() {
    byte[] elevenBytes =
        proto()
            .string(1, "pk")
            .tag(15, 0)
            .raw(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0)
            .message(3, record(0, -1, EVENT))
            .sealed();
    byte[] overflow =
        proto()
            .string(1, "pk")
            .tag(15, 0)
            .raw(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02)
            .message(3, record(0, -1, EVENT))
            .sealed();
    byte[] unterminated =
        proto().string(1, "pk").message(3, record(0, -1, EVENT)).raw(0x80).sealed();

    assertThat(corruptMessage(elevenBytes)).contains("longer than 10 bytes");
    assertThat(corruptMessage(overflow)).contains("exceeds 64 bits");
    assertThat(corruptMessage(unterminated)).contains("runs past the end");
  }

  @Test
  void invalidTagsAndWireTypes_areCorrupt() {
    byte[] fieldZero =
        proto().string(1, "pk").message(3, record(0, -1, EVENT)).raw(0x02, 0).sealed();
    byte[] wireType6 = proto().string(1, "pk").message(3, record(0, -1, EVENT)).tag(20, 6).sealed();
    byte[] strayEndGroup =
        proto().string(1, "pk").message(3, record(0, -1, EVENT)).tag(20, 4).sealed();
    byte[] unclosedGroup =
        proto().string(1, "pk").message(3, record(0, -1, EVENT)).tag(20, 3).sealed();
    byte[] mismatchedGroup =
        proto().string(1, "pk").message(3, record(0, -1, EVENT)).tag(20, 3).tag(21, 4).sealed();

    assertThat(corruptMessage(fieldZero)).contains("invalid field tag");
    assertThat(corruptMessage(wireType6)).contains("invalid wire type 6");
    assertThat(corruptMessage(strayEndGroup)).contains("closes no open group");
    assertThat(corruptMessage(unclosedGroup)).contains("never closed");
    assertThat(corruptMessage(mismatchedGroup)).contains("closed by the end-group tag of field 21");
  }

  @Test
  void deeplyNestedGroups_areCorruptNotAStackOverflow() {
    ProtoBytes body = proto().string(1, "pk").message(3, record(0, -1, EVENT));
    for (int i = 0; i < 100_000; i++) {
      body.tag(20, 3);
    }

    assertThat(corruptMessage(body.sealed())).contains("nested deeper");
  }

  @Test
  void keysThatAreNotUtf8_orHashKeysThatAreNotDecimal_areCorrupt() {
    byte[] badPk =
        proto().bytes(1, new byte[] {'a', (byte) 0xC3}).message(3, record(0, -1, EVENT)).sealed();
    byte[] badEhk =
        proto().string(1, "pk").string(2, "0x1F").message(3, record(0, 0, EVENT)).sealed();
    byte[] ehkTooLarge =
        proto()
            .string(1, "pk")
            .string(2, "340282366920938463463374607431768211456")
            .message(3, record(0, 0, EVENT))
            .sealed();

    assertThat(corruptMessage(badPk)).contains("partition_key_table entry 0").contains("UTF-8");
    assertThat(corruptMessage(badEhk)).contains("explicit_hash_key_table entry 0").contains("0x1F");
    assertThat(corruptMessage(ehkTooLarge)).contains("explicit_hash_key_table entry 0");
  }

  @Test
  void visitor_seesSlicesOfTheRecordWithSubSequenceNumbers() {
    // GIVEN
    byte[] agg =
        proto()
            .string(1, "a")
            .string(2, "7")
            .message(3, record(0, -1, "x".getBytes(UTF_8)))
            .message(3, record(0, 0, "yz".getBytes(UTF_8)))
            .sealed();
    List<String> seen = new ArrayList<>();

    // WHEN
    Optional<String> problem =
        KplDecoder.forEachUserRecord(
            agg,
            "outer",
            null,
            (seq, pk, ehk, buf, off, len) ->
                seen.add(seq + " " + pk + " " + ehk + " " + new String(buf, off, len, UTF_8)));

    // THEN
    assertThat(problem).isEmpty();
    assertThat(seen).containsExactly("0 a null x", "1 a 7 yz");
  }

  @Test
  void visitor_ofPlainRecord_getsSubSequenceMinusOne() {
    List<String> seen = new ArrayList<>();

    Optional<String> problem =
        KplDecoder.forEachUserRecord(
            EVENT,
            "pk",
            "5",
            (seq, pk, ehk, buf, off, len) -> seen.add(seq + " " + pk + " " + ehk + " " + len));

    assertThat(problem).isEmpty();
    assertThat(seen).containsExactly("-1 pk 5 " + EVENT.length);
  }

  @Test
  void visitor_ofCorruptAggregate_isNeverCalled() {
    // GIVEN a good first record and a bad second one
    byte[] agg =
        proto()
            .string(1, "pk")
            .message(3, record(0, -1, EVENT))
            .message(3, record(3, -1, EVENT))
            .sealed();
    List<Integer> seen = new ArrayList<>();

    Optional<String> problem =
        KplDecoder.forEachUserRecord(
            agg, "pk", null, (seq, pk, ehk, buf, off, len) -> seen.add(seq));

    assertThat(problem).hasValueSatisfying(m -> assertThat(m).contains("record 1"));
    assertThat(seen).isEmpty();
  }

  private static List<UserRecord> records(Deaggregated result) {
    assertThat(result).isInstanceOf(Records.class);
    Records records = (Records) result;
    assertThat(records.aggregated()).isTrue();
    return records.records();
  }

  private static String corruptMessage(byte[] data) {
    Deaggregated result = KplDecoder.deaggregate(data, "outer", null);
    assertThat(result).isInstanceOf(Corrupt.class);
    return ((Corrupt) result).message();
  }
}
