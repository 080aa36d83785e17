package dev.shardwise.core.testing;

import dev.shardwise.core.event.Event;
import dev.shardwise.core.testing.Mutations.Mutation;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik generators of near-valid records: {@link #broken()} breaks exactly one rule of a valid
 * event (the expected reason is known); {@link #mangled()} damages valid events' bytes at random
 * (any verdict, but the decoder must not throw).
 */
public final class BrokenEvents {

  private static final List<Mutation> MUTATIONS = Mutations.all();

  private BrokenEvents() {}

  /** Records that break one rule each, over every mutation in {@link Mutations#all()}. */
  public static Arbitrary<BrokenEvent> broken() {
    return from(MUTATIONS);
  }

  /** Only the breakages a JSON Schema validator can see (see {@link BrokenEvent#schemaCanTell}). */
  public static Arbitrary<BrokenEvent> schemaVisible() {
    return from(MUTATIONS.stream().filter(Mutation::schemaCanTell).toList());
  }

  /** Records from one mutation's breakage of {@code base}, for examples. */
  public static BrokenEvent apply(Mutation mutation, Event base, long seed) {
    return mutation.apply(base, new Random(seed));
  }

  private static Arbitrary<BrokenEvent> from(List<Mutation> mutations) {
    return Combinators.combine(
            Arbitraries.of(mutations), EventArbitraries.events(), Arbitraries.longs())
        .filter((m, e, seed) -> m.appliesTo().test(e))
        .as((m, e, seed) -> m.apply(e, new Random(seed)));
  }

  /**
   * Valid events' bytes with random damage: bytes flipped, removed, inserted or repeated, the
   * record cut; and plain random bytes.
   */
  public static Arbitrary<byte[]> mangled() {
    Arbitrary<byte[]> damaged =
        Combinators.combine(
                EventArbitraries.events(),
                Arbitraries.longs(),
                Arbitraries.integers().between(1, 3))
            .as(
                (e, seed, edits) ->
                    damage(
                        RawEvent.variant(e, new Random(seed)).bytes(), new Random(~seed), edits));
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    return Arbitraries.frequencyOf(Tuple.of(4, damaged), Tuple.of(1, random));
  }

  private static byte[] damage(byte[] b, Random r, int edits) {
    for (int i = 0; i < edits && b.length > 0; i++) {
      int at = r.nextInt(b.length);
      switch (r.nextInt(5)) {
        case 0 -> b[at] = (byte) r.nextInt(256);
        case 1 -> b = concat(Arrays.copyOfRange(b, 0, at), Arrays.copyOfRange(b, at + 1, b.length));
        case 2 -> b = Mutations.concat(b, at, new byte[] {(byte) pickByte(r)});
        case 3 ->
            b =
                Mutations.concat(
                    b, at, Arrays.copyOfRange(b, at, Math.min(b.length, at + 1 + r.nextInt(20))));
        default -> b = Arrays.copyOf(b, at);
      }
    }
    return b;
  }

  private static int pickByte(Random r) {
    String structural = "{}[]\":,\\ -0123456789.eEtfn";
    return r.nextInt(3) == 0 ? r.nextInt(256) : structural.charAt(r.nextInt(structural.length()));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
