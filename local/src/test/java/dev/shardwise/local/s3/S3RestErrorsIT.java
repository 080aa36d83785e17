package dev.shardwise.local.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Malformed and unsupported requests on the wire: S3's error codes and XML shape, no 500s. */
class S3RestErrorsIT {
  @TempDir static Path data;
  static LocalS3 s3;

  @BeforeAll
  static void start() throws Exception {
    s3 = new LocalS3(data);
    s3.store.createBucket("errors");
    s3.store.put("errors", "obj", "0123456789".getBytes(StandardCharsets.UTF_8));
  }

  @AfterAll
  static void stop() {
    s3.close();
  }

  static RawHttp.Response send(String method, String target, byte[] body, String... headers)
      throws Exception {
    return RawHttp.send(s3.endpoint(), method, target, body, headers);
  }

  static Element errorBody(RawHttp.Response r) throws Exception {
    assertThat(r.header("content-type")).isEqualTo("application/xml");
    Element root =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(r.body()))
            .getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("Error");
    assertThat(root.getAttribute("xmlns")).isEmpty();
    return root;
  }

  static String text(Element e, String child) {
    var nodes = e.getElementsByTagName(child);
    return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
  }

  static void assertError(RawHttp.Response r, int status, String code) throws Exception {
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    Element e = errorBody(r);
    assertThat(text(e, "Code")).isEqualTo(code);
    assertThat(text(e, "Message")).isNotBlank();
    assertThat(text(e, "RequestId")).isEqualTo(r.header("x-amz-request-id"));
    assertThat(text(e, "HostId")).isNotBlank();
  }

  /**
   * The JDK server answers {@code Expect: 100-continue} before the handler runs; an error that
   * comes before the body is read must close the connection, or the client (which never sends the
   * body once it saw the error) and the server disagree about where the next request starts.
   */
  @Test
  void earlyErrorsOnPutsWithABody_leaveTheClientsConnectionsUsable() {
    // no retries: a connection out of step fails the call instead of being papered over
    try (S3Client c =
        s3.clientBuilder()
            .httpClient(
                UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(5)).build())
            .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry()))
            .build()) {
      for (int i = 0; i < 4; i++) {
        assertThatThrownBy(
                () ->
                    c.putObject(
                        b -> b.bucket("no-such-bucket").key("k"),
                        RequestBody.fromBytes(new byte[2000])))
            .isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(
                () ->
                    c.putObject(
                        b -> b.bucket("errors").key("obj").ifMatch("\"0000\""),
                        RequestBody.fromBytes(new byte[2000])))
            .isInstanceOfSatisfying(
                S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
      }
    }
  }

  @Test
  void noSuchKey_hasS3sExactShape() throws Exception {
    RawHttp.Response r = send("GET", "/errors/missing%20key", null);

    assertError(r, 404, "NoSuchKey");
    Element e = errorBody(r);
    assertThat(text(e, "Message")).isEqualTo("The specified key does not exist.");
    assertThat(text(e, "Key")).isEqualTo("missing key");
    assertThat(text(e, "Resource")).isEqualTo("/errors/missing key");
    assertThat(r.text())
        .startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code>");
  }

  /** Found by {@link S3RestFuzzIT}: these requests used to close the connection unanswered. */
  @Test
  void keysUnderAnObjectsKey_areNoSuchKey_andDeletingThemKeepsTheObject() throws Exception {
    assertError(send("GET", "/errors/obj/x", null), 404, "NoSuchKey");
    assertError(send("GET", "/errors/obj/b/c?partNumber=1", null), 404, "NoSuchKey");
    assertThat(send("HEAD", "/errors/obj/x", null).status()).isEqualTo(404);
    assertError(send("DELETE", "/errors/obj/x", null, "If-Match: *"), 404, "NoSuchKey");
    assertThat(send("DELETE", "/errors/obj/x", null).status()).isEqualTo(204);

    assertThat(send("GET", "/errors/obj", null).text()).isEqualTo("0123456789");
  }

  @Test
  void headErrors_haveNoBody() throws Exception {
    RawHttp.Response key = send("HEAD", "/errors/missing", null);
    RawHttp.Response bucket = send("HEAD", "/no-such-bucket", null);

    assertThat(key.status()).isEqualTo(404);
    assertThat(key.body()).isEmpty();
    assertThat(key.header("x-amz-request-id")).isNotBlank();
    assertThat(bucket.status()).isEqualTo(404);
    assertThat(bucket.body()).isEmpty();
  }

  @Test
  void ranges_badSyntaxServesAll_unsatisfiableIs416() throws Exception {
    RawHttp.Response ignored = send("GET", "/errors/obj", null, "Range: bytes=5-1");
    RawHttp.Response junk = send("GET", "/errors/obj", null, "Range: pages=1");
    RawHttp.Response beyond = send("GET", "/errors/obj", null, "Range: bytes=10-");

    assertThat(ignored.status()).isEqualTo(200);
    assertThat(ignored.text()).isEqualTo("0123456789");
    assertThat(junk.status()).isEqualTo(200);
    assertError(beyond, 416, "InvalidRange");
    assertThat(text(errorBody(beyond), "ActualObjectSize")).isEqualTo("10");
    assertThat(text(errorBody(beyond), "RangeRequested")).isEqualTo("bytes=10-");
  }

  @Test
  void deleteObjects_badBodies() throws Exception {
    byte[] notXml = "not xml".getBytes(StandardCharsets.UTF_8);
    byte[] xxe =
        ("<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<Delete><Object><Key>&x;</Key></Object></Delete>")
            .getBytes(StandardCharsets.UTF_8);
    StringBuilder many = new StringBuilder("<Delete>");
    for (int i = 0; i < 1001; i++) {
      many.append("<Object><Key>k").append(i).append("</Key></Object>");
    }
    byte[] tooMany = many.append("</Delete>").toString().getBytes(StandardCharsets.UTF_8);
    byte[] good = "<Delete><Object><Key>x</Key></Object></Delete>".getBytes(StandardCharsets.UTF_8);

    assertError(send("POST", "/errors?delete", notXml, md5(notXml)), 400, "MalformedXML");
    assertError(send("POST", "/errors?delete", xxe, md5(xxe)), 400, "MalformedXML");
    assertError(send("POST", "/errors?delete", tooMany, md5(tooMany)), 400, "MalformedXML");
    assertError(send("POST", "/errors?delete", good), 400, "InvalidRequest");
    assertError(
        send(
            "POST",
            "/errors?delete",
            good,
            "Content-MD5: " + Base64.getEncoder().encodeToString(new byte[16])),
        400,
        "BadDigest");
    assertError(send("POST", "/errors?delete", good, "Content-MD5: nope"), 400, "InvalidDigest");
    assertThat(send("POST", "/errors?delete", good, md5(good)).text())
        .contains("<Deleted><Key>x</Key></Deleted>");
  }

  @Test
  void unsupportedSubResources_are501_unknownParametersAreIgnored() throws Exception {
    for (String q : new String[] {"acl", "tagging", "versioning", "policy", "lifecycle"}) {
      RawHttp.Response r = send("GET", "/errors/obj?" + q, null);
      assertError(r, 501, "NotImplemented");
      assertThat(text(errorBody(r), "Message")).contains(q);
    }
    assertThat(send("GET", "/errors/obj?x-id=GetObject&whatever=1", null).text())
        .isEqualTo("0123456789");
    assertError(send("GET", "/errors?list-type=3", null), 400, "InvalidArgument");
    assertError(send("GET", "/errors?list-type=2&max-keys=abc", null), 400, "InvalidArgument");
    assertError(
        send("GET", "/errors?list-type=2&encoding-type=base64", null), 400, "InvalidArgument");
    assertError(
        send("GET", "/errors?list-type=2&continuation-token=%21%21", null), 400, "InvalidArgument");
  }

  @Test
  void badBucketNamesAndUris() throws Exception {
    assertError(send("PUT", "/Bad_Bucket", new byte[0]), 400, "InvalidBucketName");
    assertError(send("GET", "/ab/key", null), 400, "InvalidBucketName");
    assertError(send("PUT", "/..", new byte[0]), 400, "InvalidBucketName");
    // a request line that is not a URI never reaches a handler: the JDK server answers 400 itself
    assertThat(send("GET", "/errors/%zz", null).status()).isEqualTo(400);
    assertError(send("GET", "/errors/%C3%28", null), 400, "InvalidURI");
    assertError(send("GET", "/no-such-bucket/k", null), 404, "NoSuchBucket");
  }

  @Test
  void methodsAndLengths() throws Exception {
    assertError(send("PATCH", "/errors/obj", new byte[0]), 405, "MethodNotAllowed");
    assertError(send("POST", "/errors/obj", new byte[0]), 405, "MethodNotAllowed");
    assertError(send("DELETE", "/", null), 405, "MethodNotAllowed");
    assertError(send("PUT", "/errors/no-length", null), 411, "MissingContentLength");
    assertError(
        send("PUT", "/errors/k", new byte[1], "x-amz-content-sha256: nonsense"),
        400,
        "InvalidArgument");
    assertError(
        send("PUT", "/errors/k", new byte[1], "If-None-Match: \"abc\""), 501, "NotImplemented");
    assertError(
        send("PUT", "/errors/k", new byte[1], "x-amz-checksum-crc32: !!"), 400, "InvalidRequest");
    assertError(
        send("PUT", "/errors/k", new byte[1], "x-amz-sdk-checksum-algorithm: CRC32"),
        400,
        "InvalidRequest");
    assertError(send("GET", "/errors/obj?partNumber=0", null), 400, "InvalidArgument");
    assertError(send("GET", "/errors/obj?partNumber=2", null), 416, "InvalidPartNumber");
    assertError(
        send("PUT", "/errors/k?partNumber=1&uploadId=nope", new byte[1]), 404, "NoSuchUpload");
  }

  @Test
  void malformedAwsChunkedBodies_are400_andStoreNothing() throws Exception {
    String[] bodies = {
      "5\r\nabc", // ends inside a chunk
      "3\r\nabcdef\r\n0\r\n\r\n", // chunk longer than declared
      "3\r\nabc\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n", // no final CRLF
      "zz\r\n", // not hex
    };
    for (int i = 0; i < bodies.length; i++) {
      byte[] body = bodies[i].getBytes(StandardCharsets.US_ASCII);
      RawHttp.Response r =
          send(
              "PUT",
              "/errors/chunked-" + i,
              body,
              "x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER",
              "Content-Encoding: aws-chunked",
              "x-amz-decoded-content-length: 3",
              "x-amz-trailer: x-amz-checksum-crc32");
      assertThat(r.status()).as(bodies[i]).isEqualTo(400);
      assertThat(data.resolve("errors/chunked-" + i)).doesNotExist();
    }
    RawHttp.Response noLength =
        send(
            "PUT",
            "/errors/chunked-x",
            "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
            "x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
            "Content-Encoding: aws-chunked");
    assertError(noLength, 411, "MissingContentLength");
  }

  @Test
  void theServerKeepsServing_afterGarbageOnTheSocket() throws Exception {
    for (String garbage :
        new String[] {
          "\r\n\r\n",
          "GET\r\n\r\n",
          "NOT HTTP AT ALL\r\n\r\n",
          "GET / HTTP/1.1\r\nHost\r\n\r\n",
          "PUT /errors/x HTTP/1.1\r\nContent-Length: -5\r\n\r\n"
        }) {
      try {
        RawHttp.exchange(s3.endpoint(), garbage.getBytes(StandardCharsets.ISO_8859_1), false, 1000);
      } catch (java.net.SocketTimeoutException stillWaitingForARequest) {
        // the server may wait for the rest of a request that never comes; we hang up
      }
    }

    assertThat(send("GET", "/errors/obj", null).text()).isEqualTo("0123456789");
  }

  static String md5(byte[] body) {
    return "Content-MD5: " + Base64.getEncoder().encodeToString(FileObjectStoreTest.md5(body));
  }
}
