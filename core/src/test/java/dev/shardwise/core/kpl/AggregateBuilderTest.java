package dev.shardwise.core.kpl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.shardwise.core.kinesis.HashKeys;
import dev.shardwise.core.kpl.Deaggregated.Records;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AggregateBuilderTest {

  @Test
  void build_writesAnAggregateThatDecodesToTheRecordsAdded() {
    // GIVEN
    AggregateBuilder builder = new AggregateBuilder();
    List<UserRecord> added =
        List.of(
            new UserRecord("device-1", null, "one".getBytes(UTF_8)),
            new UserRecord("device-2", "123", new byte[0]),
            new UserRecord("device-1", null, "three".getBytes(UTF_8)));
    added.forEach(r -> assertThat(builder.tryAdd(r)).isTrue());

    // WHEN
    AggregatedRecord built = builder.build();

    // THEN
    assertThat(built.userRecordCount()).isEqualTo(3);
    assertThat(KplDecoder.deaggregate(built.data(), built.partitionKey(), built.explicitHashKey()))
        .isEqualTo(new Records(added, true));
  }

  @Test
  void build_manyDistinctKeys_asciiAndNot_decodeToTheRecordsAdded_atTheSizeItReported() {
    // GIVEN more distinct keys than the key table's first buffer holds, some of them not ASCII
    AggregateBuilder builder = new AggregateBuilder();
    List<UserRecord> added = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      String key =
          switch (i % 4) {
            case 0 -> "device-" + i;
            case 1 -> "gerät-" + i;
            case 2 -> "\uD83D\uDE00-" + i; // a surrogate pair: 4 UTF-8 bytes
            default -> "device-" + (i - 3); // a key seen before
          };
      UserRecord r = new UserRecord(key, null, ("payload " + i).getBytes(UTF_8));
      assertThat(builder.tryAdd(r)).isTrue();
      added.add(r);
    }
    int reported = builder.sizeBytes();

    // WHEN
    AggregatedRecord built = builder.build();

    // THEN
    assertThat(KplDecoder.deaggregate(built.data(), built.partitionKey(), built.explicitHashKey()))
        .isEqualTo(new Records(added, true));
    assertThat(reported)
        .isEqualTo(built.data().length + built.partitionKey().getBytes(UTF_8).length);
  }

  @Test
  void build_aNonAsciiFirstKey_isTheOuterKey_countedInUtf8Bytes() {
    AggregateBuilder builder = new AggregateBuilder();
    assertThat(builder.tryAdd("größe", "a".getBytes(UTF_8))).isTrue();
    assertThat(builder.tryAdd("x", "b".getBytes(UTF_8))).isTrue();
    int reported = builder.sizeBytes();
    AggregatedRecord built = builder.build();
    assertThat(built.partitionKey()).isEqualTo("größe");
    assertThat(reported).isEqualTo(built.data().length + "größe".getBytes(UTF_8).length);
    assertThat(built.explicitHashKey()).isEqualTo(HashKeys.ofPartitionKey("größe").toString());
  }

  @Test
  void build_routesByTheFirstRecordsEffectiveHashKey() {
    AggregateBuilder builder = new AggregateBuilder();
    builder.tryAdd(new UserRecord("device-1", null, new byte[1]));
    builder.tryAdd(new UserRecord("device-2", null, new byte[1]));

    AggregatedRecord built = builder.build();

    assertThat(built.partitionKey()).isEqualTo("device-1");
    assertThat(built.explicitHashKey()).isEqualTo(HashKeys.ofPartitionKey("device-1").toString());
  }

  @Test
  void build_routesByTheFirstRecordsExplicitHashKeyWhenItHasOne() {
    AggregateBuilder builder = new AggregateBuilder();
    builder.tryAdd(new UserRecord("device-1", "77", new byte[1]));

    assertThat(builder.build().explicitHashKey()).isEqualTo("77");
  }

  @Test
  void sizeBytes_isExactlyDataPlusPartitionKey() {
    // GIVEN records with repeated and new keys, some explicit hash keys, data of growing size
    List<UserRecord> records = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      records.add(
          new UserRecord(
              "dévice-" + (i % 17),
              i % 5 == 0 ? String.valueOf(i * 1000L) : null,
              new byte[i * 3]));
    }
    for (int n = 1; n <= records.size(); n++) {
      AggregateBuilder builder = new AggregateBuilder();
      records.subList(0, n).forEach(builder::tryAdd);

      // WHEN
      int predicted = builder.sizeBytes();
      AggregatedRecord built = builder.build();

      // THEN
      assertThat(built.data().length + "dévice-0".getBytes(UTF_8).length).isEqualTo(predicted);
      assertThat(built.sizeBytes()).isEqualTo(predicted);
    }
  }

  @Test
  void tryAdd_refusesARecordThatWouldExceedTheLimit_andTheBuiltRecordStaysWithinIt() {
    // GIVEN a 1000-byte limit and 100-byte records
    AggregateBuilder builder = new AggregateBuilder(1000);
    int added = 0;
    while (builder.tryAdd(new UserRecord("pk", null, new byte[100]))) {
      added++;
    }
    int sizeWhenFull = builder.sizeBytes();

    // THEN the next one does not fit, and the aggregate is within the limit
    assertThat(added).isEqualTo(builder.count()).isPositive();
    assertThat(sizeWhenFull).isLessThanOrEqualTo(1000).isGreaterThan(1000 - 105);
    AggregatedRecord built = builder.build();
    assertThat(built.sizeBytes()).isEqualTo(sizeWhenFull);
    assertThat(builder.isEmpty()).isTrue();
  }

  @Test
  void tryAdd_onAnEmptyBuilder_refusesARecordLargerThanTheLimit() {
    AggregateBuilder builder = new AggregateBuilder(1000);

    assertThat(builder.tryAdd(new UserRecord("pk", null, new byte[1000]))).isFalse();
    assertThat(builder.isEmpty()).isTrue();
    assertThat(builder.sizeBytes()).isZero();
  }

  @Test
  void build_resetsTheBuilder() {
    AggregateBuilder builder = new AggregateBuilder();
    builder.tryAdd(new UserRecord("first", null, "a".getBytes(UTF_8)));
    builder.build();

    builder.tryAdd(new UserRecord("second", null, "b".getBytes(UTF_8)));
    AggregatedRecord second = builder.build();

    assertThat(second.partitionKey()).isEqualTo("second");
    assertThat(second.userRecordCount()).isEqualTo(1);
    assertThat(KplDecoder.deaggregate(second.data(), "second", null))
        .isEqualTo(new Records(List.of(new UserRecord("second", null, "b".getBytes(UTF_8))), true));
  }

  @Test
  void tryAddOfKeyAndData_buildsTheSameBytesAsTryAddOfUserRecords_acrossManyBuilds() {
    // GIVEN the same records (repeated keys, more keys than one table holds) added both ways
    AggregateBuilder withRecords = new AggregateBuilder(4096);
    AggregateBuilder withKeys = new AggregateBuilder(4096);
    List<AggregatedRecord> a = new ArrayList<>();
    List<AggregatedRecord> b = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      String key = "device-" + (i * 7919 % 611);
      byte[] data = ("event " + i).getBytes(UTF_8);
      // WHEN
      if (!withRecords.tryAdd(new UserRecord(key, null, data))) {
        a.add(withRecords.build());
        withRecords.tryAdd(new UserRecord(key, null, data));
      }
      if (!withKeys.tryAdd(key, data)) {
        b.add(withKeys.build());
        withKeys.tryAdd(key, data);
      }
    }
    a.add(withRecords.build());
    b.add(withKeys.build());

    // THEN
    assertThat(b).isEqualTo(a).hasSizeGreaterThan(10);
    int records = 0;
    for (AggregatedRecord r : b) {
      Records decoded = (Records) KplDecoder.deaggregate(r.data(), r.partitionKey(), null);
      records += decoded.records().size();
    }
    assertThat(records).isEqualTo(3000);
  }

  @Test
  void build_ofAnEmptyBuilder_fails() {
    assertThatIllegalStateException()
        .isThrownBy(() -> new AggregateBuilder().build())
        .withMessageContaining("nothing to build");
  }

  @Test
  void tryAdd_rejectsWhatKinesisWouldRefuse() {
    AggregateBuilder builder = new AggregateBuilder();

    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.tryAdd(new UserRecord("", null, new byte[1])))
        .withMessageContaining("partition key has 0 characters");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.tryAdd(new UserRecord("x".repeat(257), null, new byte[1])))
        .withMessageContaining("257 characters");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.tryAdd(new UserRecord("a\uD800b", null, new byte[1])))
        .withMessageContaining("unpaired surrogate at index 1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.tryAdd(new UserRecord("pk", "-5", new byte[1])))
        .withMessageContaining("explicit hash key '-5'");
    assertThat(builder.isEmpty()).isTrue();
    assertThat(builder.tryAdd(new UserRecord("😀".repeat(128), null, new byte[1]))).isTrue();
  }

  @Test
  void constructor_rejectsALimitOutsideWhatKinesisAllows() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new AggregateBuilder(100))
        .withMessageContaining("maxAggregateBytes is 100");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new AggregateBuilder(10 * 1024 * 1024 + 1))
        .withMessageContaining("maxAggregateBytes");
  }

  @Test
  void clear_dropsTheRecords() {
    AggregateBuilder builder = new AggregateBuilder();
    builder.tryAdd(new UserRecord("pk", null, new byte[10]));

    builder.clear();

    assertThat(builder.isEmpty()).isTrue();
    assertThat(builder.count()).isZero();
    assertThat(builder.sizeBytes()).isZero();
  }
}
