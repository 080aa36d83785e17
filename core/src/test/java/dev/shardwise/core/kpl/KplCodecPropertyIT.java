package dev.shardwise.core.kpl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.core.kpl.Deaggregated.Records;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** decode(encode(x)) = x, counts conserved, limits kept: the codec's invariants. */
class KplCodecPropertyIT {

  @Property(tries = 300)
  void decodeOfBuild_isTheRecordsAdded(@ForAll("records") List<UserRecord> records) {
    // WHEN
    AggregatedRecord built = KplArbitraries.aggregate(records);

    // THEN
    assertThat(built.userRecordCount()).isEqualTo(records.size());
    assertThat(KplDecoder.deaggregate(built.data(), built.partitionKey(), built.explicitHashKey()))
        .isEqualTo(new Records(records, true));
  }

  @Property(tries = 300)
  void visitorAndListForms_agree(@ForAll("records") List<UserRecord> records) {
    AggregatedRecord built = KplArbitraries.aggregate(records);
    List<UserRecord> visited = new ArrayList<>();
    List<Integer> subSequences = new ArrayList<>();

    Optional<String> problem =
        KplDecoder.forEachUserRecord(
            built.data(),
            built.partitionKey(),
            built.explicitHashKey(),
            (seq, pk, ehk, buf, off, len) -> {
              subSequences.add(seq);
              visited.add(new UserRecord(pk, ehk, Arrays.copyOfRange(buf, off, off + len)));
            });

    assertThat(problem).isEmpty();
    assertThat(visited).isEqualTo(records);
    assertThat(subSequences).containsExactlyElementsOf(range(records.size()));
  }

  /**
   * A producer's loop: add until full, build, start again. Every user record comes out once, in
   * order; every aggregate keeps the limit; a record is refused by an empty builder only when it
   * cannot fit alone.
   */
  @Property(tries = 200)
  void splittingIntoAggregates_conservesRecordsAndKeepsTheLimit(
      @ForAll("records") List<UserRecord> records,
      @ForAll @IntRange(min = 256, max = 4096) int limit) {
    // GIVEN
    AggregateBuilder builder = new AggregateBuilder(limit);
    List<AggregatedRecord> built = new ArrayList<>();
    List<UserRecord> accepted = new ArrayList<>();
    List<UserRecord> tooLarge = new ArrayList<>();

    // WHEN
    for (UserRecord r : records) {
      if (builder.tryAdd(r)) {
        accepted.add(r);
        continue;
      }
      if (!builder.isEmpty()) {
        built.add(builder.build());
        if (builder.tryAdd(r)) {
          accepted.add(r);
          continue;
        }
      }
      tooLarge.add(r);
    }
    if (!builder.isEmpty()) {
      built.add(builder.build());
    }

    // THEN
    List<UserRecord> decoded = new ArrayList<>();
    for (AggregatedRecord a : built) {
      assertThat(a.sizeBytes()).isLessThanOrEqualTo(limit);
      Deaggregated d = KplDecoder.deaggregate(a.data(), a.partitionKey(), a.explicitHashKey());
      decoded.addAll(((Records) d).records());
    }
    assertThat(decoded).isEqualTo(accepted);
    assertThat(accepted.size() + tooLarge.size()).isEqualTo(records.size());
    for (UserRecord r : tooLarge) {
      AggregateBuilder alone = new AggregateBuilder(AggregateBuilder.LARGEST_MAX_AGGREGATE_BYTES);
      alone.tryAdd(r);
      assertThat(alone.sizeBytes()).isGreaterThan(limit);
    }
  }

  @Provide
  Arbitrary<List<UserRecord>> records() {
    return Arbitraries.oneOf(
        KplArbitraries.userRecords(20, 300), KplArbitraries.userRecords(1000, 40));
  }

  private static List<Integer> range(int n) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(i);
    }
    return out;
  }
}
