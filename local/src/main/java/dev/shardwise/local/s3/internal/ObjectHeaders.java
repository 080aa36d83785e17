package dev.shardwise.local.s3.internal;

import com.sun.net.httpserver.Headers;
import dev.shardwise.local.s3.ChecksumAlgorithm;
import dev.shardwise.local.s3.ObjectStore.ObjectAttributes;
import dev.shardwise.local.s3.ObjectStore.ObjectInfo;
import dev.shardwise.local.s3.ObjectStore.Precondition;
import dev.shardwise.local.s3.S3Exception;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Object attributes from request headers, and object headers on responses. */
public final class ObjectHeaders {
  /** The standard headers S3 stores with an object and returns on GET and HEAD. */
  static final List<String> STORED =
      List.of(
          "Cache-Control",
          "Content-Disposition",
          "Content-Encoding",
          "Content-Language",
          "Expires");

  private static final String META = "x-amz-meta-";
  private static final int MAX_METADATA_BYTES = 2048;

  private ObjectHeaders() {}

  /** The attributes a write request asks for; {@code algorithm} is the checksum to keep. */
  static ObjectAttributes attributes(S3Request req, ChecksumAlgorithm algorithm)
      throws S3Exception {
    Map<String, String> meta = new TreeMap<>();
    int metaBytes = 0;
    for (Map.Entry<String, List<String>> h : req.headers().entrySet()) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (name.startsWith(META) && name.length() > META.length()) {
        String value = String.join(",", h.getValue());
        String key = name.substring(META.length());
        meta.put(key, value);
        metaBytes += (key + value).getBytes(StandardCharsets.UTF_8).length;
      }
    }
    if (metaBytes > MAX_METADATA_BYTES) {
      throw new S3Exception(
              "MetadataTooLarge",
              400,
              "Your metadata headers exceed the maximum allowed metadata size")
          .withDetail("Size", Integer.toString(metaBytes))
          .withDetail("MaxSizeAllowed", Integer.toString(MAX_METADATA_BYTES));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : STORED) {
      String v = req.header(name);
      if (name.equals("Content-Encoding")) {
        v = RequestBodies.storedContentEncoding(v);
      }
      if (v != null) {
        headers.put(name, v);
      }
    }
    return new ObjectAttributes(req.header("Content-Type"), meta, headers, algorithm);
  }

  /** The conditional-write header of a PutObject, CopyObject or CompleteMultipartUpload. */
  static Precondition writePrecondition(S3Request req) throws S3Exception {
    String noneMatch = req.header("If-None-Match");
    String match = req.header("If-Match");
    if (noneMatch != null && match != null) {
      throw new S3Exception(
              "NotImplemented", 501, "A write takes either If-Match or If-None-Match, not both")
          .withDetail("Header", "If-Match");
    }
    if (noneMatch != null) {
      if (!noneMatch.trim().equals("*")) {
        throw new S3Exception(
                "NotImplemented",
                501,
                "A header you provided implies functionality that is not implemented")
            .withDetail("Header", "If-None-Match");
      }
      return Precondition.IF_NONE_MATCH_ANY;
    }
    return match == null ? Precondition.NONE : Precondition.ifMatch(match.trim());
  }

  /** Status of a conditional read: 0 to serve, 304 not modified, 412 precondition failed. */
  static int readCondition(S3Request req, ObjectInfo info, String prefix) {
    String match = req.header(prefix + "If-Match");
    String noneMatch = req.header(prefix + "If-None-Match");
    Instant modified = info.lastModified().truncatedTo(ChronoUnit.SECONDS);
    if (match != null) {
      if (!Etags.matches(match, info.etag())) {
        return 412;
      }
    } else {
      Instant since = Xml.parseHttpDate(req.header(prefix + "If-Unmodified-Since"));
      if (since != null && modified.isAfter(since)) {
        return 412;
      }
    }
    if (noneMatch != null) {
      if (Etags.matches(noneMatch, info.etag())) {
        return 304;
      }
    } else {
      Instant since = Xml.parseHttpDate(req.header(prefix + "If-Modified-Since"));
      if (since != null && !modified.isAfter(since)) {
        return 304;
      }
    }
    return 0;
  }

  /** The headers of a GET or HEAD, honouring the {@code response-*} overrides. */
  static void describe(S3Request req, ObjectInfo info, Headers out) {
    ObjectAttributes a = info.attributes();
    out.set("Content-Type", override(req, "response-content-type", a.contentType()));
    out.set("ETag", info.etag());
    out.set("Last-Modified", Xml.httpDate(info.lastModified()));
    out.set("Accept-Ranges", "bytes");
    for (String name : STORED) {
      String param = "response-" + name.toLowerCase(Locale.ROOT);
      String v = override(req, param, a.headers().get(name));
      if (v != null) {
        out.set(name, v);
      }
    }
    for (Map.Entry<String, String> m : a.userMetadata().entrySet()) {
      out.set(META + m.getKey(), m.getValue());
    }
  }

  /** {@code x-amz-checksum-<alg>} and {@code x-amz-checksum-type} of an object, if it has one. */
  static void checksum(ObjectInfo info, Headers out) {
    if (info.checksum() != null) {
      out.set(info.checksum().algorithm().headerName(), info.checksum().value());
      out.set("x-amz-checksum-type", info.checksum().type().name());
    }
  }

  private static String override(S3Request req, String param, String stored) {
    String v = req.param(param);
    return v != null ? v : stored;
  }
}
