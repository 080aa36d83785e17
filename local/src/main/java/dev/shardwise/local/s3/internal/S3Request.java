package dev.shardwise.local.s3.internal;

import com.sun.net.httpserver.HttpExchange;
import dev.shardwise.local.s3.S3Exception;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One path-style S3 request: {@code /<bucket>/<key>?<query>}, with the bucket, key and query
 * parameters percent-decoded (UTF-8). A key is everything after the bucket's slash, so {@code
 * /b/a//c} is the key {@code a//c}.
 */
public final class S3Request {
  private final HttpExchange exchange;
  private final String method;
  private final String bucket;
  private final String key;
  private final Map<String, String> query;

  private S3Request(
      HttpExchange exchange, String method, String bucket, String key, Map<String, String> query) {
    this.exchange = exchange;
    this.method = method;
    this.bucket = bucket;
    this.key = key;
    this.query = query;
  }

  /** Parses the exchange's request line; a bad percent-encoding is 400 {@code InvalidURI}. */
  public static S3Request parse(HttpExchange exchange) throws S3Exception {
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    String rawPath = exchange.getRequestURI().getRawPath();
    if (rawPath == null || rawPath.isEmpty()) {
      rawPath = "/";
    }
    String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
    String bucket = null;
    String key = null;
    if (!path.isEmpty()) {
      int slash = path.indexOf('/');
      bucket = decode(slash < 0 ? path : path.substring(0, slash), false);
      if (slash >= 0 && slash + 1 < path.length()) {
        key = decode(path.substring(slash + 1), false);
      }
    }
    Map<String, String> query = new LinkedHashMap<>();
    String rawQuery = exchange.getRequestURI().getRawQuery();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq), true);
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
        query.putIfAbsent(name, value);
      }
    }
    return new S3Request(exchange, method, bucket, key, query);
  }

  public HttpExchange exchange() {
    return exchange;
  }

  public String method() {
    return method;
  }

  /** The bucket, or null for the service ({@code GET /}). */
  public String bucket() {
    return bucket;
  }

  /** The key, or null for a bucket-level request. */
  public String key() {
    return key;
  }

  public boolean has(String param) {
    return query.containsKey(param);
  }

  /** A query parameter's value ("" when present without one), or null. */
  public String param(String name) {
    return query.get(name);
  }

  public Map<String, String> query() {
    return query;
  }

  /** A request header (case-insensitive), or null. */
  public String header(String name) {
    return exchange.getRequestHeaders().getFirst(name);
  }

  /** Every request header name with its values (names as the JDK normalised them). */
  public Map<String, List<String>> headers() {
    return exchange.getRequestHeaders();
  }

  /** {@code /bucket/key} for error bodies. */
  public String resource() {
    if (bucket == null) {
      return "/";
    }
    return "/" + bucket + (key == null ? "" : "/" + key);
  }

  /** The request id the server assigned (also sent as {@code x-amz-request-id}). */
  public String requestId() {
    String id = exchange.getResponseHeaders().getFirst("x-amz-request-id");
    return id == null ? "0" : id;
  }

  /** Percent-decodes UTF-8; in a query string {@code +} is a space, in a path it is itself. */
  public static String decode(String s, boolean plusIsSpace) throws S3Exception {
    if (s.indexOf('%') < 0 && !(plusIsSpace && s.indexOf('+') >= 0)) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          throw invalidUri();
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw invalidUri();
        }
        out.write(hi << 4 | lo);
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        out.write(' ');
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
          b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        out.write(b, 0, b.length);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw invalidUri();
    }
  }

  private static S3Exception invalidUri() {
    return new S3Exception("InvalidURI", 400, "Couldn't parse the specified URI.");
  }
}
