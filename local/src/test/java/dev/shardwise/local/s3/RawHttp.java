package dev.shardwise.local.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sends exactly the bytes a test writes (request line, headers, body) over a fresh socket and reads
 * one HTTP/1.1 response: what a fuzzer or a hand-built aws-chunked body needs, and what HTTP client
 * libraries refuse to send.
 */
final class RawHttp {
  record Response(int status, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private RawHttp() {}

  /**
   * A request with a body and a correct Content-Length; {@code headers} are "Name: value" lines.
   */
  static Response send(URI endpoint, String method, String target, byte[] body, String... headers)
      throws IOException {
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: ")
        .append(endpoint.getHost())
        .append(':')
        .append(endpoint.getPort())
        .append("\r\n");
    for (String h : headers) {
      head.append(h).append("\r\n");
    }
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    if (body != null) {
      all.writeBytes(body);
    }
    return exchange(endpoint, all.toByteArray(), "HEAD".equals(method));
  }

  /** Writes raw bytes and reads the response (null if the server closed without one). */
  static Response exchange(URI endpoint, byte[] request, boolean head) throws IOException {
    return exchange(endpoint, request, head, 20_000);
  }

  static Response exchange(URI endpoint, byte[] request, boolean head, int timeoutMillis)
      throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 5000);
      s.setSoTimeout(timeoutMillis);
      OutputStream out = s.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = s.getInputStream();
      String statusLine = line(in);
      if (statusLine == null) {
        return null;
      }
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      String l;
      while ((l = line(in)) != null && !l.isEmpty()) {
        int c = l.indexOf(':');
        headers.put(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim());
      }
      byte[] body = new byte[0];
      String len = headers.get("content-length");
      if (!head && status != 204 && status != 304) {
        if (len != null) {
          body = in.readNBytes(Integer.parseInt(len));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
          body = chunked(in);
        }
      }
      return new Response(status, headers, body);
    }
  }

  private static byte[] chunked(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      int n = Integer.parseInt(line(in).trim(), 16);
      if (n == 0) {
        line(in);
        return out.toByteArray();
      }
      out.writeBytes(in.readNBytes(n));
      line(in);
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }
}
