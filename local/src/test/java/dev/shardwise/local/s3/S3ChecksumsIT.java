package dev.shardwise.local.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The SDK's upload encodings end to end: every variant it sends stores the exact bytes, and every
 * checksum is verified (a wrong one is refused and nothing is stored). Each test records the {@code
 * x-amz-content-sha256} the SDK really sent, so it cannot pass on a variant it did not use.
 */
class S3ChecksumsIT {
  @TempDir static Path data;
  static LocalS3 s3;
  static final String BUCKET = "checksums";

  @BeforeAll
  static void start() throws Exception {
    s3 = new LocalS3(data);
    s3.store.createBucket(BUCKET);
  }

  @AfterAll
  static void stop() {
    s3.close();
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static Stream<Arguments> syncClients() {
    Consumer<S3ClientBuilder> apache = b -> b.httpClient(ApacheHttpClient.create());
    Consumer<S3ClientBuilder> url = b -> b.httpClient(UrlConnectionHttpClient.create());
    return Stream.of(
        Arguments.of("default (apache)", apache, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"),
        Arguments.of("url-connection", url, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"),
        Arguments.of(
            "checksums when required",
            apache.andThen(
                b -> b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)),
            "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"),
        Arguments.of(
            "chunked encoding off",
            url.andThen(
                b ->
                    b.serviceConfiguration(
                        S3Configuration.builder().chunkedEncodingEnabled(false).build())),
            "hex"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("syncClients")
  void syncPut_storesTheExactBytes_inEveryVariantTheSdkSends(
      String name, Consumer<S3ClientBuilder> config, String variant) throws Exception {
    RecordingInterceptor rec = new RecordingInterceptor();
    S3ClientBuilder b =
        s3.clientBuilder().overrideConfiguration(o -> o.addExecutionInterceptor(rec));
    config.accept(b);
    byte[] bytes = random(300_001, name.hashCode());
    String key = "variants/" + name.replace(' ', '-');
    try (S3Client c = b.build()) {
      c.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes));
      String sent = rec.last("x-amz-content-sha256");

      assertThat(data.resolve(BUCKET).resolve(key)).hasBinaryContent(bytes);
      assertThat(c.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asByteArray()).isEqualTo(bytes);
      if (variant.equals("hex")) {
        assertThat(sent).matches("[0-9a-f]{64}");
      } else {
        assertThat(sent).isEqualTo(variant);
      }
    }
  }

  @Test
  void asyncPut_sendsUnsignedTrailerChunks_andStoresTheExactBytes() {
    RecordingInterceptor rec = new RecordingInterceptor();
    byte[] bytes = random(1_000_003, 7);
    try (S3AsyncClient c =
        S3AsyncClient.builder()
            .endpointOverride(s3.endpoint())
            .region(software.amazon.awssdk.regions.Region.US_EAST_1)
            .credentialsProvider(LocalS3.credentials())
            .forcePathStyle(true)
            .overrideConfiguration(o -> o.addExecutionInterceptor(rec))
            .build()) {
      c.putObject(r -> r.bucket(BUCKET).key("async.bin"), AsyncRequestBody.fromBytes(bytes)).join();

      assertThat(rec.last("x-amz-content-sha256")).isEqualTo("STREAMING-UNSIGNED-PAYLOAD-TRAILER");
      assertThat(data.resolve(BUCKET).resolve("async.bin")).hasBinaryContent(bytes);
      byte[] back =
          c.getObject(
                  r -> r.bucket(BUCKET).key("async.bin"),
                  software.amazon.awssdk.core.async.AsyncResponseTransformer.toBytes())
              .join()
              .asByteArray();
      assertThat(back).isEqualTo(bytes);
    }
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(
      value = software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.class,
      names = {"CRC32", "CRC32_C", "SHA1", "SHA256"})
  void eachAlgorithm_isVerifiedStoredAndReturned(
      software.amazon.awssdk.services.s3.model.ChecksumAlgorithm alg) throws Exception {
    byte[] bytes = random(200_000, alg.ordinal());
    String key = "alg/" + alg;
    try (S3Client c = s3.client(UrlConnectionHttpClient.create())) {
      var put =
          c.putObject(
              r -> r.bucket(BUCKET).key(key).checksumAlgorithm(alg), RequestBody.fromBytes(bytes));
      HeadObjectResponse head =
          c.headObject(r -> r.bucket(BUCKET).key(key).checksumMode(ChecksumMode.ENABLED));

      ChecksumAlgorithm ours = ChecksumAlgorithm.parse(alg.toString().replace("_", ""));
      ChecksumAlgorithm.Digest d = ours.newDigest();
      d.update(bytes, 0, bytes.length);
      String expected = Base64.getEncoder().encodeToString(d.finish());
      String echoed =
          switch (alg) {
            case CRC32 -> put.checksumCRC32();
            case CRC32_C -> put.checksumCRC32C();
            case SHA1 -> put.checksumSHA1();
            default -> put.checksumSHA256();
          };
      String stored =
          switch (alg) {
            case CRC32 -> head.checksumCRC32();
            case CRC32_C -> head.checksumCRC32C();
            case SHA1 -> head.checksumSHA1();
            default -> head.checksumSHA256();
          };
      assertThat(echoed).isEqualTo(expected);
      assertThat(stored).isEqualTo(expected);
      assertThat(head.checksumTypeAsString()).isEqualTo("FULL_OBJECT");
      assertThat(data.resolve(BUCKET).resolve(key)).hasBinaryContent(bytes);
    }
  }

  @Test
  void contentMd5_isHonoured_andAWrongOneIsBadDigest() throws Exception {
    byte[] bytes = "md5 me".getBytes(StandardCharsets.UTF_8);
    String md5 = Base64.getEncoder().encodeToString(FileObjectStoreTest.md5(bytes));
    try (S3Client c = s3.client(UrlConnectionHttpClient.create())) {
      c.putObject(
          r -> r.bucket(BUCKET).key("md5/ok").contentMD5(md5), RequestBody.fromBytes(bytes));
      assertThatThrownBy(
              () ->
                  c.putObject(
                      r -> r.bucket(BUCKET).key("md5/bad").contentMD5("1B2M2Y8AsgTpgAmY7PhCfg=="),
                      RequestBody.fromBytes(bytes)))
          .isInstanceOfSatisfying(
              S3Exception.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BadDigest");
              });
    }
    assertThat(data.resolve(BUCKET).resolve("md5/ok")).hasBinaryContent(bytes);
    assertThat(data.resolve(BUCKET).resolve("md5/bad")).doesNotExist();
  }

  @Test
  void crc64nvmeTrailer_onTheWire_isVerified() throws Exception {
    byte[] bytes = random(70_000, 11);
    ChecksumAlgorithm.Digest d = ChecksumAlgorithm.CRC64NVME.newDigest();
    d.update(bytes, 0, bytes.length);
    String good = Base64.getEncoder().encodeToString(d.finish());

    RawHttp.Response ok = putUnsignedTrailer("wire/crc64", bytes, "x-amz-checksum-crc64nvme", good);
    RawHttp.Response bad =
        putUnsignedTrailer("wire/crc64-bad", bytes, "x-amz-checksum-crc64nvme", "AAAAAAAAAAA=");

    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.header("x-amz-checksum-crc64nvme")).isEqualTo(good);
    assertThat(data.resolve(BUCKET).resolve("wire/crc64")).hasBinaryContent(bytes);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.text())
        .contains("<Code>BadDigest</Code>")
        .contains("CRC64NVME you specified did not match");
    assertThat(data.resolve(BUCKET).resolve("wire/crc64-bad")).doesNotExist();
  }

  @Test
  void aWrongTrailingChecksum_replacesNothing() throws Exception {
    s3.store.put(BUCKET, "wire/keep", "old".getBytes(StandardCharsets.UTF_8));

    RawHttp.Response r =
        putUnsignedTrailer(
            "wire/keep",
            "new".getBytes(StandardCharsets.UTF_8),
            "x-amz-checksum-crc32",
            "AAAAAA==");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text()).contains("<Code>BadDigest</Code>");
    assertThat(data.resolve(BUCKET).resolve("wire/keep")).hasContent("old");
    try (var files = Files.list(data.resolve(BUCKET).resolve("wire"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith(".shardwise-tmp-"));
    }
  }

  @Test
  void aPayloadHashThatDoesNotMatch_isXAmzContentSHA256Mismatch() throws Exception {
    RawHttp.Response r =
        RawHttp.send(
            s3.endpoint(),
            "PUT",
            "/" + BUCKET + "/wire/sha",
            "body".getBytes(StandardCharsets.UTF_8),
            "x-amz-content-sha256: " + "0".repeat(64));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text())
        .contains("<Code>XAmzContentSHA256Mismatch</Code>")
        .contains("<ClientComputedContentSHA256>" + "0".repeat(64));
    assertThat(data.resolve(BUCKET).resolve("wire/sha")).doesNotExist();
  }

  static RawHttp.Response putUnsignedTrailer(String key, byte[] bytes, String trailer, String value)
      throws Exception {
    byte[] body =
        dev.shardwise.local.s3.internal.AwsChunkedTestAccess.encode(
            bytes, 8192, false, java.util.Map.of(trailer, value));
    return RawHttp.send(
        s3.endpoint(),
        "PUT",
        "/" + BUCKET + "/" + key,
        body,
        "x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER",
        "Content-Encoding: aws-chunked",
        "x-amz-decoded-content-length: " + bytes.length,
        "x-amz-trailer: " + trailer);
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
