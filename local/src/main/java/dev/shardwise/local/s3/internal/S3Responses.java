package dev.shardwise.local.s3.internal;

import com.sun.net.httpserver.HttpExchange;
import dev.shardwise.local.s3.S3Exception;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/** Sends S3 responses: XML documents, empty bodies, and errors in S3's XML shape. */
public final class S3Responses {
  /** What S3 sends as {@code HostId}; ours is fixed (there is one host). */
  public static final String HOST_ID = "c2hhcmR3aXNlLWxvY2FsLXMz";

  private S3Responses() {}

  public static void xml(HttpExchange ex, int status, Xml doc) throws IOException {
    byte[] body = doc.toBytes();
    ex.getResponseHeaders().set("Content-Type", "application/xml");
    send(ex, status, body);
  }

  /** A response without a body ({@code Content-Length: 0}, or none for 204/304). */
  public static void empty(HttpExchange ex, int status) throws IOException {
    ex.sendResponseHeaders(status, -1);
  }

  /**
   * An error: {@code <Error><Code/><Message/>...details...<Resource/><RequestId/><HostId/></Error>}
   * without a namespace, as S3 sends it; a HEAD gets the status and no body.
   */
  private static final long MAX_DRAINED_BYTES = 64L << 20;

  public static void error(HttpExchange ex, S3Request req, S3Exception e) throws IOException {
    String requestId =
        req != null ? req.requestId() : ex.getResponseHeaders().getFirst("x-amz-request-id");
    ex.getResponseHeaders().set("x-amz-id-2", HOST_ID);
    finishReadingBody(ex);
    if ("HEAD".equalsIgnoreCase(ex.getRequestMethod())) {
      ex.getResponseHeaders().set("x-amz-error-code", e.code());
      ex.sendResponseHeaders(e.httpStatus(), -1);
      return;
    }
    Xml doc =
        Xml.plainDocument("Error").element("Code", e.code()).element("Message", e.getMessage());
    for (Map.Entry<String, String> d : e.details().entrySet()) {
      doc.element(d.getKey(), d.getValue());
    }
    doc.element("Resource", req == null ? ex.getRequestURI().getRawPath() : req.resource())
        .element("RequestId", requestId)
        .element("HostId", HOST_ID);
    xml(ex, e.httpStatus(), doc);
  }

  /**
   * The JDK server answers {@code Expect: 100-continue} before any handler runs, so a client that
   * asked is sending the body even when the answer is an early error (a failed precondition, a
   * missing bucket). Read it before answering: a client that saw the error next to the "100
   * Continue" would otherwise stop sending, and client and server would disagree about where the
   * next request on the connection starts. A body too large to read is not read and the connection
   * is closed instead.
   */
  private static void finishReadingBody(HttpExchange ex) {
    String length = ex.getRequestHeaders().getFirst("Content-Length");
    try {
      if (length != null && Long.parseLong(length.trim()) > MAX_DRAINED_BYTES) {
        ex.getResponseHeaders().set("Connection", "close");
        return;
      }
    } catch (NumberFormatException e) {
      ex.getResponseHeaders().set("Connection", "close");
      return;
    }
    byte[] buf = new byte[8192];
    try (InputStream in = ex.getRequestBody()) {
      long total = 0;
      int n;
      while ((n = in.read(buf)) >= 0) {
        total += n;
        if (total > MAX_DRAINED_BYTES) {
          ex.getResponseHeaders().set("Connection", "close");
          return;
        }
      }
    } catch (IOException e) {
      ex.getResponseHeaders().set("Connection", "close");
    }
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    if ("HEAD".equalsIgnoreCase(ex.getRequestMethod())) {
      ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
