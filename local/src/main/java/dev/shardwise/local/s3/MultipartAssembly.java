package dev.shardwise.local.s3;

import dev.shardwise.local.s3.MultipartUploads.CompletedPart;
import dev.shardwise.local.s3.MultipartUploads.Part;
import dev.shardwise.local.s3.MultipartUploads.Upload;
import dev.shardwise.local.s3.internal.DigestingCopy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** Checks a CompleteMultipartUpload part list and assembles the object from the parts. */
final class MultipartAssembly {
  private MultipartAssembly() {}

  /** The stored parts the list names, in order, after S3's checks. */
  static List<Part> choose(Upload upload, List<CompletedPart> named, List<Part> stored)
      throws S3Exception {
    if (named.isEmpty()) {
      throw new S3Exception(
          "MalformedXML",
          400,
          "The XML you provided was not well-formed or did not validate against our published"
              + " schema");
    }
    Map<Integer, Part> byNumber = new HashMap<>();
    for (Part p : stored) {
      byNumber.put(p.partNumber(), p);
    }
    List<Part> chosen = new ArrayList<>();
    int previous = 0;
    for (CompletedPart c : named) {
      if (c.partNumber() <= previous) {
        throw new S3Exception(
                "InvalidPartOrder",
                400,
                "The list of parts was not in ascending order. Parts must be ordered by part number.")
            .withDetail("UploadId", upload.uploadId());
      }
      previous = c.partNumber();
      Part p = byNumber.get(c.partNumber());
      boolean checksumOk =
          c.checksum() == null
              || (p != null && p.checksum() != null && p.checksum().value().equals(c.checksum()));
      if (p == null
          || c.etag() == null
          || !ObjectWriter.etagMatches(c.etag(), p.etag())
          || !checksumOk) {
        throw new S3Exception(
                "InvalidPart",
                400,
                "One or more of the specified parts could not be found.  The part may not have been"
                    + " uploaded, or the specified entity tag may not have matched the part's"
                    + " entity tag.")
            .withDetail("UploadId", upload.uploadId())
            .withDetail("PartNumber", Integer.toString(c.partNumber()))
            .withDetail("ETag", c.etag());
      }
      chosen.add(p);
    }
    for (int i = 0; i < chosen.size() - 1; i++) {
      Part p = chosen.get(i);
      if (p.size() < MultipartUploads.MIN_PART_SIZE) {
        throw new S3Exception(
                "EntityTooSmall",
                400,
                "Your proposed upload is smaller than the minimum allowed size")
            .withDetail("ProposedSize", Long.toString(p.size()))
            .withDetail("MinSizeAllowed", Long.toString(MultipartUploads.MIN_PART_SIZE))
            .withDetail("PartNumber", Integer.toString(p.partNumber()))
            .withDetail("ETag", p.etag());
      }
    }
    return chosen;
  }

  /** Streams the parts into {@code out}; returns the multipart ETag and checksum. */
  static ObjectWriter.Staged assemble(
      Upload upload,
      List<Part> parts,
      IntFunction<Path> partFile,
      OutputStream out,
      String expectedChecksum)
      throws S3Exception, IOException {
    ChecksumAlgorithm alg = upload.attributes().checksumAlgorithm();
    boolean full = alg != null && upload.checksumType() == Checksum.Type.FULL_OBJECT;
    ChecksumAlgorithm.Digest fullDigest = full ? alg.newDigest() : null;
    ChecksumAlgorithm.Digest composite = alg != null && !full ? alg.newDigest() : null;
    MessageDigest etags = DigestingCopy.md5();
    List<Long> sizes = new ArrayList<>();
    byte[] buf = new byte[64 * 1024];
    for (Part p : parts) {
      etags.update(MultipartUploads.etagBytes(p.etag()));
      if (composite != null) {
        byte[] raw = MultipartUploads.checksumBytes(p.checksum().value());
        composite.update(raw, 0, raw.length);
      }
      try (InputStream in = Files.newInputStream(partFile.apply(p.partNumber()))) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          out.write(buf, 0, n);
          if (fullDigest != null) {
            fullDigest.update(buf, 0, n);
          }
        }
      }
      sizes.add(p.size());
    }
    String suffix = "-" + parts.size();
    String etag = "\"" + HexFormat.of().formatHex(etags.digest()) + suffix + "\"";
    Checksum checksum = null;
    if (fullDigest != null) {
      checksum = Checksum.fullObject(alg, fullDigest.finish());
    } else if (composite != null) {
      String value = Base64.getEncoder().encodeToString(composite.finish()) + suffix;
      checksum = new Checksum(alg, value, Checksum.Type.COMPOSITE);
    }
    if (expectedChecksum != null
        && checksum != null
        && !expectedChecksum.equals(checksum.value())) {
      throw new S3Exception(
          "BadDigest", 400, "The " + alg + " you specified did not match the calculated checksum.");
    }
    return new ObjectWriter.Staged(etag, checksum, sizes);
  }
}
