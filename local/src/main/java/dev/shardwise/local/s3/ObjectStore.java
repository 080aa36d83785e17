package dev.shardwise.local.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The local S3 storage that the S3 endpoint serves and that in-process services (the local
 * Firehose, the local Athena, the detector state store in tests) write and read directly.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>An object is a plain file at {@code <dataDir>/<bucket>/<key>} ({@link #pathOf}), so DuckDB
 *       and people read the archive in place. Metadata (ETag, content type, user metadata) lives
 *       outside the bucket directories.
 *   <li>Writes are atomic (temporary file + rename): a reader sees the old object or the new one,
 *       never a part. Concurrent writes to one key are serialised; the last one wins, except that a
 *       {@link Precondition} is checked and applied atomically with the write.
 *   <li>The ETag of an object is the quoted lowercase hex MD5 of its bytes, as S3 computes it for a
 *       single-part upload (an object completed from a multipart upload carries S3's multipart
 *       ETag, the MD5 of the parts' MD5s followed by {@code -<parts>}).
 *   <li>A key is stored as a relative file path, so a key that cannot be one is refused by {@link
 *       #put} with {@code InvalidArgument} (400) and found by no read: an empty segment ({@code
 *       a//b}, a leading or trailing {@code /}), a {@code .} or {@code ..} segment, a NUL
 *       character, a segment longer than 255 UTF-8 bytes, and a key that would be both an object
 *       and a "directory" of other keys ({@code a} and {@code a/b}; S3 allows both, a file system
 *       does not). Keys are at most 1024 UTF-8 bytes ({@code KeyTooLongError}).
 *   <li>Listing is in UTF-8 binary key order, as S3 lists. With a delimiter, keys that share a
 *       common prefix are rolled up into that prefix, which takes the place of its first key in the
 *       order; {@code startAfter} skips every entry (key or common prefix) that is not greater than
 *       it, so a page continued from {@link Listing#nextStartAfter} never repeats an entry.
 *   <li>Thread-safe.
 * </ul>
 */
public interface ObjectStore {

  /**
   * Creates a bucket; fails with {@link S3Exception} {@code BucketAlreadyOwnedByYou} if it exists.
   */
  void createBucket(String bucket) throws S3Exception, IOException;

  /** Creates the bucket unless it exists. */
  void ensureBucket(String bucket) throws IOException;

  boolean bucketExists(String bucket);

  List<String> listBuckets() throws IOException;

  /** Deletes an empty bucket; {@code BucketNotEmpty} or {@code NoSuchBucket} otherwise. */
  void deleteBucket(String bucket) throws S3Exception, IOException;

  /**
   * Stores an object atomically.
   *
   * @throws S3Exception {@code NoSuchBucket}; {@code PreconditionFailed} (412) when the
   *     precondition does not hold; {@code ConditionalRequestConflict} (409) when it held when the
   *     write began but a concurrent delete removed the object before it completed; {@code
   *     InvalidArgument} for a key that cannot be a path (see the contract above)
   */
  ObjectInfo put(
      String bucket,
      String key,
      InputStream data,
      ObjectAttributes attributes,
      Precondition condition)
      throws S3Exception, IOException;

  /** Convenience for {@link #put} with bytes, default attributes and no precondition. */
  default ObjectInfo put(String bucket, String key, byte[] data) throws S3Exception, IOException {
    return put(
        bucket,
        key,
        new java.io.ByteArrayInputStream(data),
        ObjectAttributes.DEFAULT,
        Precondition.NONE);
  }

  /** The object's metadata, or empty when there is no such key. */
  Optional<ObjectInfo> head(String bucket, String key) throws S3Exception, IOException;

  /** The object's bytes. {@code NoSuchKey}/{@code NoSuchBucket} when absent. */
  byte[] get(String bucket, String key) throws S3Exception, IOException;

  /** Deletes a key; deleting a missing key succeeds, as in S3. */
  void delete(String bucket, String key) throws S3Exception, IOException;

  /**
   * Lists keys in order after {@code startAfter} (exclusive, may be null), under {@code prefix}
   * (may be empty), grouping by {@code delimiter} (may be null) into common prefixes, at most
   * {@code maxKeys} entries (keys plus common prefixes).
   */
  Listing list(String bucket, String prefix, String delimiter, String startAfter, int maxKeys)
      throws S3Exception, IOException;

  /** Where the object's bytes live on disk (whether or not the object exists). */
  Path pathOf(String bucket, String key);

  /** The data directory: buckets are its non-hidden sub-directories. */
  Path root();

  /**
   * What is stored besides the bytes: the content type, user metadata ({@code x-amz-meta-*}, names
   * in lower case), the standard headers S3 stores and returns ({@code Cache-Control}, {@code
   * Content-Disposition}, {@code Content-Encoding}, {@code Content-Language}, {@code Expires}), and
   * the additional checksum to compute and keep (null for none).
   */
  record ObjectAttributes(
      String contentType,
      java.util.Map<String, String> userMetadata,
      java.util.Map<String, String> headers,
      ChecksumAlgorithm checksumAlgorithm) {
    public static final ObjectAttributes DEFAULT =
        new ObjectAttributes("binary/octet-stream", java.util.Map.of());

    public ObjectAttributes {
      contentType = contentType == null ? "binary/octet-stream" : contentType;
      userMetadata = java.util.Map.copyOf(userMetadata == null ? java.util.Map.of() : userMetadata);
      headers = java.util.Map.copyOf(headers == null ? java.util.Map.of() : headers);
    }

    public ObjectAttributes(String contentType, java.util.Map<String, String> userMetadata) {
      this(contentType, userMetadata, java.util.Map.of(), null);
    }
  }

  /**
   * An object's metadata. {@code etag} includes the quotes, as in S3 headers; {@code checksum} is
   * the additional checksum the object was stored with, or null.
   */
  record ObjectInfo(
      String bucket,
      String key,
      long size,
      String etag,
      java.time.Instant lastModified,
      ObjectAttributes attributes,
      Checksum checksum) {

    public ObjectInfo(
        String bucket,
        String key,
        long size,
        String etag,
        java.time.Instant lastModified,
        ObjectAttributes attributes) {
      this(bucket, key, size, etag, lastModified, attributes, null);
    }
  }

  /** One page of a listing. {@code nextStartAfter} is null when the listing is complete. */
  record Listing(List<ObjectInfo> objects, List<String> commonPrefixes, String nextStartAfter) {
    public boolean truncated() {
      return nextStartAfter != null;
    }
  }

  /** A conditional write: {@code If-None-Match: *} or {@code If-Match: <etag>}. */
  sealed interface Precondition {
    Precondition NONE = new None();

    /** Write only if no object exists at the key. */
    Precondition IF_NONE_MATCH_ANY = new IfNoneMatchAny();

    static Precondition ifMatch(String etag) {
      return new IfMatch(etag);
    }

    record None() implements Precondition {}

    record IfNoneMatchAny() implements Precondition {}

    /**
     * Write only if the current object's ETag equals this one (quotes optional; {@code *} matches
     * any existing object). No object at the key is {@code NoSuchKey} (404).
     */
    record IfMatch(String etag) implements Precondition {}
  }
}
