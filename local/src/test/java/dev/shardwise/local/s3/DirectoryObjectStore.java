package dev.shardwise.local.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A minimal {@link ObjectStore} for tests of the services that write to S3, until the real file
 * store lands: plain files at {@code <root>/<bucket>/<key>}, atomic writes, no metadata beyond size
 * and MD5, no preconditions beyond {@code NONE}. Lists keys in binary order.
 */
public final class DirectoryObjectStore implements ObjectStore {
  private final Path root;

  public DirectoryObjectStore(Path root) {
    this.root = root;
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
  public void deleteBucket(String bucket) throws IOException {
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
    byte[] bytes = data.readAllBytes();
    Path target = pathOf(bucket, key);
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempFile(root, ".put", ".tmp");
    Files.write(tmp, bytes);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return info(bucket, key, bytes);
  }

  @Override
  public Optional<ObjectInfo> head(String bucket, String key) throws IOException {
    Path p = pathOf(bucket, key);
    return Files.isRegularFile(p)
        ? Optional.of(info(bucket, key, Files.readAllBytes(p)))
        : Optional.empty();
  }

  @Override
  public byte[] get(String bucket, String key) throws S3Exception, IOException {
    Path p = pathOf(bucket, key);
    if (!Files.isRegularFile(p)) {
      throw S3Exception.noSuchKey(key);
    }
    return Files.readAllBytes(p);
  }

  @Override
  public void delete(String bucket, String key) throws IOException {
    Files.deleteIfExists(pathOf(bucket, key));
  }

  @Override
  public Listing list(
      String bucket, String prefix, String delimiter, String startAfter, int maxKeys)
      throws S3Exception, IOException {
    if (!bucketExists(bucket)) {
      throw S3Exception.noSuchBucket(bucket);
    }
    Path b = root.resolve(bucket);
    List<ObjectInfo> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(b)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        String key = b.relativize(p).toString().replace('\\', '/');
        if (key.startsWith(prefix == null ? "" : prefix)
            && (startAfter == null || key.compareTo(startAfter) > 0)) {
          out.add(info(bucket, key, Files.readAllBytes(p)));
        }
      }
    }
    out.sort((x, y) -> x.key().compareTo(y.key()));
    return new Listing(
        out.subList(0, Math.min(out.size(), maxKeys)),
        List.of(),
        out.size() > maxKeys ? out.get(maxKeys - 1).key() : null);
  }

  @Override
  public Path pathOf(String bucket, String key) {
    return root.resolve(bucket).resolve(key);
  }

  @Override
  public Path root() {
    return root;
  }

  /** Every key of a bucket, in order. */
  public List<String> keys(String bucket) throws IOException {
    try {
      return list(bucket, "", null, null, Integer.MAX_VALUE).objects().stream()
          .map(ObjectInfo::key)
          .toList();
    } catch (S3Exception e) {
      throw new IOException(e);
    }
  }

  private static ObjectInfo info(String bucket, String key, byte[] bytes) {
    try {
      String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
      return new ObjectInfo(
          bucket, key, bytes.length, "\"" + md5 + "\"", Instant.EPOCH, ObjectAttributes.DEFAULT);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
