package dev.shardwise.local.s3.internal;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.shardwise.local.s3.ChecksumAlgorithm;
import dev.shardwise.local.s3.FileObjectStore;
import dev.shardwise.local.s3.FileObjectStore.OpenObject;
import dev.shardwise.local.s3.ObjectStore.ObjectAttributes;
import dev.shardwise.local.s3.ObjectStore.ObjectInfo;
import dev.shardwise.local.s3.ObjectStore.Precondition;
import dev.shardwise.local.s3.S3Exception;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;

/** Object operations: PutObject, GetObject, HeadObject, DeleteObject, CopyObject. */
public final class ObjectOps {
  /** S3's limit on one PUT. */
  static final long MAX_PUT_SIZE = 5L * 1024 * 1024 * 1024;

  private final FileObjectStore store;

  public ObjectOps(FileObjectStore store) {
    this.store = store;
  }

  public void put(S3Request req) throws S3Exception, IOException {
    KeyRules.checkBucketName(req.bucket());
    if (!RequestBodies.hasLength(req)) {
      throw new S3Exception(
          "MissingContentLength", 411, "You must provide the Content-Length HTTP header.");
    }
    var condition = ObjectHeaders.writePrecondition(req);
    RequestBodies.Body body = RequestBodies.open(req);
    if (body.declaredLength() > MAX_PUT_SIZE) {
      throw new S3Exception(
              "EntityTooLarge", 400, "Your proposed upload exceeds the maximum allowed size")
          .withDetail("ProposedSize", Long.toString(body.declaredLength()))
          .withDetail("MaxSizeAllowed", Long.toString(MAX_PUT_SIZE));
    }
    ObjectAttributes attributes = ObjectHeaders.attributes(req, body.algorithm());
    ObjectInfo info = store.put(req.bucket(), req.key(), body.stream(), attributes, condition);
    Headers h = req.exchange().getResponseHeaders();
    h.set("ETag", info.etag());
    ObjectHeaders.checksum(info, h);
    S3Responses.empty(req.exchange(), 200);
  }

