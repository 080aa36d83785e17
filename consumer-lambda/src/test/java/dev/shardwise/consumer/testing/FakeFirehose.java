package dev.shardwise.consumer.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Firehose endpoint on 127.0.0.1 speaking AWS JSON 1.1 ({@code PutRecordBatch} only), with faults
 * on demand: a {@link Behaviour} decides, per call, to answer with an HTTP error or to fail chosen
 * entries. Accepted records are kept per stream, in order.
 */
public final class FakeFirehose implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What to do with one call: {@code null} fails nothing. */
  @FunctionalInterface
  public interface Behaviour {
    Fault on(int call, String stream, List<byte[]> records);
  }

  /** An HTTP error for the whole call, or entries to fail with a per-record error code. */
  public record Fault(int status, String errorType, List<Integer> failedEntries) {
    public static Fault http(int status, String errorType) {
      return new Fault(status, errorType, List.of());
    }

    public static Fault entries(List<Integer> failed) {
      return new Fault(200, null, failed);
    }
  }

  private final HttpServer server;
  private final Map<String, List<byte[]>> accepted = new ConcurrentHashMap<>();
  private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
  private final List<Long> batchBytes = new CopyOnWriteArrayList<>();
  private volatile Behaviour behaviour = (call, stream, records) -> null;
  private int calls;

  public FakeFirehose() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public void behave(Behaviour b) {
    behaviour = b;
  }

  public List<byte[]> accepted(String stream) {
    return accepted.getOrDefault(stream, List.of());
  }

  public synchronized int calls() {
    return calls;
  }

  public List<Integer> batchSizes() {
    return batchSizes;
  }

  public List<Long> batchBytes() {
    return batchBytes;
  }

  /** Serves one request (also used by a combined stub endpoint). */
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
      JsonNode body = JSON.readTree(ex.getRequestBody());
      if (!"Firehose_20150804.PutRecordBatch".equals(target)) {
        send(ex, 400, error("UnknownOperationException", "not supported here: " + target));
        return;
      }
      String stream = body.path("DeliveryStreamName").asText();
      List<byte[]> records = new ArrayList<>();
      long bytes = 0;
      for (JsonNode r : body.path("Records")) {
        byte[] data = Base64.getDecoder().decode(r.path("Data").asText());
        records.add(data);
        bytes += data.length;
      }
      int call;
      synchronized (this) {
        call = ++calls;
      }
      batchSizes.add(records.size());
      batchBytes.add(bytes);
      Fault fault = behaviour.on(call, stream, records);
      if (fault != null && fault.status() != 200) {
        send(ex, fault.status(), error(fault.errorType(), "injected fault on call " + call));
        return;
      }
      List<Integer> failed = fault == null ? List.of() : fault.failedEntries();
      ObjectNode out = JSON.createObjectNode();
      out.put("FailedPutCount", failed.size());
      out.put("Encrypted", false);
      ArrayNode responses = out.putArray("RequestResponses");
      List<byte[]> sink = accepted.computeIfAbsent(stream, k -> new CopyOnWriteArrayList<>());
      for (int i = 0; i < records.size(); i++) {
        ObjectNode entry = responses.addObject();
        if (failed.contains(i)) {
          entry.put("ErrorCode", "ServiceUnavailableException");
          entry.put("ErrorMessage", "Slow down.");
        } else {
          entry.put("RecordId", "rec-" + call + "-" + i);
          sink.add(records.get(i));
        }
      }
      send(ex, 200, out);
    }
  }

  private static ObjectNode error(String type, String message) {
    ObjectNode n = JSON.createObjectNode();
    n.put("__type", type);
    n.put("message", message);
    return n;
  }

  private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
    ex.getResponseHeaders().set("x-amzn-RequestId", "fake-" + System.identityHashCode(body));
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** Decodes accepted records as UTF-8 strings. */
  public List<String> acceptedText(String stream) {
    return accepted(stream).stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
  }
}
