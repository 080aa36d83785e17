package dev.shardwise.core.kpl;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.kinesis.agg.AggRecord;
import dev.shardwise.core.kinesis.HashKeys;
import dev.shardwise.core.kpl.Deaggregated.Corrupt;
import dev.shardwise.core.kpl.Deaggregated.Records;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import software.amazon.kinesis.retrieval.AggregatorUtil;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * Our codec against real implementations: the KCL 3.x {@link AggregatorUtil} reads what we write,
 * we read what the independent {@code amazon-kinesis-aggregator} writes, and on mutated aggregates
 * we never accept what the KCL reads differently.
 */
class KplCrossCheckIT {

  @Property(tries = 300)
  void ourAggregates_areDeaggregatedByTheKclIntoTheSameRecords(
      @ForAll("records") List<UserRecord> records) {
    // GIVEN
    AggregatedRecord built = KplArbitraries.aggregate(records);

    // WHEN
    List<KinesisClientRecord> kcl =
        kclDeaggregate(built.data(), built.partitionKey(), built.explicitHashKey());

    // THEN
    assertThat(kcl).allMatch(KinesisClientRecord::aggregated);
    assertThat(kcl)
        .extracting(KinesisClientRecord::subSequenceNumber)
        .containsExactlyElementsOf(range(records.size()));
    assertThat(toUserRecords(kcl)).isEqualTo(records);
  }

  @Property(tries = 300)
  void independentAggregatorRecords_areDecodedByOursIntoTheSame(
      @ForAll("records") List<UserRecord> records) {
    // GIVEN an aggregate written by amazon-kinesis-aggregator (it gives every user record an
    // explicit hash key: the one passed, else the MD5 of the partition key)
    AggRecord agg = new AggRecord();
    List<UserRecord> expected = new ArrayList<>();
    for (UserRecord r : records) {
      assertThat(agg.addUserRecord(r.partitionKey(), r.explicitHashKey(), r.data())).isTrue();
      String ehk =
          r.explicitHashKey() != null
              ? r.explicitHashKey()
              : HashKeys.ofPartitionKey(r.partitionKey()).toString();
      expected.add(new UserRecord(r.partitionKey(), ehk, r.data()));
    }
    byte[] bytes = agg.toRecordBytes();

    // WHEN
    Deaggregated ours =
        KplDecoder.deaggregate(bytes, agg.getPartitionKey(), agg.getExplicitHashKey());

    // THEN ours, the aggregator's input and the KCL agree
    assertThat(ours).isEqualTo(new Records(expected, true));
    assertThat(
            toUserRecords(kclDeaggregate(bytes, agg.getPartitionKey(), agg.getExplicitHashKey())))
        .isEqualTo(expected);
  }

  /**
   * Mutated aggregates with a recomputed MD5 reach the protobuf parsers. Whatever we accept, the
   * KCL (protobuf-java) reads into the same records; whatever the KCL cannot parse, we reject. We
   * may reject more: see docs/kpl-format.md for where we are stricter.
   */
  @Property(tries = 2000)
  void resealedMutations_areNeverAcceptedDifferentlyFromTheKcl(
      @ForAll("records") List<UserRecord> records, @ForAll long seed) {
    // GIVEN
    AggregatedRecord built = KplArbitraries.aggregate(records);
    byte[] body = Mutations.mutate(Mutations.body(built.data()), new SplittableRandom(seed));
    byte[] mutated = ProtoBytes.seal(body);

    // WHEN
    Deaggregated ours = KplDecoder.deaggregate(mutated, "outer", null);
    List<KinesisClientRecord> kcl;
    try {
      kcl = kclDeaggregate(mutated, "outer", null);
    } catch (NoClassDefFoundError e) {
      // the KCL parsed the protobuf but failed on a record (index out of range, bad hash key) and
      // its error report needs javax.xml.bind, absent since Java 11: it did not accept the record
      assertThat(ours).isInstanceOf(Corrupt.class);
      Statistics.label("kcl").collect("failed on a record");
      return;
    }

    // THEN
    boolean kclParsed = kcl.isEmpty() || kcl.get(0).aggregated();
    Statistics.label("ours").collect(ours instanceof Records ? "accepted" : "corrupt");
    Statistics.label("kcl").collect(kclParsed ? "parsed" : "not an aggregate");
    if (ours instanceof Records decoded) {
      assertThat(kclParsed).as("KCL parsed what we accepted").isTrue();
      assertThat(toUserRecords(kcl)).isEqualTo(decoded.records());
    }
    if (!kclParsed) {
      assertThat(ours).isInstanceOf(Corrupt.class);
    }
  }

  @Provide
  Arbitrary<List<UserRecord>> records() {
    return Arbitraries.oneOf(
        KplArbitraries.userRecords(20, 300), KplArbitraries.userRecords(500, 40));
  }

  private static List<KinesisClientRecord> kclDeaggregate(byte[] data, String pk, String ehk) {
    KinesisClientRecord record =
        KinesisClientRecord.builder()
            .data(ByteBuffer.wrap(data))
            .partitionKey(pk)
            .explicitHashKey(ehk)
            .sequenceNumber("1")
            .build();
    return new AggregatorUtil().deaggregate(List.of(record));
  }

  private static List<UserRecord> toUserRecords(List<KinesisClientRecord> kcl) {
    List<UserRecord> out = new ArrayList<>();
    for (KinesisClientRecord r : kcl) {
      ByteBuffer data = r.data().duplicate();
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      out.add(new UserRecord(r.partitionKey(), r.explicitHashKey(), bytes));
    }
    return out;
  }

  private static List<Long> range(int n) {
    List<Long> out = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      out.add(i);
    }
    return out;
  }
}
