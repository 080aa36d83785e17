package dev.shardwise.local.s3.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Object metadata files: {@code <metaDir>/objects/<bucket>/<h2>/<sha256(key)>}, JSON. Keys are
 * hashed so that metadata never runs into the path conflicts keys have (an object {@code a} beside
 * a prefix {@code a/}), and each file names its key so a hash collision reads as "no metadata".
 * Writes are atomic (temporary file + rename). Callers serialise writers of one key.
 */
public final class MetaStore {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final Path objects;

  public MetaStore(Path metaDir) {
    this.objects = metaDir.resolve("objects");
  }

  /** The record for a key, or null when there is none (or it is unreadable). */
  public StoredMeta read(String bucket, String key) {
    Path p = pathOf(bucket, key);
    try {
      StoredMeta m = JSON.readValue(Files.readAllBytes(p), StoredMeta.class);
      return key.equals(m.key()) ? m : null;
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      return null; // a torn or foreign file: the object's metadata is derived afresh
    }
  }

  public void write(String bucket, String key, StoredMeta meta) throws IOException {
    Path p = pathOf(bucket, key);
    Files.createDirectories(p.getParent());
    Path tmp = Files.createTempFile(p.getParent(), KeyRules.TEMP_PREFIX, "");
    try {
      Files.write(tmp, JSON.writeValueAsString(meta).getBytes(StandardCharsets.UTF_8));
      move(tmp, p);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  public void delete(String bucket, String key) throws IOException {
    // The hash directory stays: there are at most 256 per bucket, and removing an empty one
    // races with a writer that has just created it for another key.
    Files.deleteIfExists(pathOf(bucket, key));
  }

  /** Removes every record of a bucket. */
  public void deleteBucket(String bucket) throws IOException {
    deleteTree(objects.resolve(bucket));
  }

  private Path pathOf(String bucket, String key) {
    String hash = sha256Hex(key);
    return objects.resolve(bucket).resolve(hash.substring(0, 2)).resolve(hash);
  }

  static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Deletes a directory tree; a missing one is fine. */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            Files.deleteIfExists(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static String sha256Hex(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
