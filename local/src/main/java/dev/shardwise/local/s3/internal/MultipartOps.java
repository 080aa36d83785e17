package dev.shardwise.local.s3.internal;

import com.sun.net.httpserver.Headers;
import dev.shardwise.local.s3.Checksum;
import dev.shardwise.local.s3.ChecksumAlgorithm;
import dev.shardwise.local.s3.FileObjectStore;
import dev.shardwise.local.s3.FileObjectStore.OpenObject;
import dev.shardwise.local.s3.MultipartUploads;
import dev.shardwise.local.s3.MultipartUploads.CompletedPart;
import dev.shardwise.local.s3.MultipartUploads.Part;
import dev.shardwise.local.s3.MultipartUploads.Upload;
import dev.shardwise.local.s3.ObjectStore.ObjectInfo;
import dev.shardwise.local.s3.S3Exception;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.w3c.dom.Element;

/** Multipart uploads: create, upload part (and part copy), complete, abort, list parts. */
public final class MultipartOps {
  private final FileObjectStore store;
  private final ObjectOps objects;

  public MultipartOps(FileObjectStore store, ObjectOps objects) {
    this.store = store;
    this.objects = objects;
  }

  public void create(S3Request req) throws S3Exception, IOException {
    KeyRules.checkBucketName(req.bucket());
    ChecksumAlgorithm alg = ObjectOps.checksumAlgorithmHeader(req);
    Checksum.Type type = null;
    String t = req.header("x-amz-checksum-type");
    if (t != null) {
      try {
        type = Checksum.Type.valueOf(t.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new S3Exception(
            "InvalidRequest", 400, "Value for x-amz-checksum-type header is invalid.");
      }
      if (alg == null) {
        throw new S3Exception(
            "InvalidRequest",
            400,
            "The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.");
      }
    }
    Upload u =
        store.multipart().create(req.bucket(), req.key(), ObjectHeaders.attributes(req, alg), type);
    Headers h = req.exchange().getResponseHeaders();
    if (alg != null) {
      h.set("x-amz-checksum-algorithm", alg.name());
      h.set("x-amz-checksum-type", u.checksumType().name());
    }
    S3Responses.xml(
        req.exchange(),
        200,
        Xml.document("InitiateMultipartUploadResult")
            .element("Bucket", u.bucket())
            .element("Key", u.key())
            .element("UploadId", u.uploadId()));
  }

  public void uploadPart(S3Request req) throws S3Exception, IOException {
    KeyRules.checkBucketName(req.bucket());
    int partNumber = partNumber(req);
    String uploadId = req.param("uploadId");
    Upload upload = store.multipart().load(req.bucket(), req.key(), uploadId);
    if (req.header("x-amz-copy-source") != null) {
      uploadPartCopy(req, upload, partNumber);
      return;
    }
    if (!RequestBodies.hasLength(req)) {
      throw new S3Exception(
          "MissingContentLength", 411, "You must provide the Content-Length HTTP header.");
    }
    RequestBodies.Body body = RequestBodies.open(req);
    ChecksumAlgorithm expected = upload.attributes().checksumAlgorithm();
    if (expected != null && body.algorithm() != null && expected != body.algorithm()) {
      throw new S3Exception(
          "InvalidRequest",
          400,
          "Checksum Type mismatch occurred, expected checksum Type: "
              + expected.name().toLowerCase(Locale.ROOT)
              + ", actual checksum Type: "
              + body.algorithm().name().toLowerCase(Locale.ROOT));
    }
    Part part =
        store.multipart().uploadPart(req.bucket(), req.key(), uploadId, partNumber, body.stream());
    Headers h = req.exchange().getResponseHeaders();
    h.set("ETag", part.etag());
    if (part.checksum() != null) {
      h.set(part.checksum().algorithm().headerName(), part.checksum().value());
    } else if (body.algorithm() != null && body.stream().computedChecksum() != null) {
      h.set(body.algorithm().headerName(), body.stream().computedChecksum());
    }
    S3Responses.empty(req.exchange(), 200);
  }

  private void uploadPartCopy(S3Request req, Upload upload, int partNumber)
      throws S3Exception, IOException {
    ObjectOps.CopySource src = ObjectOps.CopySource.parse(req.header("x-amz-copy-source"));
    objects.sourceInfo(req, src);
    Part part;
    try (OpenObject o = store.open(src.bucket(), src.key())) {
      long size = o.info().size();
      String rangeHeader = req.header("x-amz-copy-source-range");
      long start = 0;
      long length = size;
      if (rangeHeader != null) {
        java.util.regex.Matcher m =
            java.util.regex.Pattern.compile("bytes=(\\d{1,18})-(\\d{1,18})")
                .matcher(rangeHeader.trim());
        if (!m.matches()
            || Long.parseLong(m.group(1)) > Long.parseLong(m.group(2))
            || Long.parseLong(m.group(2)) >= size) {
          throw S3Exception.invalidArgument(
              "Range specified is not valid for source object of size: " + size,
              "x-amz-copy-source-range",
              rangeHeader);
        }
        start = Long.parseLong(m.group(1));
        length = Long.parseLong(m.group(2)) - start + 1;
      }
      o.channel().position(start);
      InputStream in = new BoundedInputStream(Channels.newInputStream(o.channel()), length);
      part =
          store.multipart().uploadPart(req.bucket(), req.key(), upload.uploadId(), partNumber, in);
    }
    Xml doc =
        Xml.document("CopyPartResult")
            .element("ETag", part.etag())
            .element("LastModified", Xml.isoTime(part.lastModified()));
    if (part.checksum() != null) {
      doc.element(part.checksum().algorithm().xmlElement(), part.checksum().value());
    }
    S3Responses.xml(req.exchange(), 200, doc);
  }

  public void complete(S3Request req) throws S3Exception, IOException {
    KeyRules.checkBucketName(req.bucket());
    String uploadId = req.param("uploadId");
    var condition = ObjectHeaders.writePrecondition(req);
    Upload upload = store.multipart().load(req.bucket(), req.key(), uploadId);
    ChecksumAlgorithm alg = upload.attributes().checksumAlgorithm();
    Element root = Xml.parse(RequestBodies.readSmall(req, 4 * 1024 * 1024));
    if (!"CompleteMultipartUpload".equals(Xml.localName(root))) {
      throw Xml.malformed();
    }
    List<CompletedPart> parts = new ArrayList<>();
    for (Element p : Xml.children(root, "Part")) {
      String number = Xml.childText(p, "PartNumber");
      int n;
      try {
        n = Integer.parseInt(number == null ? "" : number.trim());
      } catch (NumberFormatException e) {
        throw Xml.malformed();
      }
      String checksum = alg == null ? null : Xml.childText(p, alg.xmlElement());
      parts.add(
          new CompletedPart(
              n, Xml.childText(p, "ETag"), checksum == null ? null : checksum.trim()));
    }
    String fullChecksum = alg == null ? null : req.header(alg.headerName());
    ObjectInfo info =
        store
            .multipart()
            .complete(req.bucket(), req.key(), uploadId, parts, condition, fullChecksum);
    String host = req.header("Host");
    Xml doc =
        Xml.document("CompleteMultipartUploadResult")
            .element("Location", "http://" + (host == null ? "localhost" : host) + req.resource())
            .element("Bucket", req.bucket())
            .element("Key", req.key())
            .element("ETag", info.etag());
    if (info.checksum() != null) {
      doc.element(info.checksum().algorithm().xmlElement(), info.checksum().value())
          .element("ChecksumType", info.checksum().type().name());
    }
    S3Responses.xml(req.exchange(), 200, doc);
  }

  public void abort(S3Request req) throws S3Exception, IOException {
    KeyRules.checkBucketName(req.bucket());
    store.multipart().abort(req.bucket(), req.key(), req.param("uploadId"));
    S3Responses.empty(req.exchange(), 204);
  }

  public void listParts(S3Request req) throws S3Exception, IOException {
    KeyRules.checkBucketName(req.bucket());
    String uploadId = req.param("uploadId");
    Upload upload = store.multipart().load(req.bucket(), req.key(), uploadId);
    int max = Listings.maxKeys(req, "max-parts");
    int marker = 0;
    String m = req.param("part-number-marker");
    if (m != null && !m.isEmpty()) {
      try {
        marker = Integer.parseInt(m.trim());
      } catch (NumberFormatException e) {
        throw S3Exception.invalidArgument(
            "Provided part-number-marker not an integer or within integer range",
            "part-number-marker",
            m);
      }
    }
    List<Part> all = store.multipart().listParts(req.bucket(), req.key(), uploadId);
    int from = marker;
    List<Part> after = all.stream().filter(p -> p.partNumber() > from).toList();
    boolean truncated = after.size() > max;
    List<Part> page = after.subList(0, Math.min(max, after.size()));
    Xml doc =
        Xml.document("ListPartsResult")
            .element("Bucket", req.bucket())
            .element("Key", req.key())
            .element("UploadId", uploadId)
            .element("PartNumberMarker", marker)
            .element(
                "NextPartNumberMarker",
                page.isEmpty() ? marker : page.get(page.size() - 1).partNumber())
            .element("MaxParts", max)
            .element("IsTruncated", truncated);
    BucketOps.owner(doc, "Initiator");
    BucketOps.owner(doc, "Owner");
    doc.element("StorageClass", "STANDARD");
    ChecksumAlgorithm alg = upload.attributes().checksumAlgorithm();
    if (alg != null) {
      doc.element("ChecksumAlgorithm", alg.name())
          .element("ChecksumType", upload.checksumType().name());
    }
    for (Part p : page) {
      doc.start("Part")
          .element("PartNumber", p.partNumber())
          .element("LastModified", Xml.isoTime(p.lastModified()))
          .element("ETag", p.etag())
          .element("Size", p.size());
      if (p.checksum() != null) {
        doc.element(p.checksum().algorithm().xmlElement(), p.checksum().value());
      }
      doc.end();
    }
    S3Responses.xml(req.exchange(), 200, doc);
  }

  private static int partNumber(S3Request req) throws S3Exception {
    String v = req.param("partNumber");
    try {
      int n = Integer.parseInt(v == null ? "" : v.trim());
      if (n >= 1 && n <= MultipartUploads.MAX_PART_NUMBER) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw S3Exception.invalidArgument(
        "Part number must be an integer between 1 and 10000, inclusive", "partNumber", v);
  }
}
