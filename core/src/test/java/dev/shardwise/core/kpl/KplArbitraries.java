package dev.shardwise.core.kpl;

import dev.shardwise.core.kinesis.HashKeys;
import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of user records in many shapes, shared by the KPL property tests. */
final class KplArbitraries {
  private KplArbitraries() {}

  /**
   * Partition keys Kinesis accepts: 1 to 128 code points (at most 256 UTF-16 chars), mostly ASCII,
   * also control characters, the rest of the BMP and supplementary planes (emoji), no lone
   * surrogates.
   */
  static Arbitrary<String> partitionKeys() {
    Arbitrary<Integer> codePoint =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(8, Arbitraries.integers().between(0x21, 0x7E)),
            net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0x00, 0x7F)),
            net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x80, 0xD7FF)),
            net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0xE000, 0xFFFF)),
            net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10FFFF)));
    return codePoint
        .list()
        .ofMinSize(1)
        .ofMaxSize(128)
        .map(cps -> new String(cps.stream().mapToInt(Integer::intValue).toArray(), 0, cps.size()));
  }

  /** Explicit hash keys: mostly none, else anything in [0, 2^128 - 1] including both ends. */
  static Arbitrary<String> explicitHashKeys() {
    return Arbitraries.bigIntegers()
        .between(BigInteger.ZERO, HashKeys.MAX)
        .edgeCases(c -> c.includeOnly(BigInteger.ZERO, HashKeys.MAX))
        .map(BigInteger::toString)
        .injectNull(0.6);
  }

  /** Payloads of 0 to {@code maxBytes} bytes, often empty. */
  static Arbitrary<byte[]> data(int maxBytes) {
    return Arbitraries.oneOf(
        Arbitraries.just(new byte[0]),
        Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(maxBytes));
  }

  /** 1 to {@code maxRecords} user records whose keys come from a small pool, so keys repeat. */
  static Arbitrary<List<UserRecord>> userRecords(int maxRecords, int maxBytes) {
    return partitionKeys()
        .list()
        .ofMinSize(1)
        .ofMaxSize(8)
        .flatMap(
            pool ->
                Combinators.combine(Arbitraries.of(pool), explicitHashKeys(), data(maxBytes))
                    .as(UserRecord::new)
                    .list()
                    .ofMinSize(1)
                    .ofMaxSize(maxRecords));
  }

  /** Builds one aggregate of all {@code records} (which must fit 1 MiB). */
  static AggregatedRecord aggregate(List<UserRecord> records) {
    AggregateBuilder builder = new AggregateBuilder();
    for (UserRecord r : records) {
      if (!builder.tryAdd(r)) {
        throw new IllegalArgumentException("records do not fit one aggregate");
      }
    }
    return builder.build();
  }
}
