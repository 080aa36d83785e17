package dev.shardwise.core.kpl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.core.kpl.Deaggregated.Corrupt;
import dev.shardwise.core.kpl.Deaggregated.Records;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Any bytes decode or are rejected; nothing throws, and the visitor form always agrees with the
 * list form.
 */
class KplDecoderFuzzIT {

  @Property(tries = 1000)
  void anyBytes_decodeOrAreRejected(@ForAll @Size(max = 600) byte[] data) {
    Deaggregated result = decodeBothWays(data);

    if (!KplDecoder.isAggregated(data)) {
      assertThat(result).isEqualTo(new Records(List.of(new UserRecord("pk", null, data)), false));
    }
  }

  @Property(tries = 1000)
  void magicThenAnyBytes_decodeOrAreRejected(@ForAll @Size(max = 600) byte[] rest) {
    decodeBothWays(concat(ProtoBytes.MAGIC, rest));
  }

  @Property(tries = 1000)
  void anyBodyWithAValidMd5_decodesOrIsRejected(@ForAll @Size(max = 600) byte[] body) {
    decodeBothWays(ProtoBytes.seal(body));
  }

  @Property(tries = 1000)
  void resealedMutationsOfValidAggregates_decodeOrAreRejected(
      @ForAll("aggregates") AggregatedRecord built, @ForAll long seed) {
    byte[] body = Mutations.mutate(Mutations.body(built.data()), new SplittableRandom(seed));

    decodeBothWays(ProtoBytes.seal(body));
  }

  @Property(tries = 300)
  void everyTruncationOfAValidAggregate_isCorrupt_orPlainWhenTheMagicIsCut(
      @ForAll("aggregates") AggregatedRecord built) {
    byte[] data = built.data();
    for (int length = 0; length < data.length; length++) {
      byte[] truncated = Arrays.copyOf(data, length);

      Deaggregated result = decodeBothWays(truncated);

      if (length < 4) {
        assertThat(result).isInstanceOf(Records.class);
        assertThat(((Records) result).aggregated()).isFalse();
      } else {
        assertThat(result).isInstanceOf(Corrupt.class);
      }
    }
  }

  @Property(tries = 1000)
  void bitFlipOfAValidAggregate_isCorrupt_orPlainWhenTheMagicIsHit(
      @ForAll("aggregates") AggregatedRecord built, @ForAll long seed) {
    // GIVEN one flipped bit anywhere: magic, protobuf or MD5
    SplittableRandom random = new SplittableRandom(seed);
    byte[] data = built.data().clone();
    int at = random.nextInt(data.length);
    data[at] ^= (byte) (1 << random.nextInt(8));

    // WHEN
    Deaggregated result = decodeBothWays(data);

    // THEN the MD5 catches it, unless the magic is gone and the bytes are a plain record
    if (at < 4) {
      assertThat(result).isEqualTo(new Records(List.of(new UserRecord("pk", null, data)), false));
    } else {
      assertThat(result).isInstanceOf(Corrupt.class);
      assertThat(((Corrupt) result).message()).contains("MD5");
    }
  }

  @Provide
  Arbitrary<AggregatedRecord> aggregates() {
    return KplArbitraries.userRecords(20, 100).map(KplArbitraries::aggregate);
  }

  /** Decodes with both forms; checks they agree and that a reason is never blank. */
  private static Deaggregated decodeBothWays(byte[] data) {
    Deaggregated result = KplDecoder.deaggregate(data, "pk", null);
    List<UserRecord> visited = new ArrayList<>();
    Optional<String> problem =
        KplDecoder.forEachUserRecord(
            data,
            "pk",
            null,
            (seq, pk, ehk, buf, off, len) ->
                visited.add(new UserRecord(pk, ehk, Arrays.copyOfRange(buf, off, off + len))));
    if (result instanceof Corrupt corrupt) {
      assertThat(corrupt.message()).isNotBlank();
      assertThat(problem).contains(corrupt.message());
      assertThat(visited).isEmpty();
    } else {
      assertThat(problem).isEmpty();
      assertThat(visited).isEqualTo(((Records) result).records());
      assertThat(visited).isNotEmpty();
    }
    return result;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
