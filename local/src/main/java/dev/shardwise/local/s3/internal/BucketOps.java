package dev.shardwise.local.s3.internal;

import dev.shardwise.local.s3.BucketInfo;
import dev.shardwise.local.s3.FileObjectStore;
import dev.shardwise.local.s3.MultipartUploads;
import dev.shardwise.local.s3.ObjectStore.Precondition;
import dev.shardwise.local.s3.S3Exception;
import java.io.IOException;
import java.util.List;
import org.w3c.dom.Element;

/** Bucket-level operations: create, head, delete, location, list buckets, delete objects. */
public final class BucketOps {
  static final String OWNER_ID = "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a";
  private static final int MAX_DELETE_KEYS = 1000;

  private final FileObjectStore store;

  public BucketOps(FileObjectStore store) {
    this.store = store;
  }

  public void listBuckets(S3Request req) throws S3Exception, IOException {
    String prefix = req.param("prefix");
    Xml doc = Xml.document("ListAllMyBucketsResult");
    owner(doc, "Owner");
    doc.start("Buckets");
    for (String name : store.listBuckets()) {
      if (prefix != null && !name.startsWith(prefix)) {
        continue;
      }
      BucketInfo info;
      try {
        info = store.bucketInfo(name);
      } catch (S3Exception gone) {
        continue; // deleted while we listed
      }
      doc.start("Bucket")
          .element("Name", name)
          .element("CreationDate", Xml.isoTime(info.creationDate()))
          .element("BucketRegion", region(info))
          .end();
    }
    doc.end();
    if (prefix != null) {
      doc.element("Prefix", prefix);
    }
    S3Responses.xml(req.exchange(), 200, doc);
  }

  public void create(S3Request req) throws S3Exception, IOException {
    KeyRules.checkBucketName(req.bucket());
    String region = null;
    byte[] body = RequestBodies.readSmall(req, 64 * 1024);
    if (body.length > 0) {
      Element root = Xml.parse(body);
      if (!"CreateBucketConfiguration".equals(Xml.localName(root))) {
        throw Xml.malformed();
      }
      region = Xml.childText(root, "LocationConstraint");
      if (region != null && (region.isBlank() || region.equals("us-east-1"))) {
        region = null;
      }
    }
    store.createBucket(req.bucket(), region);
    req.exchange().getResponseHeaders().set("Location", "/" + req.bucket());
    S3Responses.empty(req.exchange(), 200);
  }

  public void head(S3Request req) throws S3Exception, IOException {
    KeyRules.checkBucketName(req.bucket());
    BucketInfo info = store.bucketInfo(req.bucket());
    req.exchange().getResponseHeaders().set("x-amz-bucket-region", region(info));
    S3Responses.empty(req.exchange(), 200);
  }

  public void delete(S3Request req) throws S3Exception, IOException {
    KeyRules.checkBucketName(req.bucket());
    store.deleteBucket(req.bucket());
    S3Responses.empty(req.exchange(), 204);
  }

  public void location(S3Request req) throws S3Exception, IOException {
    KeyRules.checkBucketName(req.bucket());
    BucketInfo info = store.bucketInfo(req.bucket());
    S3Responses.xml(req.exchange(), 200, locationDocument(info.region()));
  }

  private static Xml locationDocument(String region) {
    Xml doc = Xml.document("LocationConstraint");
    return region == null ? doc : doc.text(region);
  }

  /** DeleteObjects: up to 1000 keys, each reported deleted or with its own error. */
  public void deleteObjects(S3Request req) throws S3Exception, IOException {
    KeyRules.checkBucketName(req.bucket());
    if (req.header("Content-MD5") == null && RequestChecksums.claim(req) == null) {
      throw new S3Exception(
          "InvalidRequest",
          400,
          "Missing required header for this request: Content-MD5 or x-amz-checksum-*");
    }
    Element root = Xml.parse(RequestBodies.readSmall(req, 2 * 1024 * 1024));
    if (!"Delete".equals(Xml.localName(root))) {
      throw Xml.malformed();
    }
    boolean quiet = "true".equalsIgnoreCase(strip(Xml.childText(root, "Quiet")));
    List<Element> objects = Xml.children(root, "Object");
    if (objects.isEmpty() || objects.size() > MAX_DELETE_KEYS) {
      throw Xml.malformed();
    }
    if (!store.bucketExists(req.bucket())) {
      throw S3Exception.noSuchBucket(req.bucket());
    }
    Xml doc = Xml.document("DeleteResult");
    for (Element o : objects) {
      String key = Xml.childText(o, "Key");
      if (key == null) {
        throw Xml.malformed();
      }
      String etag = Xml.childText(o, "ETag");
      try {
        store.delete(
            req.bucket(), key, etag == null ? Precondition.NONE : Precondition.ifMatch(etag));
        if (!quiet) {
          doc.start("Deleted").element("Key", key).end();
        }
      } catch (S3Exception e) {
        doc.start("Error")
            .element("Key", key)
            .element("Code", e.code())
            .element("Message", e.getMessage())
            .end();
      }
    }
    S3Responses.xml(req.exchange(), 200, doc);
  }

  /** ListMultipartUploads (prefix filter, one page of up to max-uploads). */
  public void listUploads(S3Request req) throws S3Exception, IOException {
    KeyRules.checkBucketName(req.bucket());
    int max = Listings.maxKeys(req, "max-uploads");
    String prefix = req.param("prefix") == null ? "" : req.param("prefix");
    List<MultipartUploads.Upload> uploads = store.multipart().list(req.bucket());
    uploads.removeIf(u -> !u.key().startsWith(prefix));
    boolean truncated = uploads.size() > max;
    List<MultipartUploads.Upload> page = uploads.subList(0, Math.min(max, uploads.size()));
    Xml doc =
        Xml.document("ListMultipartUploadsResult")
            .element("Bucket", req.bucket())
            .element("KeyMarker", "")
            .element("UploadIdMarker", "")
            .element("Prefix", prefix)
            .element("MaxUploads", max)
            .element("IsTruncated", truncated);
    if (truncated && !page.isEmpty()) {
      MultipartUploads.Upload last = page.get(page.size() - 1);
      doc.element("NextKeyMarker", last.key()).element("NextUploadIdMarker", last.uploadId());
    }
    for (MultipartUploads.Upload u : page) {
      doc.start("Upload").element("Key", u.key()).element("UploadId", u.uploadId());
      owner(doc, "Initiator");
      owner(doc, "Owner");
      doc.element("StorageClass", "STANDARD")
          .element("Initiated", Xml.isoTime(u.initiated()))
          .end();
    }
    S3Responses.xml(req.exchange(), 200, doc);
  }

  static void owner(Xml doc, String element) {
    doc.start(element).element("ID", OWNER_ID).element("DisplayName", "shardwise").end();
  }

  private static String region(BucketInfo info) {
    return info.region() == null ? "us-east-1" : info.region();
  }

  private static String strip(String s) {
    return s == null ? null : s.strip();
  }
}
