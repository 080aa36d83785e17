package dev.shardwise.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LocalServerIT {

  /** Echoes a string, a blob and a timestamp back; fails on request. */
  static final class EchoService implements JsonService {
    @Override
    public String targetPrefix() {
      return "Echo_20240101";
    }

    @Override
    public int maxRequestBytes() {
      return 1024;
    }

    @Override
    public ObjectNode handle(JsonRequest req) throws AwsServiceException {
      switch (req.operation()) {
        case "Echo" -> {
          ObjectNode out = req.newResponse();
          out.put("Name", req.requiredString("Name"));
          byte[] data = req.body().has("Data") ? req.requiredBlob("Data") : new byte[0];
          out.put("Data", data);
          Instant at = req.optionalTimestamp("At");
          if (at != null) {
            out.set("At", req.timestamp(at));
          }
          return out;
        }
        case "Boom" -> throw new IllegalStateException("bug");
        default -> throw AwsServiceException.unknownOperation(req.operation());
      }
    }
  }

  static LocalServer server;
  static HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws IOException {
    server = LocalServer.builder().port(0).build().register(new EchoService()).start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<byte[]> post(String target, WireFormat format, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
            .header("Content-Type", format.contentType())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (target != null) {
      b.header("X-Amz-Target", target);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static JsonNode parse(WireFormat format, HttpResponse<byte[]> r) throws IOException {
    return format.mapper().readTree(r.body());
  }

  @Test
  void endpoint_isLoopbackOnly() {
    assertThat(server.endpoint().getHost()).isEqualTo("127.0.0.1");
  }

  @Test
  void json_roundTripsStringsBlobsAndTimestampsInSeconds() throws Exception {
    byte[] body =
        "{\"Name\":\"héllo\",\"Data\":\"AAEC\",\"At\":1700000000.123}"
            .getBytes(StandardCharsets.UTF_8);

    HttpResponse<byte[]> r = post("Echo_20240101.Echo", WireFormat.JSON, body);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
    assertThat(r.headers().firstValue("x-amzn-RequestId")).isPresent();
    JsonNode out = parse(WireFormat.JSON, r);
    assertThat(out.get("Name").asText()).isEqualTo("héllo");
    assertThat(out.get("Data").asText()).isEqualTo("AAEC");
    assertThat(out.get("At").decimalValue()).isEqualByComparingTo("1700000000.123");
  }

  @Test
  void cbor_roundTripsBlobsAsByteStringsAndTimestampsInMillis() throws Exception {
    ObjectNode in = WireFormat.CBOR.mapper().createObjectNode();
    in.put("Name", "n");
    in.put("Data", new byte[] {0, 1, 2});
    in.put("At", 1700000000123L);

    HttpResponse<byte[]> r = post("Echo_20240101.Echo", WireFormat.CBOR, WireFormat.CBOR.write(in));

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode out = parse(WireFormat.CBOR, r);
    assertThat(out.get("Data").binaryValue()).containsExactly(0, 1, 2);
    assertThat(out.get("At").longValue()).isEqualTo(1700000000123L);
  }

  @Test
  void missingRequiredMember_isValidationExceptionWordedLikeAws() throws Exception {
    HttpResponse<byte[]> r = post("Echo_20240101.Echo", WireFormat.JSON, "{}".getBytes());

    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode err = parse(WireFormat.JSON, r);
    assertThat(err.get("__type").asText()).isEqualTo("ValidationException");
    assertThat(err.get("message").asText())
        .isEqualTo(
            "1 validation error detected: Value null at 'name' failed to satisfy constraint: "
                + "Member must not be null");
    assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("ValidationException");
  }

  @Test
  void wrongMemberType_isSerializationException() throws Exception {
    HttpResponse<byte[]> r = post("Echo_20240101.Echo", WireFormat.JSON, "{\"Name\":5}".getBytes());

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(parse(WireFormat.JSON, r).get("__type").asText())
        .isEqualTo("SerializationException");
  }

  @Test
  void badBase64_isSerializationException() throws Exception {
    HttpResponse<byte[]> r =
        post("Echo_20240101.Echo", WireFormat.JSON, "{\"Name\":\"a\",\"Data\":\"%%%\"}".getBytes());

    assertThat(parse(WireFormat.JSON, r).get("__type").asText())
        .isEqualTo("SerializationException");
  }

  @Test
  void unknownOperationAndUnknownService_areUnknownOperationException() throws Exception {
    for (String target : new String[] {"Echo_20240101.Nope", "Nobody_1.Echo", "NoDot"}) {
      HttpResponse<byte[]> r = post(target, WireFormat.JSON, "{}".getBytes());
      assertThat(r.statusCode()).as(target).isEqualTo(400);
      assertThat(parse(WireFormat.JSON, r).get("__type").asText())
          .as(target)
          .isEqualTo("UnknownOperationException");
    }
  }

  @Test
  void oversizedBody_is413AndTheServerKeepsServing() throws Exception {
    HttpResponse<byte[]> r = post("Echo_20240101.Echo", WireFormat.JSON, new byte[4096]);

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(
            post("Echo_20240101.Echo", WireFormat.JSON, "{\"Name\":\"x\"}".getBytes()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void bugInAService_isInternalFailure500() throws Exception {
    HttpResponse<byte[]> r = post("Echo_20240101.Boom", WireFormat.JSON, "{}".getBytes());

    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(parse(WireFormat.JSON, r).get("__type").asText()).isEqualTo("InternalFailure");
  }

  @Test
  void interceptor_injectsWholeCallFaults() throws Exception {
    server.interceptor(
        t -> {
          if (t.endsWith(".Echo")) {
            throw AwsServiceException.serviceUnavailable("injected");
          }
        });
    try {
      HttpResponse<byte[]> r =
          post("Echo_20240101.Echo", WireFormat.JSON, "{\"Name\":\"x\"}".getBytes());
      assertThat(r.statusCode()).isEqualTo(503);
    } finally {
      server.interceptor(Interceptor.NONE);
    }
  }

  @Test
  void fuzzedBodies_alwaysGetAnAwsShapedAnswerAndNeverA500() throws Exception {
    Random random = new Random(42);
    String[] seeds = {"{\"Name\":\"a\"}", "{\"Name\":[{\"x\":1}]}", "[]", "{\"Data\":\"AA==\"}"};
    for (int i = 0; i < 400; i++) {
      WireFormat format = i % 2 == 0 ? WireFormat.JSON : WireFormat.CBOR;
      byte[] body;
      if (i % 3 == 0) {
        body = new byte[random.nextInt(64)];
        random.nextBytes(body);
      } else {
        String s = seeds[random.nextInt(seeds.length)];
        byte[] b =
            format == WireFormat.JSON
                ? s.getBytes(StandardCharsets.UTF_8)
                : WireFormat.CBOR.write(WireFormat.JSON.mapper().readTree(s));
        body = b.clone();
        int flips = 1 + random.nextInt(3);
        for (int f = 0; f < flips && body.length > 0; f++) {
          body[random.nextInt(body.length)] = (byte) random.nextInt(256);
        }
      }

      HttpResponse<byte[]> r = post("Echo_20240101.Echo", format, body);

      assertThat(r.statusCode()).as("fuzz case %d", i).isIn(200, 400);
      if (r.statusCode() == 400) {
        JsonNode err = parse(format, r);
        assertThat(err.get("__type").asText())
            .as("fuzz case %d", i)
            .isIn("SerializationException", "ValidationException");
      }
    }
    assertThat(
            post("Echo_20240101.Echo", WireFormat.JSON, "{\"Name\":\"x\"}".getBytes()).statusCode())
        .isEqualTo(200);
  }
}
