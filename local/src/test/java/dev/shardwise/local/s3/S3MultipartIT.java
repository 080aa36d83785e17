package dev.shardwise.local.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

/**
 * Multipart uploads: the low-level calls, the SDK's Java multipart client and the transfer manager.
 */
class S3MultipartIT {
  static final int MIB = 1024 * 1024;

  @TempDir static Path data;
  @TempDir static Path work;
  static LocalS3 s3;
  static S3Client c;

  @BeforeAll
  static void start() throws Exception {
    s3 = new LocalS3(data);
    c = s3.clientBuilder().build();
    c.createBucket(b -> b.bucket("multipart"));
  }

  @AfterAll
  static void stop() {
    c.close();
    s3.close();
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void lowLevelCalls_assembleTheObject_andPartNumberReadsAPart() {
    byte[][] parts = {random(5 * MIB, 1), random(5 * MIB + 7, 2), random(99, 3)};
    String id =
        c.createMultipartUpload(
                r ->
                    r.bucket("multipart").key("mpu.bin").checksumAlgorithm(ChecksumAlgorithm.CRC32))
            .uploadId();
    CompletedPart[] done = new CompletedPart[3];
    for (int i = 0; i < 3; i++) {
      int n = i + 1;
      var up =
          c.uploadPart(
              r ->
                  r.bucket("multipart")
                      .key("mpu.bin")
                      .uploadId(id)
                      .partNumber(n)
                      .checksumAlgorithm(ChecksumAlgorithm.CRC32),
              RequestBody.fromBytes(parts[n - 1]));
      done[i] =
          CompletedPart.builder()
              .partNumber(n)
              .eTag(up.eTag())
              .checksumCRC32(up.checksumCRC32())
              .build();
    }
    assertThat(c.listParts(r -> r.bucket("multipart").key("mpu.bin").uploadId(id)).parts())
        .hasSize(3);

    var complete =
        c.completeMultipartUpload(
            r ->
                r.bucket("multipart")
                    .key("mpu.bin")
                    .uploadId(id)
                    .multipartUpload(m -> m.parts(done)));

    byte[] whole = concat(parts);
    assertThat(complete.eTag()).matches("\"[0-9a-f]{32}-3\"");
    assertThat(complete.checksumCRC32()).endsWith("-3");
    assertThat(data.resolve("multipart/mpu.bin")).hasBinaryContent(whole);
    var second = c.getObjectAsBytes(r -> r.bucket("multipart").key("mpu.bin").partNumber(2));
    assertThat(second.asByteArray()).isEqualTo(parts[1]);
    assertThat(second.response().partsCount()).isEqualTo(3);
    assertThat(c.getObjectAsBytes(r -> r.bucket("multipart").key("mpu.bin")).asByteArray())
        .isEqualTo(whole);
  }

  @Test
  void abort_discardsTheUpload_andCompletingItThenIsNoSuchUpload() {
    String id = c.createMultipartUpload(r -> r.bucket("multipart").key("aborted")).uploadId();
    var up =
        c.uploadPart(
            r -> r.bucket("multipart").key("aborted").uploadId(id).partNumber(1),
            RequestBody.fromString("x"));
    assertThat(c.listMultipartUploads(r -> r.bucket("multipart")).uploads())
        .extracting(u -> u.uploadId())
        .contains(id);

    c.abortMultipartUpload(r -> r.bucket("multipart").key("aborted").uploadId(id));

    assertThatThrownBy(
            () ->
                c.completeMultipartUpload(
                    r ->
                        r.bucket("multipart")
                            .key("aborted")
                            .uploadId(id)
                            .multipartUpload(
                                m ->
                                    m.parts(
                                        CompletedPart.builder()
                                            .partNumber(1)
                                            .eTag(up.eTag())
                                            .build()))))
        .isInstanceOf(NoSuchUploadException.class);
    assertThat(data.resolve("multipart/aborted")).doesNotExist();
  }

  @Test
  void tooSmallParts_areEntityTooSmall() {
    String id = c.createMultipartUpload(r -> r.bucket("multipart").key("small")).uploadId();
    var p1 =
        c.uploadPart(
            r -> r.bucket("multipart").key("small").uploadId(id).partNumber(1),
            RequestBody.fromString("x"));
    var p2 =
        c.uploadPart(
            r -> r.bucket("multipart").key("small").uploadId(id).partNumber(2),
            RequestBody.fromString("y"));

    assertThatThrownBy(
            () ->
                c.completeMultipartUpload(
                    r ->
                        r.bucket("multipart")
                            .key("small")
                            .uploadId(id)
                            .multipartUpload(
                                m ->
                                    m.parts(
                                        CompletedPart.builder()
                                            .partNumber(1)
                                            .eTag(p1.eTag())
                                            .build(),
                                        CompletedPart.builder()
                                            .partNumber(2)
                                            .eTag(p2.eTag())
                                            .build()))))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("EntityTooSmall"));
  }

