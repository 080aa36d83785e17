package dev.shardwise.local.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A minimal {@link ObjectStore} over plain files for the tests of services that use the store (the
 * real implementation, {@code FileObjectStore}, belongs to the S3 endpoint). Objects are files at
 * {@code <root>/<bucket>/<key>}; no metadata beyond size and modification time (the ETag is a
 * stand-in, not the MD5); preconditions other than NONE are refused.
 */
public final class DirectoryObjectStore implements ObjectStore {
  private final Path root;

  public DirectoryObjectStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public void createBucket(String bucket) throws S3Exception, IOException {
    if (bucketExists(bucket)) {
      throw new S3Exception("BucketAlreadyOwnedByYou", 409, bucket);
    }
    Files.createDirectories(root.resolve(bucket));
  }

  @Override
  public void ensureBucket(String bucket) throws IOException {
    Files.createDirectories(root.resolve(bucket));
  }

  @Override
  public boolean bucketExists(String bucket) {
    return Files.isDirectory(root.resolve(bucket));
  }

  @Override
  public List<String> listBuckets() throws IOException {
    try (Stream<Path> s = Files.list(root)) {
      return s.filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("."))
          .sorted()
          .toList();
    }
  }

  @Override
  public void deleteBucket(String bucket) throws S3Exception, IOException {
    Files.delete(root.resolve(bucket));
  }

  @Override
  public ObjectInfo put(
      String bucket,
      String key,
      InputStream data,
      ObjectAttributes attributes,
      Precondition condition)
      throws S3Exception, IOException {
    if (!bucketExists(bucket)) {
      throw S3Exception.noSuchBucket(bucket);
    }
    if (!(condition instanceof Precondition.None)) {
      throw new UnsupportedOperationException("preconditions are not needed by these tests");
    }
    Path target = pathOf(bucket, key);
    Files.createDirectories(target.getParent());
    Path tmp = root.resolve(".tmp").resolve(UUID.randomUUID().toString());
    Files.createDirectories(tmp.getParent());
    Files.copy(data, tmp);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return head(bucket, key).orElseThrow();
  }

  @Override
  public Optional<ObjectInfo> head(String bucket, String key) throws S3Exception, IOException {
    Path p = pathOf(bucket, key);
    if (!Files.isRegularFile(p)) {
      return Optional.empty();
    }
    return Optional.of(info(bucket, key, p));
  }

  @Override
  public byte[] get(String bucket, String key) throws S3Exception, IOException {
    try {
      return Files.readAllBytes(pathOf(bucket, key));
    } catch (NoSuchFileException e) {
      throw S3Exception.noSuchKey(key);
    }
  }

  @Override
  public void delete(String bucket, String key) throws S3Exception, IOException {
    Files.deleteIfExists(pathOf(bucket, key));
  }

  @Override
  public Listing list(
      String bucket, String prefix, String delimiter, String startAfter, int maxKeys)
      throws S3Exception, IOException {
    if (!bucketExists(bucket)) {
      throw S3Exception.noSuchBucket(bucket);
    }
    Path base = root.resolve(bucket);
    TreeSet<String> keys = new TreeSet<>();
    try (Stream<Path> s = Files.walk(base)) {
      s.filter(Files::isRegularFile)
          .map(p -> base.relativize(p).toString().replace('\\', '/'))
          .filter(k -> k.startsWith(prefix == null ? "" : prefix))
          .filter(k -> startAfter == null || k.compareTo(startAfter) > 0)
          .forEach(keys::add);
    }
    List<ObjectInfo> objects = new ArrayList<>();
    String next = null;
    for (String k : keys) {
      if (objects.size() == maxKeys) {
        next = objects.get(objects.size() - 1).key();
        break;
      }
      objects.add(info(bucket, k, base.resolve(k)));
    }
    return new Listing(objects, List.of(), next);
  }

  @Override
  public Path pathOf(String bucket, String key) {
    return root.resolve(bucket).resolve(key);
  }

  @Override
  public Path root() {
    return root;
  }

  /** Size and time only: the ETag is a stand-in (not the MD5), which these tests never compare. */
  private static ObjectInfo info(String bucket, String key, Path p) throws IOException {
    long size = Files.size(p);
    Instant modified = Files.getLastModifiedTime(p).toInstant();
    String etag =
        "\"" + Long.toHexString(size) + "-" + Long.toHexString(modified.toEpochMilli()) + "\"";
    return new ObjectInfo(bucket, key, size, etag, modified, ObjectAttributes.DEFAULT);
  }
}
