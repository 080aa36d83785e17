package dev.shardwise.local.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ChecksumAlgorithmTest {
  private static final byte[] CHECK = "123456789".getBytes(StandardCharsets.US_ASCII);

  private static String hex(ChecksumAlgorithm a, byte[] data) {
    ChecksumAlgorithm.Digest d = a.newDigest();
    d.update(data, 0, data.length);
    return HexFormat.of().formatHex(d.finish());
  }

  @Test
  void crcs_matchTheirPublishedCheckValues() {
    assertThat(hex(ChecksumAlgorithm.CRC32, CHECK)).isEqualTo("cbf43926");
    assertThat(hex(ChecksumAlgorithm.CRC32C, CHECK)).isEqualTo("e3069283");
    assertThat(hex(ChecksumAlgorithm.CRC64NVME, CHECK)).isEqualTo("ae8b14860a799888");
  }

  @Test
  void hashes_matchKnownDigests() {
    assertThat(hex(ChecksumAlgorithm.SHA1, "abc".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
    assertThat(hex(ChecksumAlgorithm.SHA256, new byte[0]))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void crc32_ofHelloWorld_isWhatTheSdkSendsAsATrailer() {
    // the SDK sent x-amz-checksum-crc32:DUoRhQ== for "hello world" (captured on the wire)
    ChecksumAlgorithm.Digest d = ChecksumAlgorithm.CRC32.newDigest();
    byte[] data = "hello world".getBytes(StandardCharsets.US_ASCII);
    d.update(data, 0, data.length);
    assertThat(Base64.getEncoder().encodeToString(d.finish())).isEqualTo("DUoRhQ==");
  }

  @Property(tries = 200)
  void crc64nvme_isTheSameWhateverTheSplitOfTheInput(
      @ForAll @Size(max = 300) byte[] data, @ForAll @IntRange(min = 0, max = 300) int split) {
    int cut = Math.min(split, data.length);
    ChecksumAlgorithm.Digest whole = ChecksumAlgorithm.CRC64NVME.newDigest();
    whole.update(data, 0, data.length);
    ChecksumAlgorithm.Digest parts = ChecksumAlgorithm.CRC64NVME.newDigest();
    parts.update(data, 0, cut);
    parts.update(data, cut, data.length - cut);
    dev.shardwise.local.s3.internal.Crc64Nvme bytewise =
        new dev.shardwise.local.s3.internal.Crc64Nvme();
    for (byte b : data) {
      bytewise.update(b);
    }

    byte[] expected = whole.finish();
    assertThat(parts.finish()).isEqualTo(expected);
    assertThat(HexFormat.of().formatHex(expected))
        .isEqualTo(String.format("%016x", bytewise.getValue()));
  }

  @Test
  void parse_isCaseInsensitive_andNullForUnknown() {
    assertThat(ChecksumAlgorithm.parse("crc32c")).isEqualTo(ChecksumAlgorithm.CRC32C);
    assertThat(ChecksumAlgorithm.parse("Sha256")).isEqualTo(ChecksumAlgorithm.SHA256);
    assertThat(ChecksumAlgorithm.parse("md5")).isNull();
    assertThat(ChecksumAlgorithm.CRC64NVME.headerName()).isEqualTo("x-amz-checksum-crc64nvme");
    assertThat(ChecksumAlgorithm.SHA1.xmlElement()).isEqualTo("ChecksumSHA1");
  }
}
