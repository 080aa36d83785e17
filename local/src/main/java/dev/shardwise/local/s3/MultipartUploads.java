package dev.shardwise.local.s3;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shardwise.local.s3.ObjectStore.ObjectAttributes;
import dev.shardwise.local.s3.ObjectStore.ObjectInfo;
import dev.shardwise.local.s3.ObjectStore.Precondition;
import dev.shardwise.local.s3.internal.DigestingCopy;
import dev.shardwise.local.s3.internal.KeyRules;
import dev.shardwise.local.s3.internal.MetaStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.regex.Pattern;

/**
 * Multipart uploads, kept under {@code .s3meta/uploads/<uploadId>/}: {@code upload.json} and one
 * file plus one {@code .json} record per part. Completing an upload concatenates the parts into a
 * temporary file beside the target and commits it like a put, with S3's multipart ETag (MD5 of the
 * parts' MD5s, {@code -<parts>}) and, when the upload has a checksum algorithm, a {@code COMPOSITE}
 * checksum (the checksum of the parts' checksums, {@code -<parts>}) or a {@code FULL_OBJECT} one
 * (CRC algorithms only). Every part but the last must be at least 5 MiB, as on S3.
 */
public final class MultipartUploads {
  /** S3's minimum size of every part but the last. */
  public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

  public static final int MAX_PART_NUMBER = 10_000;

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final Pattern UPLOAD_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

  /** An upload in progress. */
  public record Upload(
      String uploadId,
      String bucket,
      String key,
      Instant initiated,
      ObjectAttributes attributes,
      Checksum.Type checksumType) {}

  /** A stored part. {@code etag} is quoted; {@code checksum} null when the upload has none. */
  public record Part(
      int partNumber, long size, String etag, Checksum checksum, Instant lastModified) {}

  /** A part named in CompleteMultipartUpload: its number, ETag and optional checksum value. */
  public record CompletedPart(int partNumber, String etag, String checksum) {}

  record UploadRecord(
      String bucket,
      String key,
      long initiated,
      String contentType,
      Map<String, String> userMetadata,
      Map<String, String> headers,
      String checksumAlgorithm,
      String checksumType) {}

  record PartRecord(int partNumber, long size, String etag, String checksum, long lastModified) {}

  private final FileObjectStore store;
  private final Path dir;
  private final InstantSource clock;
  private final AtomicLong sequence = new AtomicLong();

  MultipartUploads(FileObjectStore store, Path dir, InstantSource clock) {
    this.store = store;
    this.dir = dir;
    this.clock = clock;
  }

  /** Starts an upload; {@code checksumType} null picks S3's default for the algorithm. */
  public Upload create(
      String bucket, String key, ObjectAttributes attributes, Checksum.Type checksumType)
      throws S3Exception, IOException {
    store.requireBucket(bucket);
    String problem = KeyRules.keyProblem(key, store.fileNames());
    if (problem != null) {
      throw KeyRules.keyError(key, problem);
    }
    ChecksumAlgorithm alg = attributes.checksumAlgorithm();
    Checksum.Type type = checksumType;
    if (alg == null) {
      type = null;
    } else if (type == null) {
      type =
          alg == ChecksumAlgorithm.CRC64NVME ? Checksum.Type.FULL_OBJECT : Checksum.Type.COMPOSITE;
    } else if (type == Checksum.Type.FULL_OBJECT
        && (alg == ChecksumAlgorithm.SHA1 || alg == ChecksumAlgorithm.SHA256)) {
      throw new S3Exception(
          "InvalidRequest",
          400,
          "The FULL_OBJECT checksum type cannot be used with the " + alg + " checksum algorithm.");
    } else if (type == Checksum.Type.COMPOSITE && alg == ChecksumAlgorithm.CRC64NVME) {
      throw new S3Exception(
          "InvalidRequest",
          400,
          "The COMPOSITE checksum type cannot be used with the CRC64NVME checksum algorithm.");
    }
    Instant now = clock.instant();
    Files.createDirectories(dir);
    while (true) {
      String id = Long.toString(now.toEpochMilli(), 36) + "_" + sequence.incrementAndGet();
      try {
        Files.createDirectory(dir.resolve(id));
      } catch (FileAlreadyExistsException e) {
        continue; // an id from an earlier run of the store
      }
      UploadRecord r =
          new UploadRecord(
              bucket,
              key,
              now.toEpochMilli(),
              attributes.contentType(),
              attributes.userMetadata(),
              attributes.headers(),
              alg == null ? null : alg.name(),
              type == null ? null : type.name());
      writeJson(dir.resolve(id), "upload.json", r);
      return toUpload(id, r);
    }
  }

