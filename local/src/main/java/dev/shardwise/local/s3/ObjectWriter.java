package dev.shardwise.local.s3;

import dev.shardwise.local.s3.ObjectStore.ObjectAttributes;
import dev.shardwise.local.s3.ObjectStore.ObjectInfo;
import dev.shardwise.local.s3.ObjectStore.Precondition;
import dev.shardwise.local.s3.internal.Etags;
import dev.shardwise.local.s3.internal.KeyRules;
import dev.shardwise.local.s3.internal.StoredMeta;
import dev.shardwise.local.s3.internal.StripedLocks;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

/**
 * The one way an object gets written: check the key and the precondition, stage the bytes in a
 * temporary file beside the target, then under the key's write lock check the precondition again,
 * rename the file into place and write its metadata.
 */
final class ObjectWriter {
  private static final int DIRECTORY_RETRIES = 20;

  /** Writes the bytes of an object into a temporary file and describes them. */
  @FunctionalInterface
  interface Stager {
    Staged stage(Path temp) throws IOException, S3Exception;
  }

  /** The staged bytes' ETag (quoted), additional checksum (or null) and part sizes. */
  record Staged(String etag, Checksum checksum, List<Long> partSizes) {}

  private final FileObjectStore store;

  ObjectWriter(FileObjectStore store) {
    this.store = store;
  }

  ObjectInfo write(
      String bucket, String key, ObjectAttributes attributes, Precondition condition, Stager stager)
      throws S3Exception, IOException {
    store.requireBucket(bucket);
    String problem = KeyRules.keyProblem(key, store.fileNames());
    if (problem != null) {
      throw KeyRules.keyError(key, problem);
    }
    Precondition cond = condition == null ? Precondition.NONE : condition;
    boolean existedAtStart = false;
    if (!(cond instanceof Precondition.None)) {
      Lock read = store.locks().lockFor(bucket, key).readLock();
      read.lock();
      try {
        StoredMeta now = store.current(bucket, key);
        evaluate(key, cond, now == null ? null : now.etag(), false, false);
        existedAtStart = now != null;
      } finally {
        read.unlock();
      }
    }
    Path target = store.file(bucket, key);
    Path temp = createTemp(bucket, key, target);
    try {
      Staged staged = stager.stage(temp);
      Lock lock = store.locks().lockFor(bucket, key).writeLock();
      lock.lock();
      try {
        if (!(cond instanceof Precondition.None)) {
          StoredMeta now = store.current(bucket, key);
          evaluate(key, cond, now == null ? null : now.etag(), true, existedAtStart);
        }
        long lastModified = store.clock().instant().truncatedTo(ChronoUnit.MILLIS).toEpochMilli();
        moveIntoPlace(temp, target, key);
        BasicFileAttributes a =
            Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Checksum c = staged.checksum();
        StoredMeta m =
            new StoredMeta(
                key,
                a.size(),
                nanos(a),
                staged.etag(),
                lastModified,
                attributes.contentType(),
                attributes.userMetadata(),
                attributes.headers(),
                c == null ? null : c.algorithm().name(),
                c == null ? null : c.value(),
                c == null ? null : c.type().name(),
                staged.partSizes());
        store.meta().write(bucket, key, m);
        return FileObjectStore.toInfo(bucket, m);
      } finally {
        lock.unlock();
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Checks a precondition against the current ETag (null: no object). At commit, an {@code
   * If-Match} whose object disappeared since the write began is a 409 conflict, as on S3.
   */
  static void evaluate(
      String key, Precondition cond, String currentEtag, boolean atCommit, boolean existedAtStart)
      throws S3Exception {
    if (cond instanceof Precondition.IfNoneMatchAny) {
      if (currentEtag != null) {
        throw S3Exception.preconditionFailed().withDetail("Condition", "If-None-Match");
      }
    } else if (cond instanceof Precondition.IfMatch m) {
      if (currentEtag == null) {
        if (atCommit && existedAtStart) {
          throw new S3Exception(
              "ConditionalRequestConflict",
              409,
              "The conditional request cannot succeed due to a conflicting operation against this"
                  + " resource.");
        }
        throw S3Exception.noSuchKey(key);
      }
      if (!etagMatches(m.etag(), currentEtag)) {
        throw S3Exception.preconditionFailed().withDetail("Condition", "If-Match");
      }
    }
  }

  static boolean etagMatches(String condition, String etag) {
    return Etags.matches(condition, etag);
  }

  private Path createTemp(String bucket, String key, Path target) throws S3Exception, IOException {
    Path bucketDir = store.root().resolve(bucket);
    for (int attempt = 0; ; attempt++) {
      if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        throw isPrefixOfOthers(key);
      }
      try {
        Files.createDirectories(target.getParent());
        return Files.createTempFile(target.getParent(), KeyRules.TEMP_PREFIX, "");
      } catch (FileSystemException e) {
        // an ancestor that is a file is a real conflict; anything else is a race with a delete
        // pruning empty directories (createDirectories then reports the directory it saw vanish
        // as "already exists"): make the directories again
        String object = objectAncestor(bucketDir, target);
        if (object != null) {
          throw hasObjectAncestor(key, object);
        }
        if (attempt >= DIRECTORY_RETRIES) {
          throw e;
        }
      }
    }
  }

  /** The key of an object that sits where a directory of {@code target} must go, or null. */
  private static String objectAncestor(Path bucketDir, Path target) {
    for (Path p = target.getParent(); p != null && !p.equals(bucketDir); p = p.getParent()) {
      if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        return bucketDir.relativize(p).toString();
      }
    }
    return null;
  }

  private static void moveIntoPlace(Path temp, Path target, String key)
      throws S3Exception, IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (FileSystemException e) {
      if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        throw isPrefixOfOthers(key);
      }
      throw e;
    }
  }

  private static S3Exception isPrefixOfOthers(String key) {
    return S3Exception.invalidArgument(
        "The local S3 stores each key as a file path and cannot store '"
            + key
            + "' while other keys start with '"
            + key
            + "/' (S3 allows both; a file system cannot hold a file and a directory of one name)",
        "key",
        key);
  }

  private static S3Exception hasObjectAncestor(String key, String object) {
    return S3Exception.invalidArgument(
        "The local S3 stores each key as a file path and cannot store '"
            + key
            + "' while '"
            + object
            + "' is an object (S3 allows both; a file system cannot hold a file and a directory of"
            + " one name)",
        "key",
        key);
  }

  /**
   * Removes now-empty directories from {@code dir} up to, not including, the bucket directory. Only
   * directories: a path on the way up may be an object's file (a delete of {@code a/b} while {@code
   * a} is an object), which must stay. Each check-and-remove holds the write lock of the key the
   * directory's path spells, so a writer cannot put an object's file there in between.
   */
  static void pruneEmptyDirectories(StripedLocks locks, String bucket, Path bucketDir, Path dir) {
    for (Path d = dir;
        d != null && d.startsWith(bucketDir) && !d.equals(bucketDir);
        d = d.getParent()) {
      String key =
          bucketDir.relativize(d).toString().replace(d.getFileSystem().getSeparator(), "/");
      Lock lock = locks.lockFor(bucket, key).writeLock();
      lock.lock();
      try {
        if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
          return;
        }
        Files.delete(d);
      } catch (DirectoryNotEmptyException | NoSuchFileException e) {
        return;
      } catch (IOException e) {
        return; // best effort: an empty directory is invisible to listings anyway
      } finally {
        lock.unlock();
      }
    }
  }

  static long nanos(BasicFileAttributes a) {
    return a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
  }
}
