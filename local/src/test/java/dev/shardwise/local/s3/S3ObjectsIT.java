package dev.shardwise.local.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Buckets and objects through the real sync S3Client with its default configuration. */
class S3ObjectsIT {
  @TempDir static Path data;
  static LocalS3 s3;
  static S3Client c;

  @BeforeAll
  static void start() throws Exception {
    s3 = new LocalS3(data);
    c = s3.clientBuilder().build();
    c.createBucket(b -> b.bucket("objects"));
  }

  @AfterAll
  static void stop() {
    c.close();
    s3.close();
  }

  static void assertS3Error(Runnable call, int status, String code) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(status);
              if (code != null) {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
              }
            });
  }

  @Test
  void buckets_createListHeadLocateDelete() {
    c.createBucket(
        b -> b.bucket("bk-eu").createBucketConfiguration(x -> x.locationConstraint("eu-west-1")));

    assertThat(c.listBuckets().buckets()).extracting(Bucket::name).contains("bk-eu", "objects");
    assertThat(c.headBucket(b -> b.bucket("bk-eu")).bucketRegion()).isEqualTo("eu-west-1");
    assertThat(c.getBucketLocation(b -> b.bucket("bk-eu")).locationConstraintAsString())
        .isEqualTo("eu-west-1");
    assertThat(c.getBucketLocation(b -> b.bucket("objects")).locationConstraintAsString())
        .isEmpty();
    assertS3Error(() -> c.createBucket(b -> b.bucket("bk-eu")), 409, "BucketAlreadyOwnedByYou");
    c.deleteBucket(b -> b.bucket("bk-eu"));
    assertThatThrownBy(() -> c.headBucket(b -> b.bucket("bk-eu")))
        .isInstanceOf(NoSuchBucketException.class);
    assertThatThrownBy(() -> c.listObjectsV2(b -> b.bucket("bk-eu")))
        .isInstanceOf(NoSuchBucketException.class);
  }

  @Test
  void deleteBucket_withObjects_isBucketNotEmpty() {
    c.createBucket(b -> b.bucket("bk-full"));
    c.putObject(r -> r.bucket("bk-full").key("x"), RequestBody.fromString("x"));

    assertS3Error(() -> c.deleteBucket(b -> b.bucket("bk-full")), 409, "BucketNotEmpty");
  }

  @Test
  void putThenHeadAndGet_returnTypeMetadataAndStandardHeaders() {
    c.putObject(
        r ->
            r.bucket("objects")
                .key("meta/doc.json")
                .contentType("application/json")
                .contentEncoding("gzip")
                .cacheControl("max-age=60")
                .contentDisposition("attachment; filename=doc.json")
                .metadata(Map.of("Source", "unit", "n", "1")),
        RequestBody.fromString("{}"));

    HeadObjectResponse head = c.headObject(r -> r.bucket("objects").key("meta/doc.json"));
    ResponseBytes<GetObjectResponse> get =
        c.getObjectAsBytes(
            r -> r.bucket("objects").key("meta/doc.json").responseContentType("text/plain"));

    assertThat(head.contentType()).isEqualTo("application/json");
    assertThat(head.contentLength()).isEqualTo(2);
    assertThat(head.contentEncoding()).isEqualTo("gzip");
    assertThat(head.cacheControl()).isEqualTo("max-age=60");
    assertThat(head.contentDisposition()).isEqualTo("attachment; filename=doc.json");
    assertThat(head.metadata()).containsEntry("source", "unit").containsEntry("n", "1");
    assertThat(head.eTag()).isEqualTo("\"99914b932bd37a50b983c5e7c90ae93b\"");
    assertThat(head.lastModified()).isBefore(Instant.now().plusSeconds(5));
    assertThat(get.response().contentType()).isEqualTo("text/plain");
    assertThat(get.asUtf8String()).isEqualTo("{}");
  }

  @Test
  void missingObjects_mapToTheSdksModelledExceptions() {
    assertThatThrownBy(() -> c.getObjectAsBytes(r -> r.bucket("objects").key("nope")))
        .isInstanceOf(NoSuchKeyException.class);
    assertThatThrownBy(() -> c.headObject(r -> r.bucket("objects").key("nope")))
        .isInstanceOf(NoSuchKeyException.class);
    assertThatThrownBy(() -> c.getObjectAsBytes(r -> r.bucket("no-such-bucket").key("k")))
        .isInstanceOf(NoSuchBucketException.class);
    c.deleteObject(r -> r.bucket("objects").key("never-there"));
  }

  @Test
  void ranges_servePartialContent_and416WhenUnsatisfiable() {
    byte[] bytes = new byte[1000];
    new Random(3).nextBytes(bytes);
    c.putObject(r -> r.bucket("objects").key("range.bin"), RequestBody.fromBytes(bytes));

    ResponseBytes<GetObjectResponse> mid =
        c.getObjectAsBytes(r -> r.bucket("objects").key("range.bin").range("bytes=10-19"));
    ResponseBytes<GetObjectResponse> tail =
        c.getObjectAsBytes(r -> r.bucket("objects").key("range.bin").range("bytes=-5"));
    ResponseBytes<GetObjectResponse> open =
        c.getObjectAsBytes(r -> r.bucket("objects").key("range.bin").range("bytes=995-"));
    HeadObjectResponse head =
        c.headObject(r -> r.bucket("objects").key("range.bin").range("bytes=0-99"));

    assertThat(mid.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 10, 20));
    assertThat(mid.response().contentRange()).isEqualTo("bytes 10-19/1000");
    assertThat(tail.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 995, 1000));
    assertThat(open.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 995, 1000));
    assertThat(head.contentLength()).isEqualTo(100);
    assertS3Error(
        () -> c.getObjectAsBytes(r -> r.bucket("objects").key("range.bin").range("bytes=1000-")),
        416,
        "InvalidRange");
  }

  @Test
  void conditionalWrites_ifNoneMatchAndIfMatch() {
    var first =
        c.putObject(
            r -> r.bucket("objects").key("cond").ifNoneMatch("*"), RequestBody.fromString("v1"));

    assertS3Error(
        () ->
            c.putObject(
                r -> r.bucket("objects").key("cond").ifNoneMatch("*"),
                RequestBody.fromString("v2")),
        412,
        "PreconditionFailed");
    assertS3Error(
        () ->
            c.putObject(
                r -> r.bucket("objects").key("cond").ifMatch("\"0123\""),
                RequestBody.fromString("v2")),
        412,
        "PreconditionFailed");
    assertS3Error(
        () ->
            c.putObject(
                r -> r.bucket("objects").key("cond-missing").ifMatch(first.eTag()),
                RequestBody.fromString("v2")),
        404,
        "NoSuchKey");
    var second =
        c.putObject(
            r -> r.bucket("objects").key("cond").ifMatch(first.eTag()),
            RequestBody.fromString("v2"));

    assertThat(second.eTag()).isNotEqualTo(first.eTag());
    assertThat(c.getObjectAsBytes(r -> r.bucket("objects").key("cond")).asUtf8String())
        .isEqualTo("v2");
  }

  @Test
  void conditionalReads_ifNoneMatchIs304_ifMatchIs412() {
    var put = c.putObject(r -> r.bucket("objects").key("read-cond"), RequestBody.fromString("x"));

    assertS3Error(
        () -> c.getObjectAsBytes(r -> r.bucket("objects").key("read-cond").ifNoneMatch(put.eTag())),
        304,
        null);
    assertS3Error(
        () -> c.getObjectAsBytes(r -> r.bucket("objects").key("read-cond").ifMatch("\"other\"")),
        412,
        "PreconditionFailed");
    assertThat(
            c.getObjectAsBytes(r -> r.bucket("objects").key("read-cond").ifMatch(put.eTag()))
                .asUtf8String())
        .isEqualTo("x");
  }

  @Test
  void copy_keepsOrReplacesMetadata_andCopyingOntoItselfUnchangedIsIllegal() {
    c.putObject(
        r -> r.bucket("objects").key("copy/src").contentType("text/csv").metadata(Map.of("a", "1")),
        RequestBody.fromString("a,b"));

    var kept =
        c.copyObject(
            r ->
                r.sourceBucket("objects")
                    .sourceKey("copy/src")
                    .destinationBucket("objects")
                    .destinationKey("copy/kept"));
    c.copyObject(
        r ->
            r.sourceBucket("objects")
                .sourceKey("copy/src")
                .destinationBucket("objects")
                .destinationKey("copy/new")
                .metadataDirective(MetadataDirective.REPLACE)
                .contentType("text/plain")
                .metadata(Map.of("b", "2")));

    assertThat(kept.copyObjectResult().eTag())
        .isEqualTo(c.headObject(r -> r.bucket("objects").key("copy/src")).eTag());
    assertThat(c.headObject(r -> r.bucket("objects").key("copy/kept")).metadata())
        .containsEntry("a", "1");
    HeadObjectResponse replaced = c.headObject(r -> r.bucket("objects").key("copy/new"));
    assertThat(replaced.contentType()).isEqualTo("text/plain");
    assertThat(replaced.metadata()).containsOnlyKeys("b");
    assertS3Error(
        () ->
            c.copyObject(
                r ->
                    r.sourceBucket("objects")
                        .sourceKey("copy/src")
                        .destinationBucket("objects")
                        .destinationKey("copy/src")),
        400,
        "InvalidRequest");
    assertThatThrownBy(
            () ->
                c.copyObject(
                    r ->
                        r.sourceBucket("objects")
                            .sourceKey("copy/none")
                            .destinationBucket("objects")
                            .destinationKey("x")))
        .isInstanceOf(NoSuchKeyException.class);
  }

  @Test
  void deleteObjects_deletesABatch_andReportsEachKey() {
    for (int i = 0; i < 5; i++) {
      int n = i;
      c.putObject(r -> r.bucket("objects").key("batch/" + n), RequestBody.fromString("x"));
    }

    var result =
        c.deleteObjects(
            r ->
                r.bucket("objects")
                    .delete(
                        d ->
                            d.objects(
                                o -> o.key("batch/0"),
                                o -> o.key("batch/1"),
                                o -> o.key("batch/missing"),
                                o -> o.key("batch/2"))));

    assertThat(result.deleted())
        .extracting(x -> x.key())
        .containsExactly("batch/0", "batch/1", "batch/missing", "batch/2");
    assertThat(result.errors()).isEmpty();
    assertThat(c.listObjectsV2(r -> r.bucket("objects").prefix("batch/")).contents())
        .extracting(o -> o.key())
        .containsExactly("batch/3", "batch/4");
  }

  @Test
  void keysThatCannotBeFilePaths_areRefusedWithAClearInvalidArgument() {
    c.putObject(r -> r.bucket("objects").key("clash"), RequestBody.fromString("x"));

    assertThatThrownBy(
            () ->
                c.putObject(
                    r -> r.bucket("objects").key("clash/below"), RequestBody.fromString("y")))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument");
              assertThat(e.awsErrorDetails().errorMessage()).contains("'clash' is an object");
            });
    assertS3Error(
        () -> c.putObject(r -> r.bucket("objects").key("dir/"), RequestBody.fromString("")),
        400,
        "InvalidArgument");
  }

  @Test
  void emptyObjects_roundTrip() throws Exception {
    c.putObject(r -> r.bucket("objects").key("empty"), RequestBody.empty());

    assertThat(c.getObjectAsBytes(r -> r.bucket("objects").key("empty")).asByteArray()).isEmpty();
    assertThat(c.headObject(r -> r.bucket("objects").key("empty")).eTag())
        .isEqualTo("\"d41d8cd98f00b204e9800998ecf8427e\"");
    assertThat(data.resolve("objects/empty")).hasContent("");
    assertThat(new String(s3.store.get("objects", "empty"), StandardCharsets.UTF_8)).isEmpty();
  }
}
