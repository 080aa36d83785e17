package dev.shardwise.local.s3;

import com.sun.net.httpserver.HttpExchange;
import dev.shardwise.local.s3.internal.BodyException;
import dev.shardwise.local.s3.internal.BucketOps;
import dev.shardwise.local.s3.internal.Listings;
import dev.shardwise.local.s3.internal.MultipartOps;
import dev.shardwise.local.s3.internal.ObjectOps;
import dev.shardwise.local.s3.internal.S3Request;
import dev.shardwise.local.s3.internal.S3Responses;
import dev.shardwise.local.server.RestService;
import java.io.IOException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The S3 REST endpoint (path-style, {@code http://host:port/<bucket>/<key>}) over a {@link
 * FileObjectStore}: buckets (create, head, list, delete, location), objects (put, get with Range
 * and partNumber, head, delete, copy), DeleteObjects, ListObjectsV2 and V1, multipart uploads, and
 * conditional writes. Bodies in every aws-chunked variant are decoded and their checksums verified
 * before anything is stored. Errors are S3's XML error bodies (none for HEAD). Other S3 features
 * named by a sub-resource ({@code ?acl}, {@code ?tagging}, ...) are 501 {@code NotImplemented};
 * unknown query parameters are ignored, as S3 ignores them.
 */
public final class S3RestService implements RestService {
  private static final Logger log = LoggerFactory.getLogger(S3RestService.class);

  /** S3 sub-resources this endpoint does not implement: 501 rather than a wrong answer. */
  private static final Set<String> UNSUPPORTED =
      Set.of(
          "accelerate",
          "acl",
          "analytics",
          "attributes",
          "cors",
          "encryption",
          "intelligent-tiering",
          "inventory",
          "legal-hold",
          "lifecycle",
          "logging",
          "metadataTable",
          "metrics",
          "notification",
          "object-lock",
          "ownershipControls",
          "policy",
          "policyStatus",
          "publicAccessBlock",
          "renameObject",
          "replication",
          "requestPayment",
          "restore",
          "retention",
          "select",
          "session",
          "tagging",
          "torrent",
          "versioning",
          "versions",
          "website");

  private final BucketOps buckets;
  private final Listings listings;
  private final ObjectOps objects;
  private final MultipartOps multipart;

  public S3RestService(FileObjectStore store) {
    this.buckets = new BucketOps(store);
    this.listings = new Listings(store);
    this.objects = new ObjectOps(store);
    this.multipart = new MultipartOps(store, objects);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Server", "AmazonS3");
    S3Request req = null;
    try {
      req = S3Request.parse(exchange);
      route(req);
    } catch (S3Exception e) {
      S3Responses.error(exchange, req, e);
    } catch (BodyException e) {
      S3Responses.error(exchange, req, e.error());
    } catch (RuntimeException e) {
      log.error("S3 {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
      S3Responses.error(
          exchange,
          req,
          new S3Exception(
              "InternalError", 500, "We encountered an internal error. Please try again."));
    }
  }

  private void route(S3Request req) throws S3Exception, IOException {
    for (String param : req.query().keySet()) {
      if (UNSUPPORTED.contains(param)) {
        throw new S3Exception(
                "NotImplemented",
                501,
                "The local S3 does not implement the '" + param + "' sub-resource")
            .withDetail("Method", req.method());
      }
    }
    String m = req.method();
    if (req.bucket() == null) {
      if (m.equals("GET")) {
        buckets.listBuckets(req);
        return;
      }
      throw methodNotAllowed(req, "SERVICE");
    }
    if (req.key() == null) {
      routeBucket(req, m);
    } else {
      routeObject(req, m);
    }
  }

  private void routeBucket(S3Request req, String m) throws S3Exception, IOException {
    switch (m) {
      case "PUT" -> buckets.create(req);
      case "HEAD" -> buckets.head(req);
      case "DELETE" -> buckets.delete(req);
      case "GET" -> {
        if (req.has("location")) {
          buckets.location(req);
        } else if (req.has("uploads")) {
          buckets.listUploads(req);
        } else if ("2".equals(req.param("list-type"))) {
          listings.listV2(req);
        } else if (req.has("list-type")) {
          throw S3Exception.invalidArgument(
              "Invalid list type specified", "list-type", req.param("list-type"));
        } else {
          listings.listV1(req);
        }
      }
      case "POST" -> {
        if (req.has("delete")) {
          buckets.deleteObjects(req);
        } else {
          throw methodNotAllowed(req, "BUCKET");
        }
      }
      default -> throw methodNotAllowed(req, "BUCKET");
    }
  }

  private void routeObject(S3Request req, String m) throws S3Exception, IOException {
    switch (m) {
      case "PUT" -> {
        if (req.has("uploadId") || req.has("partNumber")) {
          multipart.uploadPart(req);
        } else if (req.header("x-amz-copy-source") != null) {
          objects.copy(req);
        } else {
          objects.put(req);
        }
      }
      case "GET" -> {
        if (req.has("uploadId")) {
          multipart.listParts(req);
        } else {
          objects.get(req, false);
        }
      }
      case "HEAD" -> objects.get(req, true);
      case "DELETE" -> {
        if (req.has("uploadId")) {
          multipart.abort(req);
        } else {
          objects.delete(req);
        }
      }
      case "POST" -> {
        if (req.has("uploads")) {
          multipart.create(req);
        } else if (req.has("uploadId")) {
          multipart.complete(req);
        } else {
          throw methodNotAllowed(req, "OBJECT");
        }
      }
      default -> throw methodNotAllowed(req, "OBJECT");
    }
  }

  private static S3Exception methodNotAllowed(S3Request req, String resourceType) {
    return new S3Exception(
            "MethodNotAllowed", 405, "The specified method is not allowed against this resource.")
        .withDetail("Method", req.method())
        .withDetail("ResourceType", resourceType);
  }
}
