package dev.shardwise.local.s3;

import dev.shardwise.local.s3.ObjectStore.ObjectAttributes;
import dev.shardwise.local.s3.ObjectStore.ObjectInfo;
import dev.shardwise.local.s3.internal.DigestingCopy;
import dev.shardwise.local.s3.internal.MetaStore;
import dev.shardwise.local.s3.internal.StoredMeta;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;

/**
 * An object's current metadata: the stored record when it still describes the file, otherwise
 * metadata derived from the file itself (a crash between rename and metadata write, a file written
 * or replaced by hand), which is written back for next time.
 */
final class CurrentMeta {
  private CurrentMeta() {}

  /** The metadata of the object in {@code file}, or null when no object is there. */
  static StoredMeta of(MetaStore meta, Path file, String bucket, String key) throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (FileSystemException e) {
      // NoSuchFile, or ENOTDIR when an ancestor of the key's path is itself an object's file
      // ("a" beside "a/b"), which Java reports as a plain FileSystemException
      if (e instanceof NoSuchFileException
          || !Files.isDirectory(file.getParent(), LinkOption.NOFOLLOW_LINKS)) {
        return null;
      }
      throw e;
    }
    if (!a.isRegularFile()) {
      return null;
    }
    long mtime = ObjectWriter.nanos(a);
    StoredMeta m = meta.read(bucket, key);
    if (m != null && m.fileSize() == a.size() && m.fileMtimeNanos() == mtime) {
      return m;
    }
    DigestingCopy.Result r;
    try (InputStream in = Files.newInputStream(file)) {
      r = DigestingCopy.copy(in, OutputStream.nullOutputStream(), null);
    } catch (NoSuchFileException e) {
      return null;
    }
    StoredMeta derived =
        new StoredMeta(
            key,
            a.size(),
            mtime,
            FileObjectStore.quote(r.md5()),
            a.lastModifiedTime().toMillis(),
            ObjectAttributes.DEFAULT.contentType(),
            null,
            null,
            null,
            null,
            null,
            null);
    try {
      meta.write(bucket, key, derived);
    } catch (IOException e) {
      // best effort: derived again next time
    }
    return derived;
  }

  static ObjectInfo toInfo(String bucket, StoredMeta m) {
    ChecksumAlgorithm alg = ChecksumAlgorithm.parse(m.checksumAlgorithm());
    Checksum checksum =
        alg == null || m.checksumValue() == null
            ? null
            : new Checksum(alg, m.checksumValue(), Checksum.Type.valueOf(m.checksumType()));
    ObjectAttributes attrs =
        new ObjectAttributes(
            m.contentType(),
            m.userMetadata(),
            m.headers(),
            checksum == null ? null : checksum.algorithm());
    return new ObjectInfo(
        bucket,
        m.key(),
        m.fileSize(),
        m.etag(),
        Instant.ofEpochMilli(m.lastModifiedMillis()),
        attrs,
        checksum);
  }
}
