package dev.shardwise.local.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shardwise.local.s3.MultipartUploads.CompletedPart;
import dev.shardwise.local.s3.MultipartUploads.Part;
import dev.shardwise.local.s3.MultipartUploads.Upload;
import dev.shardwise.local.s3.ObjectStore.ObjectAttributes;
import dev.shardwise.local.s3.ObjectStore.ObjectInfo;
import dev.shardwise.local.s3.ObjectStore.Precondition;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultipartUploadsTest {
  static final int MIB = 1024 * 1024;

  @TempDir Path dir;
  FileObjectStore store;
  MultipartUploads mpu;

  @BeforeEach
  void setUp() throws Exception {
    store = new FileObjectStore(dir, InstantSource.fixed(Instant.parse("2026-11-21T00:00:00Z")));
    store.createBucket("bkt");
    mpu = store.multipart();
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static ObjectAttributes attrs(ChecksumAlgorithm alg) {
    return new ObjectAttributes("application/octet-stream", Map.of("m", "v"), Map.of(), alg);
  }

  Part part(Upload u, int n, byte[] data) throws Exception {
    return mpu.uploadPart("bkt", u.key(), u.uploadId(), n, new ByteArrayInputStream(data));
  }

  @Test
  void complete_concatenatesParts_withTheMultipartEtag_andACompositeChecksum() throws Exception {
    byte[][] data = {random(5 * MIB, 1), random(5 * MIB, 2), random(1234, 3)};
    Upload u = mpu.create("bkt", "big.bin", attrs(ChecksumAlgorithm.CRC32), null);
    assertThat(u.checksumType()).isEqualTo(Checksum.Type.COMPOSITE);
    Part p3 = part(u, 3, data[2]);
    Part p1 = part(u, 1, data[0]);
    Part p2 = part(u, 2, data[1]);

    ObjectInfo info =
        mpu.complete(
            "bkt",
            "big.bin",
            u.uploadId(),
            List.of(
                new CompletedPart(1, p1.etag(), null),
                new CompletedPart(2, p2.etag(), p2.checksum().value()),
                new CompletedPart(3, p3.etag().replace("\"", ""), null)),
            Precondition.NONE,
            null);

    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    MessageDigest etags = MessageDigest.getInstance("MD5");
    ByteArrayOutputStream crcs = new ByteArrayOutputStream();
    for (byte[] d : data) {
      whole.write(d);
      etags.update(MessageDigest.getInstance("MD5").digest(d));
      ChecksumAlgorithm.Digest c = ChecksumAlgorithm.CRC32.newDigest();
      c.update(d, 0, d.length);
      crcs.write(c.finish());
    }
    ChecksumAlgorithm.Digest composite = ChecksumAlgorithm.CRC32.newDigest();
    composite.update(crcs.toByteArray(), 0, crcs.size());
    assertThat(store.get("bkt", "big.bin")).isEqualTo(whole.toByteArray());
    assertThat(info.etag()).isEqualTo("\"" + HexFormat.of().formatHex(etags.digest()) + "-3\"");
    assertThat(info.checksum().value())
        .isEqualTo(Base64.getEncoder().encodeToString(composite.finish()) + "-3");
    assertThat(info.checksum().type()).isEqualTo(Checksum.Type.COMPOSITE);
    assertThat(info.attributes().userMetadata()).containsEntry("m", "v");
    try (FileObjectStore.OpenObject o = store.open("bkt", "big.bin")) {
      assertThat(o.partSizes()).containsExactly(5L * MIB, 5L * MIB, 1234L);
    }
    assertThatThrownBy(() -> mpu.load("bkt", "big.bin", u.uploadId()))
        .isInstanceOfSatisfying(
            S3Exception.class, e -> assertThat(e.code()).isEqualTo("NoSuchUpload"));
  }

  @Test
  void fullObjectChecksum_isTheChecksumOfTheWholeObject_andIsVerified() throws Exception {
    byte[] a = random(5 * MIB, 4);
    byte[] b = random(10, 5);
    Upload u = mpu.create("bkt", "f", attrs(ChecksumAlgorithm.CRC32C), Checksum.Type.FULL_OBJECT);
    Part p1 = part(u, 1, a);
    Part p2 = part(u, 2, b);
    List<CompletedPart> parts =
        List.of(new CompletedPart(1, p1.etag(), null), new CompletedPart(2, p2.etag(), null));

    assertThatThrownBy(
            () -> mpu.complete("bkt", "f", u.uploadId(), parts, Precondition.NONE, "AAAAAA=="))
        .isInstanceOfSatisfying(
            S3Exception.class, e -> assertThat(e.code()).isEqualTo("BadDigest"));
    ObjectInfo info = mpu.complete("bkt", "f", u.uploadId(), parts, Precondition.NONE, null);

    ChecksumAlgorithm.Digest d = ChecksumAlgorithm.CRC32C.newDigest();
    d.update(a, 0, a.length);
    d.update(b, 0, b.length);
    assertThat(info.checksum())
        .isEqualTo(Checksum.fullObject(ChecksumAlgorithm.CRC32C, d.finish()));
  }

  @Test
  void s3sPartRules_areEnforced() throws Exception {
    Upload u = mpu.create("bkt", "k", attrs(null), null);
    Part small = part(u, 1, random(100, 6));
    Part last = part(u, 2, random(100, 7));

    assertThatThrownBy(
            () ->
                mpu.complete(
                    "bkt",
                    "k",
                    u.uploadId(),
                    List.of(
                        new CompletedPart(1, small.etag(), null),
                        new CompletedPart(2, last.etag(), null)),
                    Precondition.NONE,
                    null))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> {
              assertThat(e.code()).isEqualTo("EntityTooSmall");
              assertThat(e.details()).containsEntry("PartNumber", "1");
            });
    assertThatThrownBy(
            () ->
                mpu.complete(
                    "bkt",
                    "k",
                    u.uploadId(),
                    List.of(
                        new CompletedPart(2, last.etag(), null),
                        new CompletedPart(1, small.etag(), null)),
                    Precondition.NONE,
                    null))
        .isInstanceOfSatisfying(
            S3Exception.class, e -> assertThat(e.code()).isEqualTo("InvalidPartOrder"));
    assertThatThrownBy(
            () ->
                mpu.complete(
                    "bkt",
                    "k",
                    u.uploadId(),
                    List.of(new CompletedPart(1, "\"00\"", null)),
                    Precondition.NONE,
                    null))
        .isInstanceOfSatisfying(
            S3Exception.class, e -> assertThat(e.code()).isEqualTo("InvalidPart"));
    assertThatThrownBy(
            () -> mpu.complete("bkt", "k", u.uploadId(), List.of(), Precondition.NONE, null))
        .isInstanceOfSatisfying(
            S3Exception.class, e -> assertThat(e.code()).isEqualTo("MalformedXML"));
    assertThatThrownBy(() -> part(u, 10_001, new byte[1]))
        .isInstanceOfSatisfying(
            S3Exception.class, e -> assertThat(e.code()).isEqualTo("InvalidArgument"));
    // a single small part is a valid upload: only parts before the last have a minimum
    ObjectInfo one =
        mpu.complete(
            "bkt",
            "k",
            u.uploadId(),
            List.of(new CompletedPart(2, last.etag(), null)),
            Precondition.NONE,
            null);
    assertThat(one.etag()).endsWith("-1\"");
  }

  @Test
  void complete_withIfNoneMatch_onAnExistingKey_failsAndKeepsTheUpload() throws Exception {
    store.put("bkt", "k", new byte[] {1});
    Upload u = mpu.create("bkt", "k", attrs(null), null);
    Part p = part(u, 1, new byte[] {2});

    assertThatThrownBy(
            () ->
                mpu.complete(
                    "bkt",
                    "k",
                    u.uploadId(),
                    List.of(new CompletedPart(1, p.etag(), null)),
                    Precondition.IF_NONE_MATCH_ANY,
                    null))
        .isInstanceOfSatisfying(
            S3Exception.class, e -> assertThat(e.code()).isEqualTo("PreconditionFailed"));

    assertThat(mpu.listParts("bkt", "k", u.uploadId()))
        .extracting(Part::partNumber)
        .containsExactly(1);
    assertThat(store.get("bkt", "k")).containsExactly(1);
  }

  @Test
  void abort_removesTheUpload_andUnknownIdsAreNoSuchUpload() throws Exception {
    Upload u = mpu.create("bkt", "k", attrs(null), null);
    part(u, 1, new byte[] {1});
    assertThat(mpu.list("bkt")).extracting(Upload::uploadId).containsExactly(u.uploadId());

    mpu.abort("bkt", "k", u.uploadId());

    assertThat(mpu.list("bkt")).isEmpty();
    for (String id : new String[] {u.uploadId(), "../../etc", "nope", null}) {
      assertThatThrownBy(() -> mpu.abort("bkt", "k", id))
          .isInstanceOfSatisfying(
              S3Exception.class, e -> assertThat(e.code()).isEqualTo("NoSuchUpload"));
    }
    Upload other = mpu.create("bkt", "k", attrs(null), null);
    assertThatThrownBy(() -> mpu.load("bkt", "another-key", other.uploadId()))
        .isInstanceOfSatisfying(
            S3Exception.class, e -> assertThat(e.code()).isEqualTo("NoSuchUpload"));
  }

  @Test
  void checksumTypes_thatS3Refuses_areInvalidRequest() {
    assertThatThrownBy(
            () ->
                mpu.create("bkt", "k", attrs(ChecksumAlgorithm.SHA256), Checksum.Type.FULL_OBJECT))
        .isInstanceOfSatisfying(
            S3Exception.class, e -> assertThat(e.code()).isEqualTo("InvalidRequest"));
    assertThatThrownBy(
            () ->
                mpu.create("bkt", "k", attrs(ChecksumAlgorithm.CRC64NVME), Checksum.Type.COMPOSITE))
        .isInstanceOfSatisfying(
            S3Exception.class, e -> assertThat(e.code()).isEqualTo("InvalidRequest"));
  }
}
