package dev.shardwise.local.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shardwise.local.s3.S3Exception;
import org.junit.jupiter.api.Test;

class ByteRangeTest {

  @Test
  void theThreeForms_andClamping() throws S3Exception {
    assertThat(ByteRange.parse("bytes=0-9", 100)).isEqualTo(new ByteRange(0, 9));
    assertThat(ByteRange.parse("bytes=90-", 100)).isEqualTo(new ByteRange(90, 99));
    assertThat(ByteRange.parse("bytes=-10", 100)).isEqualTo(new ByteRange(90, 99));
    assertThat(ByteRange.parse("bytes=-1000", 100)).isEqualTo(new ByteRange(0, 99));
    assertThat(ByteRange.parse("bytes=50-1000", 100)).isEqualTo(new ByteRange(50, 99));
    assertThat(ByteRange.parse("bytes=0-99999999999999999999999", 100))
        .isEqualTo(new ByteRange(0, 99));
    assertThat(new ByteRange(90, 99).contentRange(100)).isEqualTo("bytes 90-99/100");
  }

  @Test
  void headersS3Ignores_serveTheWholeObject() throws S3Exception {
    for (String h :
        new String[] {
          null, "bytes=5-1", "bytes=-", "items=0-1", "bytes=0-1,3-4", "bytes=a-b", "garbage"
        }) {
      assertThat(ByteRange.parse(h, 100)).as(String.valueOf(h)).isNull();
    }
  }

  @Test
  void unsatisfiableRanges_are416InvalidRange_withTheSizes() {
    for (String h :
        new String[] {"bytes=100-", "bytes=100-200", "bytes=-0", "bytes=99999999999999999999-"}) {
      assertThatThrownBy(() -> ByteRange.parse(h, 100))
          .as(h)
          .isInstanceOfSatisfying(
              S3Exception.class,
              e -> {
                assertThat(e.code()).isEqualTo("InvalidRange");
                assertThat(e.httpStatus()).isEqualTo(416);
                assertThat(e.details())
                    .containsEntry("RangeRequested", h)
                    .containsEntry("ActualObjectSize", "100");
              });
    }
    assertThatThrownBy(() -> ByteRange.parse("bytes=0-0", 0)).isInstanceOf(S3Exception.class);
    assertThatThrownBy(() -> ByteRange.parse("bytes=-5", 0)).isInstanceOf(S3Exception.class);
  }
}
