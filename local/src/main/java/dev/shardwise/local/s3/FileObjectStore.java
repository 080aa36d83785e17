package dev.shardwise.local.s3;

import dev.shardwise.local.s3.internal.DigestingCopy;
import dev.shardwise.local.s3.internal.KeyRules;
import dev.shardwise.local.s3.internal.MetaStore;
import dev.shardwise.local.s3.internal.StoredMeta;
import dev.shardwise.local.s3.internal.StripedLocks;
import dev.shardwise.local.s3.internal.TreeLister;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Lock;

/**
 * The {@link ObjectStore} on plain files: object bytes at {@code <dataDir>/<bucket>/<key>},
 * metadata under {@code <dataDir>/.s3meta/} (see {@link MetaStore}), multipart uploads under {@code
 * <dataDir>/.s3meta/uploads/}.
 *
 * <p>Writes stream the body into a temporary file in the target's own directory (named {@code
 * .shardwise-tmp-<n>}: a dot-file without an extension, which listings skip and which no glob on
 * {@code *.parquet} or {@code *.json.gz} matches), computing the MD5 and any additional checksum on
 * the way; then, under the key's lock, the precondition is checked again and the file renamed into
 * place. Readers take the key's read lock only to open the file and read its metadata together, so
 * a reader streams one consistent version even while a writer replaces it.
 *
 * <p>Key rules: see the contract on {@link ObjectStore}. A key that names a file placed in the data
 * directory by hand (DuckDB, a person) is an object too; its metadata is derived from the file (MD5
 * ETag, {@code binary/octet-stream}, the file's modification time) the first time it is read.
 */
public final class FileObjectStore implements ObjectStore {
  private final Path root;
  private final InstantSource clock;
  private final Charset fileNames;
  private final MetaStore meta;
  private final StripedLocks locks = new StripedLocks(256);
  private final Buckets buckets;
  private final ObjectWriter writer;
  private final MultipartUploads multipart;

  /** A store on {@code dataDir} (created if missing), stamping writes with {@code clock}. */
  public FileObjectStore(Path dataDir, InstantSource clock) throws IOException {
    this(dataDir, clock, fileNameCharset());
  }

  FileObjectStore(Path dataDir, InstantSource clock, Charset fileNames) throws IOException {
    this.root = Files.createDirectories(dataDir).toAbsolutePath();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.fileNames = fileNames;
    Path metaDir = Files.createDirectories(root.resolve(".s3meta"));
    this.meta = new MetaStore(metaDir);
    this.buckets = new Buckets(root, metaDir, clock);
    this.writer = new ObjectWriter(this);
    this.multipart = new MultipartUploads(this, metaDir.resolve("uploads"), clock);
  }

  /** The name encoding of the platform's file system ({@code sun.jnu.encoding}). */
  static Charset fileNameCharset() {
    String name = System.getProperty("sun.jnu.encoding");
    try {
      return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
    } catch (IllegalArgumentException e) {
      return StandardCharsets.UTF_8;
    }
  }

  // ---- buckets ---------------------------------------------------------------------------------

  @Override
  public void createBucket(String bucket) throws S3Exception, IOException {
    buckets.create(bucket, null);
  }

  /** Creates a bucket remembering its region ({@code LocationConstraint}; null for us-east-1). */
  public void createBucket(String bucket, String region) throws S3Exception, IOException {
    buckets.create(bucket, region);
  }

  /**
   * Creates the bucket unless it exists.
   *
   * @throws IllegalArgumentException for a name that is not a valid bucket name
   */
  @Override
  public void ensureBucket(String bucket) throws IOException {
    try {
      buckets.create(bucket, null);
    } catch (S3Exception e) {
      if (!e.code().equals("BucketAlreadyOwnedByYou")) {
        throw new IllegalArgumentException(e.getMessage() + ": " + bucket, e);
      }
    }
  }

  @Override
  public boolean bucketExists(String bucket) {
    return buckets.exists(bucket);
  }

  @Override
  public List<String> listBuckets() throws IOException {
    return buckets.list();
  }

