package dev.shardwise.core.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HashKeysTest {

  @Test
  void ofPartitionKey_isTheMd5AsUnsigned128BitInteger() {
    // RFC 1321 test vectors
    assertThat(HashKeys.ofPartitionKey(""))
        .isEqualTo(new BigInteger("d41d8cd98f00b204e9800998ecf8427e", 16));
    assertThat(HashKeys.ofPartitionKey("abc"))
        .isEqualTo(new BigInteger("900150983cd24fb0d6963f7d28e17f72", 16));
  }

  @Test
  void ofPartitionKey_hashesUtf8() {
    // "é" is C3 A9 in UTF-8; MD5(C3 A9) is not MD5 of the Latin-1 byte E9
    assertThat(HashKeys.ofPartitionKey("é"))
        .isNotEqualTo(new BigInteger(1, new byte[] {(byte) 0xE9}))
        .isEqualTo(
            HashKeys.ofPartitionKey(
                new String(
                    new byte[] {(byte) 0xC3, (byte) 0xA9},
                    java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(HashKeys.ofPartitionKey("é").signum()).isPositive();
  }

  @Test
  void max_is2Pow128Minus1() {
    assertThat(HashKeys.MAX.toString()).isEqualTo("340282366920938463463374607431768211455");
    assertThat(HashKeys.MAX.bitLength()).isEqualTo(128);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0",
        "1",
        "42",
        "340282366920938463463374607431768211455",
        "99999999999999999999999999999999999999"
      })
  void parseExplicitHashKey_acceptsDecimalsUpToMax(String ehk) {
    assertThat(HashKeys.parseExplicitHashKey(ehk)).isEqualTo(new BigInteger(ehk));
    assertThat(HashKeys.isValidExplicitHashKey(ehk)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "-1",
        "+1",
        "01",
        " 1",
        "1 ",
        "1e5",
        "0x10",
        "١٢٣",
        "340282366920938463463374607431768211456",
        "999999999999999999999999999999999999999",
        "1000000000000000000000000000000000000000"
      })
  void parseExplicitHashKey_rejectsAnythingElseWithAReason(String ehk) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HashKeys.parseExplicitHashKey(ehk))
        .withMessageContaining("explicit hash key");
    assertThat(HashKeys.isValidExplicitHashKey(ehk)).isFalse();
  }

  @Test
  void parseExplicitHashKey_rejectsNull() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HashKeys.parseExplicitHashKey(null))
        .withMessageContaining("null");
  }

  @Test
  void effectiveHashKey_prefersTheExplicitHashKey() {
    assertThat(HashKeys.effectiveHashKey("abc", "7")).isEqualTo(BigInteger.valueOf(7));
    assertThat(HashKeys.effectiveHashKey("abc", null)).isEqualTo(HashKeys.ofPartitionKey("abc"));
  }
}