  @Test
  void uploadPartCopy_copiesRangesOfAnotherObject() {
    byte[] src = random(6 * MIB, 4);
    c.putObject(r -> r.bucket("multipart").key("copy-src"), RequestBody.fromBytes(src));
    String id = c.createMultipartUpload(r -> r.bucket("multipart").key("copy-dst")).uploadId();
    var p1 =
        c.uploadPartCopy(
            r ->
                r.sourceBucket("multipart")
                    .sourceKey("copy-src")
                    .destinationBucket("multipart")
                    .destinationKey("copy-dst")
                    .uploadId(id)
                    .partNumber(1)
                    .copySourceRange("bytes=0-" + (5 * MIB - 1)));
    var p2 =
        c.uploadPartCopy(
            r ->
                r.sourceBucket("multipart")
                    .sourceKey("copy-src")
                    .destinationBucket("multipart")
                    .destinationKey("copy-dst")
                    .uploadId(id)
                    .partNumber(2)
                    .copySourceRange("bytes=" + 5 * MIB + "-" + (6 * MIB - 1)));

    c.completeMultipartUpload(
        r ->
            r.bucket("multipart")
                .key("copy-dst")
                .uploadId(id)
                .multipartUpload(
                    m ->
                        m.parts(
                            CompletedPart.builder()
                                .partNumber(1)
                                .eTag(p1.copyPartResult().eTag())
                                .build(),
                            CompletedPart.builder()
                                .partNumber(2)
                                .eTag(p2.copyPartResult().eTag())
                                .build())));

    assertThat(data.resolve("multipart/copy-dst")).hasBinaryContent(src);
  }

  @Test
  void theSdksJavaMultipartClient_uploadsAndDownloadsInParts() {
    byte[] bytes = random(20 * MIB + 5, 5);
    try (S3AsyncClient async = s3.asyncClient(true)) {
      async
          .putObject(
              r -> r.bucket("multipart").key("async-mpu.bin"), AsyncRequestBody.fromBytes(bytes))
          .join();
      byte[] back =
          async
              .getObject(
                  r -> r.bucket("multipart").key("async-mpu.bin"),
                  AsyncResponseTransformer.toBytes())
              .join()
              .asByteArray();

      assertThat(c.headObject(r -> r.bucket("multipart").key("async-mpu.bin")).eTag())
          .matches("\"[0-9a-f]{32}-\\d+\"");
      assertThat(data.resolve("multipart/async-mpu.bin")).hasBinaryContent(bytes);
      assertThat(back).isEqualTo(bytes);
    }
  }

  @Test
  void theTransferManager_uploadsAndDownloadsFiles() throws Exception {
    byte[] bytes = random(17 * MIB + 3, 6);
    Path up = Files.write(work.resolve("tm-up.bin"), bytes);
    Path down = work.resolve("tm-down.bin");
    try (S3AsyncClient async = s3.asyncClient(true);
        S3TransferManager tm = S3TransferManager.builder().s3Client(async).build()) {
      tm.uploadFile(u -> u.source(up).putObjectRequest(p -> p.bucket("multipart").key("tm.bin")))
          .completionFuture()
          .join();
      tm.downloadFile(
              d -> d.destination(down).getObjectRequest(g -> g.bucket("multipart").key("tm.bin")))
          .completionFuture()
          .join();
    }

    assertThat(data.resolve("multipart/tm.bin")).hasBinaryContent(bytes);
    assertThat(down).hasBinaryContent(bytes);
  }

  static byte[] concat(byte[]... parts) {
    byte[] out = new byte[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
    int off = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, off, p.length);
      off += p.length;
    }
    return out;
  }
}