  /** GetObject and HeadObject: conditional headers, Range, partNumber, checksum mode. */
  public void get(S3Request req, boolean head) throws S3Exception, IOException {
    KeyRules.checkBucketName(req.bucket());
    Integer partNumber = partNumber(req);
    String range = req.header("Range");
    if (partNumber != null && range != null) {
      throw new S3Exception(
          "InvalidRequest", 400, "Cannot specify both Range header and partNumber query parameter");
    }
    HttpExchange ex = req.exchange();
    try (OpenObject o = store.open(req.bucket(), req.key())) {
      ObjectInfo info = o.info();
      Headers h = ex.getResponseHeaders();
      int condition = ObjectHeaders.readCondition(req, info, "");
      if (condition == 304) {
        h.set("ETag", info.etag());
        h.set("Last-Modified", Xml.httpDate(info.lastModified()));
        S3Responses.empty(ex, 304);
        return;
      }
      if (condition == 412) {
        throw S3Exception.preconditionFailed().withDetail("Condition", "If-Match");
      }
      long size = info.size();
      ByteRange slice = partNumber != null ? part(o, partNumber) : ByteRange.parse(range, size);
      ObjectHeaders.describe(req, info, h);
      if (partNumber != null && !o.partSizes().isEmpty()) {
        h.set("x-amz-mp-parts-count", Integer.toString(o.partSizes().size()));
      }
      if (slice == null && "ENABLED".equalsIgnoreCase(req.header("x-amz-checksum-mode"))) {
        ObjectHeaders.checksum(info, h);
      }
      long start = slice == null ? 0 : slice.start();
      long length = slice == null ? size : slice.length();
      int status = slice == null ? 200 : 206;
      if (slice != null) {
        h.set("Content-Range", slice.contentRange(size));
      }
      if (head) {
        h.set("Content-Length", Long.toString(length));
        ex.sendResponseHeaders(status, -1);
        return;
      }
      ex.sendResponseHeaders(status, length == 0 ? -1 : length);
      if (length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          stream(o.channel(), start, length, out);
        }
      }
    }
  }

  public void delete(S3Request req) throws S3Exception, IOException {
    KeyRules.checkBucketName(req.bucket());
    String match = req.header("If-Match");
    store.delete(
        req.bucket(),
        req.key(),
        match == null ? Precondition.NONE : Precondition.ifMatch(match.trim()));
    S3Responses.empty(req.exchange(), 204);
  }

  /** CopyObject ({@code x-amz-copy-source}), with the COPY or REPLACE metadata directive. */
  public void copy(S3Request req) throws S3Exception, IOException {
    KeyRules.checkBucketName(req.bucket());
    CopySource src = CopySource.parse(req.header("x-amz-copy-source"));
    String directive = req.header("x-amz-metadata-directive");
    boolean replace = directive != null && directive.trim().equalsIgnoreCase("REPLACE");
    if (directive != null && !replace && !directive.trim().equalsIgnoreCase("COPY")) {
      throw S3Exception.invalidArgument(
          "Unknown metadata directive.", "x-amz-metadata-directive", directive);
    }
    ChecksumAlgorithm newAlgorithm = checksumAlgorithmHeader(req);
    if (src.bucket().equals(req.bucket())
        && src.key().equals(req.key())
        && !replace
        && newAlgorithm == null) {
      throw new S3Exception(
          "InvalidRequest",
          400,
          "This copy request is illegal because it is trying to copy an object to itself without"
              + " changing the object's metadata, storage class, website redirect location or"
              + " encryption attributes.");
    }
    ObjectInfo source = sourceInfo(req, src);
    ObjectAttributes attributes;
    if (replace) {
      attributes = ObjectHeaders.attributes(req, newAlgorithm);
    } else {
      ObjectAttributes s = source.attributes();
      ChecksumAlgorithm alg =
          newAlgorithm != null
              ? newAlgorithm
              : source.checksum() == null ? null : source.checksum().algorithm();
      attributes = new ObjectAttributes(s.contentType(), s.userMetadata(), s.headers(), alg);
    }
    ObjectInfo info =
        store.copy(
            src.bucket(),
            src.key(),
            req.bucket(),
            req.key(),
            attributes,
            ObjectHeaders.writePrecondition(req));
    Xml doc =
        Xml.document("CopyObjectResult")
            .element("ETag", info.etag())
            .element("LastModified", Xml.isoTime(info.lastModified()));
    if (info.checksum() != null) {
      doc.element("ChecksumType", info.checksum().type().name())
          .element(info.checksum().algorithm().xmlElement(), info.checksum().value());
    }
    S3Responses.xml(req.exchange(), 200, doc);
  }

  /**
   * The source of a copy after its {@code x-amz-copy-source-if-*} conditions (412 if one fails).
   */
  ObjectInfo sourceInfo(S3Request req, CopySource src) throws S3Exception, IOException {
    ObjectInfo info =
        store.head(src.bucket(), src.key()).orElseThrow(() -> S3Exception.noSuchKey(src.key()));
    if (ObjectHeaders.readCondition(req, info, "x-amz-copy-source-") != 0) {
      throw S3Exception.preconditionFailed().withDetail("Condition", "x-amz-copy-source-If-Match");
    }
    return info;
  }

  /** The {@code x-amz-checksum-algorithm} header (CopyObject, CreateMultipartUpload), or null. */
  static ChecksumAlgorithm checksumAlgorithmHeader(S3Request req) throws S3Exception {
    String v = req.header("x-amz-checksum-algorithm");
    if (v == null) {
      return null;
    }
    ChecksumAlgorithm a = ChecksumAlgorithm.parse(v);
    if (a == null) {
      throw new S3Exception(
          "InvalidRequest",
          400,
          "Checksum algorithm provided is unsupported. Please try again with any of the valid"
              + " types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]");
    }
    return a;
  }

  private static Integer partNumber(S3Request req) throws S3Exception {
    String v = req.param("partNumber");
    if (v == null) {
      return null;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= 1 && n <= 10_000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw S3Exception.invalidArgument(
        "Part number must be an integer between 1 and 10000, inclusive", "partNumber", v);
  }

  private static ByteRange part(OpenObject o, int partNumber) throws S3Exception {
    List<Long> sizes = o.partSizes();
    long size = o.info().size();
    if (sizes.isEmpty()) {
      if (partNumber != 1) {
        throw invalidPartNumber(partNumber);
      }
      return size == 0 ? null : new ByteRange(0, size - 1);
    }
    if (partNumber > sizes.size()) {
      throw invalidPartNumber(partNumber);
    }
    long start = 0;
    for (int i = 0; i < partNumber - 1; i++) {
      start += sizes.get(i);
    }
    return new ByteRange(start, start + sizes.get(partNumber - 1) - 1);
  }

  private static S3Exception invalidPartNumber(int n) {
    return new S3Exception("InvalidPartNumber", 416, "The requested partnumber is not satisfiable")
        .withDetail("PartNumberRequested", Integer.toString(n));
  }

  /** Copies {@code length} bytes from {@code start} with one buffer. */
  static void stream(FileChannel ch, long start, long length, OutputStream out) throws IOException {
    byte[] buf = new byte[64 * 1024];
    ByteBuffer bb = ByteBuffer.wrap(buf);
    long pos = start;
    long left = length;
    while (left > 0) {
      bb.clear().limit((int) Math.min(buf.length, left));
      int n = ch.read(bb, pos);
      if (n < 0) {
        throw new IOException("object shorter than its metadata says");
      }
      out.write(buf, 0, n);
      pos += n;
      left -= n;
    }
  }

  /** {@code x-amz-copy-source}: {@code [/]bucket/key[?versionId=...]}, URL-encoded. */
  record CopySource(String bucket, String key) {
    static CopySource parse(String header) throws S3Exception {
      if (header != null) {
        String h = header.trim();
        int q = h.indexOf('?');
        if (q >= 0) {
          h = h.substring(0, q);
        }
        h = S3Request.decode(h.startsWith("/") ? h.substring(1) : h, false);
        int slash = h.indexOf('/');
        if (slash > 0 && slash < h.length() - 1) {
          String bucket = h.substring(0, slash);
          if (!KeyRules.isValidBucketName(bucket)) {
            throw S3Exception.invalidArgument(
                "Invalid copy source bucket name", "x-amz-copy-source", header);
          }
          return new CopySource(bucket, h.substring(slash + 1));
        }
      }
      throw S3Exception.invalidArgument(
          "Copy Source must mention the source bucket and key: sourcebucket/sourcekey",
          "x-amz-copy-source",
          header == null ? "" : header);
    }
  }
}
