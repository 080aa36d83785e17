package dev.shardwise.local.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Random requests against the S3 endpoint: methods, bucket and key paths (including traversal
 * attempts and bad encodings), sub-resources, headers (ranges, checksums, aws-chunked, conditions,
 * copy sources) and bodies. Every answer must be an S3 answer: no 500, an XML error with a code for
 * every failure that has a body, nothing written outside the data directory, and the server still
 * serving afterwards.
 */
class S3RestFuzzIT {
  static Path data;
  static LocalS3 s3;

  record Request(
      String method, String path, List<String> query, List<String> headers, byte[] body) {
    String target() {
      return query.isEmpty() ? path : path + "?" + String.join("&", query);
    }
  }

  @BeforeContainer
  static void start() throws Exception {
    data = Files.createTempDirectory("s3fuzz");
    s3 = new LocalS3(data.resolve("data"));
    s3.store.createBucket("fuzz");
    s3.store.createBucket("alive");
    s3.store.put("fuzz", "obj", "0123456789".getBytes(StandardCharsets.UTF_8));
    s3.store.put("alive", "check", "ok".getBytes(StandardCharsets.UTF_8));
  }

  @AfterContainer
  static void stop() throws Exception {
    s3.close();
    dev.shardwise.local.s3.internal.MetaStore.deleteTree(data);
  }

  @Property(tries = 400)
  void everyAnswer_isAnS3Answer(@ForAll("requests") Request req) throws Exception {
    RawHttp.Response r =
        RawHttp.send(
            s3.endpoint(),
            req.method(),
            req.target(),
            req.body(),
            req.headers().toArray(String[]::new));

    assertThat(r).as(req.toString()).isNotNull();
    Statistics.label("status").collect(r.status());
    assertThat(r.status()).as(req + " -> " + r.text()).isNotEqualTo(500).isBetween(200, 599);
    if (r.status() >= 400 && r.body().length > 0) {
      assertThat(r.text()).as(req.toString()).startsWith("<?xml").contains("<Error><Code>");
    }
    try (var outside = Files.list(data)) {
      assertThat(outside.map(p -> p.getFileName().toString())).containsExactly("data");
    }
    assertThat(RawHttp.send(s3.endpoint(), "GET", "/alive/check", null).text()).isEqualTo("ok");
  }

  @Provide
  Arbitrary<Request> requests() {
    Arbitrary<String> method =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(5, Arbitraries.just("GET")),
                net.jqwik.api.Tuple.of(5, Arbitraries.just("PUT")),
            net.jqwik.api.Tuple.of(2, Arbitraries.just("POST")),
                net.jqwik.api.Tuple.of(2, Arbitraries.just("DELETE")),
            net.jqwik.api.Tuple.of(2, Arbitraries.just("HEAD")),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("PATCH", "OPTIONS")));
    Arbitrary<String> segment =
        Arbitraries.of(
            "obj",
            "a",
            "b",
            "..",
            ".",
            "",
            "%2E%2E",
            "%41",
            "%2F",
            "%C3%BC",
            "%FF",
            "x%20y",
            "+",
            "%00",
            ".shardwise-tmp-1",
            "k".repeat(300),
            "%F0%9F%98%80");
    Arbitrary<String> bucket =
        Arbitraries.of(
            "fuzz", "fuzz", "fuzz", "no-such", "AB", "a", "..", "%2E%2E", ".s3meta", "x_y");
    Arbitrary<String> path =
        Combinators.combine(bucket, segment.list().ofMaxSize(4), Arbitraries.of(true, false))
            .as(
                (b, segs, slash) ->
                    "/" + b + (segs.isEmpty() ? (slash ? "/" : "") : "/" + String.join("/", segs)));
    Arbitrary<String> anyPath = Arbitraries.oneOf(path, Arbitraries.just("/"));
    Arbitrary<List<String>> query =
        Arbitraries.of(
                "list-type=2",
                "list-type=1",
                "delimiter=%2F",
                "prefix=a",
                "max-keys=-1",
                "max-keys=99999999999",
                "max-keys=2",
                "continuation-token=zz",
                "continuation-token=c3cxOmE",
                "start-after=%FF",
                "uploads",
                "uploadId=x",
                "uploadId=..%2F..",
                "partNumber=abc",
                "partNumber=3",
                "partNumber=1",
                "delete",
                "location",
                "acl",
                "tagging",
                "encoding-type=url",
                "encoding-type=zip",
                "response-content-type=x%2Fy",
                "x-id=PutObject",
                "marker=a",
                "versionId=1",
                "max-parts=0",
                "part-number-marker=x")
            .set()
            .ofMaxSize(3)
            .map(ArrayList::new);
    Arbitrary<String> range =
        Arbitraries.of(
            "bytes=0-1",
            "bytes=-3",
            "bytes=9-",
            "bytes=10-",
            "bytes=5-2",
            "bytes=0-0,2-3",
            "bytes=x");
    Arbitrary<List<String>> headers =
        Arbitraries.of(
                "Range: RANGE",
                "Content-MD5: junk",
                "Content-MD5: AAAAAAAAAAAAAAAAAAAAAA==",
                "x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER",
                "x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
                "x-amz-content-sha256: UNSIGNED-PAYLOAD",
                "x-amz-content-sha256: " + "f".repeat(64),
                "x-amz-content-sha256: bogus",
                "Content-Encoding: aws-chunked",
                "x-amz-decoded-content-length: 5",
                "x-amz-decoded-content-length: -1",
                "x-amz-trailer: x-amz-checksum-crc32",
                "x-amz-trailer: x-amz-bogus",
                "If-None-Match: *",
                "If-Match: \"x\"",
                "If-Match: *",
                "If-Modified-Since: not a date",
                "If-Unmodified-Since: Tue, 01 Jan 1980 00:00:00 GMT",
                "x-amz-copy-source: fuzz/obj",
                "x-amz-copy-source: /fuzz/%FF",
                "x-amz-copy-source: nonsense",
                "x-amz-copy-source-range: bytes=0-1",
                "x-amz-copy-source-range: bytes=0-100",
                "x-amz-checksum-crc32: AAAAAA==",
                "x-amz-checksum-sha256: x",
                "x-amz-checksum-crc64nvme: AAAAAAAAAAA=",
                "x-amz-sdk-checksum-algorithm: CRC32",
                "x-amz-checksum-algorithm: MD5",
                "x-amz-checksum-type: FULL",
                "x-amz-metadata-directive: BOGUS",
                "x-amz-meta-a: b",
                "x-amz-checksum-mode: ENABLED")
            .set()
            .ofMaxSize(4)
            .map(ArrayList::new);
    Arbitrary<List<String>> rangedHeaders =
        Combinators.combine(headers, range)
            .as((hs, rg) -> hs.stream().map(h -> h.replace("RANGE", rg)).toList());
    Arbitrary<byte[]> body =
        Arbitraries.oneOf(
            Arbitraries.just((byte[]) null),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
            Arbitraries.of(
                    "<Delete><Object><Key>obj2</Key></Object></Delete>",
                    "<Delete><Quiet>true</Quiet><Object><Key>..</Key><ETag>\"x\"</ETag></Object></Delete>",
                    "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>x</ETag></Part></CompleteMultipartUpload>",
                    "<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>",
                    "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"e\">]><Delete/>",
                    "5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n",
                    "5\r\nhel",
                    "<Delete>" + "<Object><Key>k</Key></Object>".repeat(3) + "</Delete>")
                .map(s -> s.getBytes(StandardCharsets.UTF_8)));
    return Combinators.combine(method, anyPath, query, rangedHeaders, body).as(Request::new);
  }
}
