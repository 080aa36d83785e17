package dev.shardwise.local.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP endpoint for every local service. A request with an {@code X-Amz-Target} header goes to
 * the {@link JsonService} registered for the header's prefix; any other request goes to the {@link
 * RestService} (S3, path-style). Binds to {@code 127.0.0.1} unless told otherwise.
 *
 * <p>Credentials are accepted without checking and never logged. Malformed requests are answered
 * with AWS error codes and the server keeps serving.
 */
public final class LocalServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalServer.class);

  static {
    // The JDK server leaves Nagle's algorithm on by default; with delayed ACKs every small
    // response then waits ~40 ms. Read once, when the JDK's server classes load.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer http;
  private final ExecutorService workers;
  private final Map<String, JsonService> jsonServices = new ConcurrentHashMap<>();
  private volatile RestService restService;
  private final Map<String, RestService> signedServices = new ConcurrentHashMap<>();
  private volatile Interceptor interceptor = Interceptor.NONE;
  private final Supplier<String> requestIds;

  private LocalServer(Builder b) throws IOException {
    this.http = HttpServer.create(new InetSocketAddress(b.bindAddress, b.port), 256);
    this.workers = Executors.newFixedThreadPool(b.workerThreads, daemonThreads("shardwise-http-"));
    this.requestIds = b.requestIds;
    http.setExecutor(workers);
    http.createContext("/", this::dispatch);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Registers a JSON-protocol service under its target prefix (replacing any before it). */
  public LocalServer register(JsonService service) {
    jsonServices.put(service.targetPrefix(), service);
    return this;
  }

  /** Sets the service that answers requests without {@code X-Amz-Target} (S3). */
  public LocalServer rest(RestService service) {
    this.restService = service;
    return this;
  }

  /**
   * Registers a service for requests without {@code X-Amz-Target} that are signed (SigV4) for
   * {@code signingName}, e.g. SQS's query protocol ({@code sqs}); other such requests go to {@link
   * #rest(RestService)}.
   */
  public LocalServer rest(String signingName, RestService service) {
    signedServices.put(signingName, service);
    return this;
  }

  /** Sets the fault-injection hook ({@link Interceptor#NONE} to clear). */
  public void interceptor(Interceptor interceptor) {
    this.interceptor = Objects.requireNonNull(interceptor);
  }

  public LocalServer start() {
    http.start();
    return this;
  }

  /** The endpoint URL clients use, e.g. {@code http://127.0.0.1:4566}. */
  public URI endpoint() {
    InetSocketAddress a = http.getAddress();
    String host = a.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + a.getPort());
  }

  public int port() {
    return http.getAddress().getPort();
  }

  @Override
  public void close() {
    http.stop(0);
    workers.shutdown();
    try {
      if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  // ---- dispatch --------------------------------------------------------------------------------

  private void dispatch(HttpExchange exchange) throws IOException {
    String requestId = requestIds.get();
    exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
    exchange.getResponseHeaders().set("x-amz-request-id", requestId);
    try {
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      RestService signed = target == null ? signedService(exchange) : null;
      if (target != null) {
        dispatchJson(exchange, target);
      } else if (signed != null) {
        signed.handle(exchange);
      } else if (restService != null) {
        restService.handle(exchange);
      } else {
        sendJsonError(
            exchange,
            WireFormat.JSON,
            new AwsServiceException("UnknownOperationException", 400, "Missing X-Amz-Target"));
      }
    } catch (IOException e) {
      log.debug("connection failed while answering a request", e);
    } catch (RuntimeException e) {
      log.error("request failed unexpectedly", e);
      try {
        sendJsonError(exchange, WireFormat.JSON, AwsServiceException.internalFailure("Internal"));
      } catch (IOException | RuntimeException ignored) {
        // headers may already be sent: the connection is closed below
      }
    } finally {
      exchange.close();
    }
  }

  /** The service the request's SigV4 credential scope names, if one is registered for it. */
  private RestService signedService(HttpExchange exchange) {
    if (signedServices.isEmpty()) {
      return null;
    }
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    int at = auth == null ? -1 : auth.indexOf("Credential=");
    if (at < 0) {
      return null;
    }
    String[] scope = auth.substring(at + "Credential=".length()).split("[,/ ]");
    // access-key / date / region / service / aws4_request
    return scope.length > 3 ? signedServices.get(scope[3]) : null;
  }

  private void dispatchJson(HttpExchange exchange, String target) throws IOException {
    WireFormat format =
        WireFormat.ofContentType(exchange.getRequestHeaders().getFirst("Content-Type"));
    int dot = target.lastIndexOf('.');
    JsonService service = dot < 0 ? null : jsonServices.get(target.substring(0, dot));
    if (service == null || !"POST".equals(exchange.getRequestMethod())) {
      drain(exchange.getRequestBody());
      sendJsonError(exchange, format, AwsServiceException.unknownOperation(target));
      return;
    }
    byte[] body = readBody(exchange, service.maxRequestBytes());
    if (body == null) {
      sendJsonError(
          exchange,
          format,
          new AwsServiceException("RequestEntityTooLargeException", 413, "Request is too large"));
      return;
    }
    try {
      interceptor.before(target);
      JsonNode parsed = format.read(body);
      if (!parsed.isObject()) {
        throw AwsServiceException.serialization("Expected a structure as the request body");
      }
      JsonRequest request =
          new JsonRequest(
              target.substring(dot + 1),
              format,
              (ObjectNode) parsed,
              headers(exchange),
              body.length);
      ObjectNode response = service.handle(request);
      send(exchange, 200, format, response == null ? null : format.encode(response));
    } catch (AwsServiceException e) {
      sendJsonError(exchange, format, e);
    } catch (RuntimeException e) {
      log.error("{} failed", target, e);
      sendJsonError(exchange, format, AwsServiceException.internalFailure(describe(e)));
    }
  }

  /** The body, or {@code null} when it is longer than {@code max} (the rest is discarded). */
  private static byte[] readBody(HttpExchange exchange, int max) throws IOException {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.trim()) > max) {
          drain(exchange.getRequestBody());
          return null;
        }
      } catch (NumberFormatException e) {
        // the server would have refused a bad header; read and count instead
      }
    }
    InputStream in = exchange.getRequestBody();
    byte[] bytes = in.readNBytes(max + 1);
    if (bytes.length > max) {
      drain(in);
      return null;
    }
    return bytes;
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buf = new byte[8192];
    while (in.read(buf) >= 0) {
      // discard
    }
  }

  private static Map<String, String> headers(HttpExchange exchange) {
    Map<String, String> out = new HashMap<>();
    for (Map.Entry<String, List<String>> e : exchange.getRequestHeaders().entrySet()) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      if (name.equals("authorization") || name.startsWith("x-amz-security-token")) {
        continue; // credentials never travel further than this
      }
      if (!e.getValue().isEmpty()) {
        out.put(name, e.getValue().get(0));
      }
    }
    return out;
  }

  /** Writes an error in the JSON protocols' shape: {@code __type}, {@code message}, status. */
  public static void sendJsonError(HttpExchange exchange, WireFormat format, AwsServiceException e)
      throws IOException {
    ObjectNode body = format.mapper().createObjectNode();
    body.put("__type", e.errorCode());
    if (e.getMessage() != null) {
      body.put("message", e.getMessage());
    }
    e.fields().forEach(body::put);
    exchange.getResponseHeaders().set("x-amzn-ErrorType", e.errorCode());
    send(exchange, e.httpStatus(), format, format.encode(body));
  }

  /** Sends {@code body} ({@code null}: none) with its length, chunk by chunk. */
  private static void send(HttpExchange exchange, int status, WireFormat format, ResponseBody body)
      throws IOException {
    Headers h = exchange.getResponseHeaders();
    h.set("Content-Type", format.contentType());
    long length = body == null ? 0 : body.size();
    exchange.sendResponseHeaders(status, length == 0 ? -1 : length);
    if (length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        body.writeTo(out);
      }
    }
  }

  private static String describe(RuntimeException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Server settings, checked when built. */
  public static final class Builder {
    private InetAddress bindAddress = InetAddress.getLoopbackAddress();
    private int port = 0;
    private int workerThreads = 16;
    private Supplier<String> requestIds = sequentialRequestIds();

    /** The address to listen on; loopback unless a user asks for another explicitly. */
    public Builder bindAddress(InetAddress address) {
      this.bindAddress = Objects.requireNonNull(address, "bindAddress");
      return this;
    }

    /** The port; 0 picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0-65535, was " + port);
      }
      this.port = port;
      return this;
    }

    public Builder workerThreads(int threads) {
      if (threads < 1 || threads > 1024) {
        throw new IllegalArgumentException("workerThreads must be 1-1024, was " + threads);
      }
      this.workerThreads = threads;
      return this;
    }

    /** The source of {@code x-amzn-RequestId} values (tests pass a deterministic one). */
    public Builder requestIds(Supplier<String> ids) {
      this.requestIds = Objects.requireNonNull(ids, "requestIds");
      return this;
    }

    public LocalServer build() throws IOException {
      return new LocalServer(this);
    }

    private static Supplier<String> sequentialRequestIds() {
      AtomicLong n = new AtomicLong();
      return () -> String.format("00000000-0000-4000-8000-%012x", n.incrementAndGet());
    }
  }
}