  /** Stores one part (replacing an earlier one with its number). */
  public Part uploadPart(
      String bucket, String key, String uploadId, int partNumber, InputStream data)
      throws S3Exception, IOException {
    if (partNumber < 1 || partNumber > MAX_PART_NUMBER) {
      throw S3Exception.invalidArgument(
          "Part number must be an integer between 1 and 10000, inclusive",
          "partNumber",
          Integer.toString(partNumber));
    }
    Upload upload = load(bucket, key, uploadId);
    Path uploadDir = dir.resolve(uploadId);
    Path temp;
    try {
      temp = Files.createTempFile(uploadDir, KeyRules.TEMP_PREFIX, "");
    } catch (NoSuchFileException e) {
      throw noSuchUpload(uploadId);
    }
    try {
      ChecksumAlgorithm alg = upload.attributes().checksumAlgorithm();
      DigestingCopy.Result r = DigestingCopy.copy(data, temp, alg);
      Checksum checksum = r.checksum() == null ? null : Checksum.fullObject(alg, r.checksum());
      Instant now = clock.instant();
      PartRecord rec =
          new PartRecord(
              partNumber,
              r.size(),
              FileObjectStore.quote(r.md5()),
              checksum == null ? null : checksum.value(),
              now.toEpochMilli());
      Lock lock = uploadLock(uploadId);
      lock.lock();
      try {
        if (!Files.isDirectory(uploadDir)) {
          throw noSuchUpload(uploadId);
        }
        Files.move(
            temp, uploadDir.resolve(partFile(partNumber)), StandardCopyOption.REPLACE_EXISTING);
        writeJson(uploadDir, partFile(partNumber) + ".json", rec);
      } finally {
        lock.unlock();
      }
      return toPart(rec, alg);
    } catch (NoSuchFileException e) {
      throw noSuchUpload(uploadId);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** The upload, or {@code NoSuchUpload} (404) when it does not exist for this bucket and key. */
  public Upload load(String bucket, String key, String uploadId) throws S3Exception, IOException {
    store.requireBucket(bucket);
    if (uploadId == null || !UPLOAD_ID.matcher(uploadId).matches()) {
      throw noSuchUpload(uploadId);
    }
    UploadRecord r;
    try {
      r =
          JSON.readValue(
              Files.readAllBytes(dir.resolve(uploadId).resolve("upload.json")), UploadRecord.class);
    } catch (NoSuchFileException e) {
      throw noSuchUpload(uploadId);
    }
    if (!r.bucket().equals(bucket) || !r.key().equals(key)) {
      throw noSuchUpload(uploadId);
    }
    return toUpload(uploadId, r);
  }

  /** The parts uploaded so far, by part number. */
  public List<Part> listParts(String bucket, String key, String uploadId)
      throws S3Exception, IOException {
    Upload upload = load(bucket, key, uploadId);
    List<Part> parts = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir.resolve(uploadId), "*.json")) {
      for (Path f : files) {
        if (!f.getFileName().toString().equals("upload.json")) {
          PartRecord r = JSON.readValue(Files.readAllBytes(f), PartRecord.class);
          parts.add(toPart(r, upload.attributes().checksumAlgorithm()));
        }
      }
    } catch (NoSuchFileException e) {
      throw noSuchUpload(uploadId);
    }
    parts.sort((a, b) -> Integer.compare(a.partNumber(), b.partNumber()));
    return parts;
  }

