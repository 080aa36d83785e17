package dev.shardwise.consumer.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A path-style S3 endpoint on 127.0.0.1 with GET and conditional PUT ({@code If-Match}, {@code
 * If-None-Match: *}), MD5 ETags, S3-shaped XML errors, and injectable faults.
 */
public final class FakeS3 implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
  private final AtomicInteger failNext = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile Runnable beforePut = () -> {};

  public FakeS3() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The next {@code n} requests answer 503 SlowDown. */
  public void failNext(int n) {
    failNext.set(n);
  }

  /** Runs before each PUT is applied (to simulate a concurrent writer). */
  public void beforePut(Runnable r) {
    beforePut = r;
  }

  public int requests() {
    return requests.get();
  }

  public byte[] object(String bucket, String key) {
    return objects.get(bucket + "/" + key);
  }

  public void putObject(String bucket, String key, byte[] data) {
    objects.put(bucket + "/" + key, data);
  }

  private static String etag(byte[] data) {
    try {
      return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data)) + "\"";
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Serves one request (also used by a combined stub endpoint). */
  public synchronized void handle(HttpExchange ex) throws IOException {
    try (ex) {
      requests.incrementAndGet();
      byte[] body = ex.getRequestBody().readAllBytes();
      if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        error(ex, 503, "SlowDown", "Please reduce your request rate.");
        return;
      }
      String path = ex.getRequestURI().getPath().substring(1);
      byte[] current = objects.get(path);
      switch (ex.getRequestMethod()) {
        case "GET" -> {
          if (current == null) {
            error(ex, 404, "NoSuchKey", "The specified key does not exist.");
            return;
          }
          ex.getResponseHeaders().set("ETag", etag(current));
          ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
          ex.sendResponseHeaders(200, current.length);
          try (OutputStream os = ex.getResponseBody()) {
            os.write(current);
          }
        }
        case "PUT" -> {
          String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
          if (encoding != null && encoding.contains("aws-chunked")) {
            error(ex, 501, "NotImplemented", "this fake does not decode aws-chunked bodies");
            return;
          }
          beforePut.run();
          current = objects.get(path);
          String ifMatch = ex.getRequestHeaders().getFirst("If-Match");
          String ifNoneMatch = ex.getRequestHeaders().getFirst("If-None-Match");
          boolean ok =
              (ifMatch == null || (current != null && etag(current).equals(ifMatch)))
                  && (ifNoneMatch == null || (ifNoneMatch.equals("*") && current == null));
          if (!ok) {
            error(ex, 412, "PreconditionFailed", "At least one of the pre-conditions did not hold");
            return;
          }
          objects.put(path, body);
          ex.getResponseHeaders().set("ETag", etag(body));
          ex.sendResponseHeaders(200, -1);
        }
        default -> error(ex, 405, "MethodNotAllowed", ex.getRequestMethod());
      }
    }
  }

  private static void error(HttpExchange ex, int status, String code, String message)
      throws IOException {
    byte[] xml =
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
                + code
                + "</Code><Message>"
                + message
                + "</Message><RequestId>fake</RequestId></Error>")
            .getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/xml");
    ex.sendResponseHeaders(status, xml.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(xml);
    }
  }

  /** Mutates an object in place (for the lost-race test). */
  public void replace(String bucket, String key, byte[] data) {
    objects.put(bucket + "/" + key, data);
  }

  /** Removes every object. */
  public void clear() {
    objects.clear();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** The ETag an object would have. */
  public static String etagOf(byte[] data) {
    return etag(data);
  }
}
