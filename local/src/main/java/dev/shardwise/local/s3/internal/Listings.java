package dev.shardwise.local.s3.internal;

import dev.shardwise.local.s3.ChecksumAlgorithm;
import dev.shardwise.local.s3.FileObjectStore;
import dev.shardwise.local.s3.ObjectStore.Listing;
import dev.shardwise.local.s3.ObjectStore.ObjectInfo;
import dev.shardwise.local.s3.S3Exception;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * ListObjectsV2 and ListObjects (V1). The V2 continuation token is the base64url of the last entry
 * returned (key or common prefix), which the store resumes after; V1's marker is that entry itself.
 * With {@code encoding-type=url}, keys, prefixes and the delimiter are form-encoded (the {@code /}
 * kept), as S3 does.
 */
public final class Listings {
  private static final int MAX_KEYS = 1000;
  private static final String TOKEN_PREFIX = "sw1:";

  private final FileObjectStore store;

  public Listings(FileObjectStore store) {
    this.store = store;
  }

  public void listV2(S3Request req) throws S3Exception, IOException {
    KeyRules.checkBucketName(req.bucket());
    boolean url = encodingType(req);
    int maxKeys = maxKeys(req, "max-keys");
    String prefix = nullToEmpty(req.param("prefix"));
    String delimiter = emptyToNull(req.param("delimiter"));
    String token = req.param("continuation-token");
    String startAfter = emptyToNull(req.param("start-after"));
    String after = token != null ? decodeToken(token) : startAfter;
    Listing page = store.list(req.bucket(), prefix, delimiter, after, maxKeys);
    Xml doc =
        Xml.document("ListBucketResult")
            .element("Name", req.bucket())
            .element("Prefix", encode(prefix, url))
            .element("Delimiter", encode(delimiter, url))
            .element("MaxKeys", maxKeys)
            .element("KeyCount", page.objects().size() + page.commonPrefixes().size())
            .element("IsTruncated", page.truncated());
    if (url) {
      doc.element("EncodingType", "url");
    }
    doc.element("ContinuationToken", token);
    if (page.truncated()) {
      doc.element("NextContinuationToken", encodeToken(page.nextStartAfter()));
    }
    doc.element("StartAfter", encode(startAfter, url));
    contents(doc, page, url);
    S3Responses.xml(req.exchange(), 200, doc);
  }

  public void listV1(S3Request req) throws S3Exception, IOException {
    KeyRules.checkBucketName(req.bucket());
    boolean url = encodingType(req);
    int maxKeys = maxKeys(req, "max-keys");
    String prefix = nullToEmpty(req.param("prefix"));
    String delimiter = emptyToNull(req.param("delimiter"));
    String marker = nullToEmpty(req.param("marker"));
    Listing page = store.list(req.bucket(), prefix, delimiter, emptyToNull(marker), maxKeys);
    Xml doc =
        Xml.document("ListBucketResult")
            .element("Name", req.bucket())
            .element("Prefix", encode(prefix, url))
            .element("Marker", encode(marker, url))
            .element("Delimiter", encode(delimiter, url))
            .element("MaxKeys", maxKeys)
            .element("IsTruncated", page.truncated());
    if (url) {
      doc.element("EncodingType", "url");
    }
    if (page.truncated() && delimiter != null) {
      doc.element("NextMarker", encode(page.nextStartAfter(), url));
    }
    contents(doc, page, url);
    S3Responses.xml(req.exchange(), 200, doc);
  }

  private static void contents(Xml doc, Listing page, boolean url) {
    for (ObjectInfo o : page.objects()) {
      doc.start("Contents")
          .element("Key", encode(o.key(), url))
          .element("LastModified", Xml.isoTime(o.lastModified()))
          .element("ETag", o.etag());
      if (o.checksum() != null) {
        ChecksumAlgorithm alg = o.checksum().algorithm();
        doc.element("ChecksumAlgorithm", alg.name())
            .element("ChecksumType", o.checksum().type().name());
      }
      doc.element("Size", o.size()).element("StorageClass", "STANDARD").end();
    }
    for (String p : page.commonPrefixes()) {
      doc.start("CommonPrefixes").element("Prefix", encode(p, url)).end();
    }
  }

  /** {@code max-keys} (or another limit parameter): 0 to 1000, default and cap 1000. */
  static int maxKeys(S3Request req, String param) throws S3Exception {
    String v = req.param(param);
    if (v == null || v.isEmpty()) {
      return MAX_KEYS;
    }
    long n;
    try {
      n = Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw S3Exception.invalidArgument(
          "Provided " + param + " not an integer or within integer range", param, v);
    }
    if (n < 0 || n > Integer.MAX_VALUE) {
      throw S3Exception.invalidArgument(
          "Argument " + param + " must be an integer between 0 and 2147483647", param, v);
    }
    return (int) Math.min(n, MAX_KEYS);
  }

  private static boolean encodingType(S3Request req) throws S3Exception {
    String e = req.param("encoding-type");
    if (e == null) {
      return false;
    }
    if (!e.equals("url")) {
      throw S3Exception.invalidArgument(
          "Invalid Encoding Method specified in Request", "encoding-type", e);
    }
    return true;
  }

  static String encode(String s, boolean url) {
    if (s == null || !url) {
      return s;
    }
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("%2F", "/");
  }

  static String encodeToken(String lastEntry) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((TOKEN_PREFIX + lastEntry).getBytes(StandardCharsets.UTF_8));
  }

  static String decodeToken(String token) throws S3Exception {
    try {
      String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (s.startsWith(TOKEN_PREFIX)) {
        return s.substring(TOKEN_PREFIX.length());
      }
    } catch (IllegalArgumentException e) {
      // fall through
    }
    throw S3Exception.invalidArgument(
        "The continuation token provided is incorrect", "continuation-token", token);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