  /** The uploads in progress in a bucket, by key, then by initiation. */
  public List<Upload> list(String bucket) throws S3Exception, IOException {
    store.requireBucket(bucket);
    List<Upload> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ids = Files.newDirectoryStream(dir)) {
      for (Path d : ids) {
        try {
          UploadRecord r =
              JSON.readValue(Files.readAllBytes(d.resolve("upload.json")), UploadRecord.class);
          if (r.bucket().equals(bucket)) {
            out.add(toUpload(d.getFileName().toString(), r));
          }
        } catch (NoSuchFileException e) {
          // completed or aborted while we looked
        }
      }
    }
    out.sort(
        (a, b) -> {
          int c = KeyRules.compareUtf8(a.key(), b.key());
          return c != 0 ? c : a.initiated().compareTo(b.initiated());
        });
    return out;
  }

  /**
   * Completes an upload into an object. {@code expectedChecksum} is a full-object checksum value
   * the client sent (null if none), checked against the assembled object.
   */
  public ObjectInfo complete(
      String bucket,
      String key,
      String uploadId,
      List<CompletedPart> parts,
      Precondition condition,
      String expectedChecksum)
      throws S3Exception, IOException {
    Lock lock = uploadLock(uploadId);
    lock.lock();
    try {
      Upload upload = load(bucket, key, uploadId);
      List<Part> chosen = MultipartAssembly.choose(upload, parts, listParts(bucket, key, uploadId));
      Path uploadDir = dir.resolve(uploadId);
      ObjectInfo info =
          new ObjectWriter(store)
              .write(
                  bucket,
                  key,
                  upload.attributes(),
                  condition,
                  temp -> {
                    try (OutputStream out = Files.newOutputStream(temp)) {
                      return MultipartAssembly.assemble(
                          upload,
                          chosen,
                          n -> uploadDir.resolve(partFile(n)),
                          out,
                          expectedChecksum);
                    }
                  });
      MetaStore.deleteTree(uploadDir);
      return info;
    } finally {
      lock.unlock();
    }
  }

  /** Discards an upload and its parts; {@code NoSuchUpload} when there is none. */
  public void abort(String bucket, String key, String uploadId) throws S3Exception, IOException {
    load(bucket, key, uploadId);
    Lock lock = uploadLock(uploadId);
    lock.lock();
    try {
      MetaStore.deleteTree(dir.resolve(uploadId));
    } finally {
      lock.unlock();
    }
  }

  void abortAll(String bucket) throws S3Exception, IOException {
    for (Upload u : list(bucket)) {
      abort(bucket, u.key(), u.uploadId());
    }
  }

  static S3Exception noSuchUpload(String uploadId) {
    return new S3Exception(
            "NoSuchUpload",
            404,
            "The specified upload does not exist. The upload ID may be invalid, or the upload may"
                + " have been aborted or completed.")
        .withDetail("UploadId", uploadId);
  }

  static String partFile(int partNumber) {
    return String.format("%05d", partNumber);
  }

  static byte[] etagBytes(String quotedEtag) {
    return HexFormat.of().parseHex(quotedEtag.substring(1, quotedEtag.length() - 1));
  }

  static byte[] checksumBytes(String base64) {
    return Base64.getDecoder().decode(base64);
  }

  private Lock uploadLock(String uploadId) {
    return store.locks().lockFor("\0uploads", uploadId == null ? "" : uploadId).writeLock();
  }

  private static void writeJson(Path directory, String name, Object value) throws IOException {
    Path tmp = Files.createTempFile(directory, KeyRules.TEMP_PREFIX, "");
    try {
      Files.write(tmp, JSON.writeValueAsBytes(value));
      Files.move(tmp, directory.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static Upload toUpload(String id, UploadRecord r) {
    ChecksumAlgorithm alg = ChecksumAlgorithm.parse(r.checksumAlgorithm());
    return new Upload(
        id,
        r.bucket(),
        r.key(),
        Instant.ofEpochMilli(r.initiated()),
        new ObjectAttributes(r.contentType(), r.userMetadata(), r.headers(), alg),
        r.checksumType() == null ? null : Checksum.Type.valueOf(r.checksumType()));
  }

  private static Part toPart(PartRecord r, ChecksumAlgorithm alg) {
    Checksum c =
        r.checksum() == null || alg == null
            ? null
            : new Checksum(alg, r.checksum(), Checksum.Type.FULL_OBJECT);
    return new Part(r.partNumber(), r.size(), r.etag(), c, Instant.ofEpochMilli(r.lastModified()));
  }
}
