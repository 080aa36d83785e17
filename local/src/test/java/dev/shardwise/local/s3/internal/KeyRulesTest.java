package dev.shardwise.local.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class KeyRulesTest {

  @Test
  void bucketNames_followS3sRules() {
    for (String ok :
        new String[] {"abc", "my-bucket.logs", "a1b2c3", "x".repeat(63), "shardwise-archive"}) {
      assertThat(KeyRules.isValidBucketName(ok)).as(ok).isTrue();
    }
    for (String bad :
        new String[] {
          "ab",
          "x".repeat(64),
          "Upper",
          "under_score",
          "-start",
          "end-",
          "a..b",
          "192.168.1.1",
          "xn--abc",
          "sthree-x",
          "x-s3alias",
          "x--ol-s3",
          ".s3meta",
          "",
          null
        }) {
      assertThat(KeyRules.isValidBucketName(bad)).as(String.valueOf(bad)).isFalse();
    }
  }

  @Test
  void keyProblems_nameTheReason() {
    assertThat(KeyRules.keyProblem("a/b c/d+e%f", StandardCharsets.UTF_8)).isNull();
    assertThat(KeyRules.keyProblem("", StandardCharsets.UTF_8)).contains("empty");
    assertThat(KeyRules.keyProblem("a//b", StandardCharsets.UTF_8)).contains("empty path segment");
    assertThat(KeyRules.keyProblem("a/", StandardCharsets.UTF_8)).contains("empty path segment");
    assertThat(KeyRules.keyProblem("a/./b", StandardCharsets.UTF_8)).contains("'.'");
    assertThat(KeyRules.keyProblem("../b", StandardCharsets.UTF_8)).contains("'..'");
    assertThat(KeyRules.keyProblem("a\0", StandardCharsets.UTF_8)).contains("NUL");
    assertThat(KeyRules.keyProblem("a/.shardwise-tmp-1", StandardCharsets.UTF_8))
        .contains("reserved");
    assertThat(KeyRules.keyProblem("é".repeat(128), StandardCharsets.UTF_8)).contains("255 bytes");
    assertThat(KeyRules.keyProblem("é".repeat(127), StandardCharsets.UTF_8)).isNull();
    assertThat(KeyRules.keyProblem("\uD800", StandardCharsets.UTF_8)).contains("surrogate");
    assertThat(KeyRules.keyProblem("a/".repeat(512) + "b", StandardCharsets.UTF_8))
        .contains("1024");
  }

  @Test
  void aNonUtf8FileSystemEncoding_refusesKeysItCannotRepresent_withTheFix() {
    assertThat(KeyRules.keyProblem("plain/ascii.txt", StandardCharsets.US_ASCII)).isNull();
    assertThat(KeyRules.keyProblem("naïve", StandardCharsets.US_ASCII))
        .contains("US-ASCII")
        .contains("LANG=C.UTF-8");
  }

  @Property(tries = 500)
  void compareUtf8_ordersAsTheUtf8Bytes(@ForAll String a, @ForAll String b) {
    byte[] x = a.getBytes(StandardCharsets.UTF_8);
    byte[] y = b.getBytes(StandardCharsets.UTF_8);
    // lone surrogates encode as '?', so only compare well-formed strings
    if (!new String(x, StandardCharsets.UTF_8).equals(a)
        || !new String(y, StandardCharsets.UTF_8).equals(b)) {
      return;
    }
    assertThat(Integer.signum(KeyRules.compareUtf8(a, b)))
        .isEqualTo(Integer.signum(Arrays.compareUnsigned(x, y)));
  }

  @Test
  void compareUtf8_putsSupplementaryCharactersAfterTheTopOfTheBmp() {
    // UTF-16 order says U+FF21 > U+1F600 (0xD83D); UTF-8 byte order says the opposite
    assertThat("Ａ".compareTo("😀")).isPositive();
    assertThat(KeyRules.compareUtf8("Ａ", "😀")).isNegative();
  }
}