  /** A bucket's creation time and region (null region for us-east-1). */
  public BucketInfo bucketInfo(String bucket) throws S3Exception, IOException {
    return buckets.info(bucket);
  }

  @Override
  public void deleteBucket(String bucket) throws S3Exception, IOException {
    requireBucket(bucket);
    Path dir = root.resolve(bucket);
    if (TreeLister.hasAnyObject(dir)) {
      throw new S3Exception("BucketNotEmpty", 409, "The bucket you tried to delete is not empty")
          .withDetail("BucketName", bucket);
    }
    multipart.abortAll(bucket);
    MetaStore.deleteTree(dir);
    meta.deleteBucket(bucket);
    buckets.forget(bucket);
  }

  void requireBucket(String bucket) throws S3Exception {
    if (!buckets.exists(bucket)) {
      throw S3Exception.noSuchBucket(bucket);
    }
  }

  // ---- objects ---------------------------------------------------------------------------------

  @Override
  public ObjectInfo put(
      String bucket,
      String key,
      InputStream data,
      ObjectAttributes attributes,
      Precondition condition)
      throws S3Exception, IOException {
    Objects.requireNonNull(attributes, "attributes");
    return writer.write(
        bucket,
        key,
        attributes,
        condition,
        temp -> {
          DigestingCopy.Result r = DigestingCopy.copy(data, temp, attributes.checksumAlgorithm());
          Checksum checksum =
              r.checksum() == null
                  ? null
                  : Checksum.fullObject(attributes.checksumAlgorithm(), r.checksum());
          return new ObjectWriter.Staged(quote(r.md5()), checksum, List.of());
        });
  }

  /**
   * Copies an object. {@code attributes} null keeps the source's attributes (S3's {@code COPY}
   * metadata directive); the copy is a single-part object with an MD5 ETag.
   */
  public ObjectInfo copy(
      String sourceBucket,
      String sourceKey,
      String bucket,
      String key,
      ObjectAttributes attributes,
      Precondition condition)
      throws S3Exception, IOException {
    try (OpenObject source = open(sourceBucket, sourceKey)) {
      ObjectAttributes a = attributes;
      if (a == null) {
        ObjectAttributes s = source.info().attributes();
        ChecksumAlgorithm alg =
            source.info().checksum() == null ? null : source.info().checksum().algorithm();
        a = new ObjectAttributes(s.contentType(), s.userMetadata(), s.headers(), alg);
      }
      return put(bucket, key, Channels.newInputStream(source.channel()), a, condition);
    }
  }

  @Override
  public Optional<ObjectInfo> head(String bucket, String key) throws S3Exception, IOException {
    requireBucket(bucket);
    if (KeyRules.keyProblem(key, fileNames) != null) {
      return Optional.empty();
    }
    Lock lock = locks.lockFor(bucket, key).readLock();
    lock.lock();
    try {
      StoredMeta m = current(bucket, key);
      return m == null ? Optional.empty() : Optional.of(toInfo(bucket, m));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public byte[] get(String bucket, String key) throws S3Exception, IOException {
    try (OpenObject o = open(bucket, key)) {
      if (o.info().size() > Integer.MAX_VALUE - 16) {
        throw new IOException("object too large for a byte array: " + bucket + "/" + key);
      }
      return Channels.newInputStream(o.channel()).readAllBytes();
    }
  }

  /** An open object: its metadata, its part sizes (empty unless multipart) and its bytes. */
  public record OpenObject(ObjectInfo info, List<Long> partSizes, FileChannel channel)
      implements AutoCloseable {
    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /**
   * Opens an object for streaming: the metadata and the channel describe the same version even
   * while a writer replaces the object. The caller closes it.
   */
  public OpenObject open(String bucket, String key) throws S3Exception, IOException {
    requireBucket(bucket);
    if (KeyRules.keyProblem(key, fileNames) != null) {
      throw S3Exception.noSuchKey(key);
    }
    Lock lock = locks.lockFor(bucket, key).readLock();
    lock.lock();
    try {
      StoredMeta m = current(bucket, key);
      if (m == null) {
        throw S3Exception.noSuchKey(key);
      }
      FileChannel ch;
      try {
        ch =
            FileChannel.open(file(bucket, key), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        throw S3Exception.noSuchKey(key);
      }
      return new OpenObject(toInfo(bucket, m), m.partSizes(), ch);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void delete(String bucket, String key) throws S3Exception, IOException {
    delete(bucket, key, Precondition.NONE);
  }

  /**
   * Deletes a key, optionally only if it matches ({@link Precondition.IfMatch}; a missing key is
   * then {@code NoSuchKey}). Deleting a missing key without a precondition succeeds.
   */
  public void delete(String bucket, String key, Precondition condition)
      throws S3Exception, IOException {
    requireBucket(bucket);
    if (KeyRules.keyProblem(key, fileNames) != null) {
      ObjectWriter.evaluate(key, condition, null, false, false);
      return;
    }
    Path file = file(bucket, key);
    Lock lock = locks.lockFor(bucket, key).writeLock();
    lock.lock();
    try {
      StoredMeta m = current(bucket, key);
      ObjectWriter.evaluate(key, condition, m == null ? null : m.etag(), false, false);
      if (m == null) {
        return;
      }
      Files.deleteIfExists(file);
      meta.delete(bucket, key);
    } finally {
      lock.unlock();
    }
    ObjectWriter.pruneEmptyDirectories(locks, bucket, root.resolve(bucket), file.getParent());
  }

  @Override
  public Listing list(
      String bucket, String prefix, String delimiter, String startAfter, int maxKeys)
      throws S3Exception, IOException {
    if (maxKeys < 0) {
      throw new IllegalArgumentException("maxKeys must be >= 0, was " + maxKeys);
    }
    requireBucket(bucket);
    List<TreeLister.Entry> entries =
        TreeLister.list(root.resolve(bucket), prefix, delimiter, startAfter, maxKeys + 1);
    boolean truncated = entries.size() > maxKeys;
    List<ObjectInfo> objects = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    String last = null;
    for (TreeLister.Entry e : entries.subList(0, Math.min(maxKeys, entries.size()))) {
      last = e.name();
      if (e.isCommonPrefix()) {
        prefixes.add(e.name());
        continue;
      }
      Lock lock = locks.lockFor(bucket, e.name()).readLock();
      lock.lock();
      try {
        StoredMeta m = current(bucket, e.name());
        if (m != null) {
          objects.add(toInfo(bucket, m));
        }
      } finally {
        lock.unlock();
      }
    }
    return new Listing(objects, prefixes, truncated ? last : null);
  }

  @Override
  public Path pathOf(String bucket, String key) {
    if (!KeyRules.isValidBucketName(bucket)) {
      throw new IllegalArgumentException("invalid bucket name: " + bucket);
    }
    String problem = KeyRules.keyProblem(key, fileNames);
    if (problem != null) {
      throw new IllegalArgumentException("key '" + key + "' cannot be a path: " + problem);
    }
    return file(bucket, key);
  }

  @Override
  public Path root() {
    return root;
  }

  /** The multipart uploads of this store. */
  public MultipartUploads multipart() {
    return multipart;
  }

  // ---- shared with the writer and multipart uploads ---------------------------------------------

  Path file(String bucket, String key) {
    return root.resolve(bucket).resolve(key);
  }

  Charset fileNames() {
    return fileNames;
  }

  StripedLocks locks() {
    return locks;
  }

  MetaStore meta() {
    return meta;
  }

  InstantSource clock() {
    return clock;
  }

  /** The current metadata of a key, or null; callers hold the key's lock. */
  StoredMeta current(String bucket, String key) throws IOException {
    return CurrentMeta.of(meta, file(bucket, key), bucket, key);
  }

  static ObjectInfo toInfo(String bucket, StoredMeta m) {
    return CurrentMeta.toInfo(bucket, m);
  }

  static String quote(byte[] md5) {
    return "\"" + HexFormat.of().formatHex(md5) + "\"";
  }
}
