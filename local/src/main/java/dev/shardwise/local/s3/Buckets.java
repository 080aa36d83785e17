package dev.shardwise.local.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.local.s3.internal.KeyRules;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Buckets are the data directory's sub-directories with valid bucket names (so dot-directories
 * holding service state never are); their creation time and region live in {@code
 * .s3meta/buckets/<bucket>.json}. A directory made by hand is a bucket too, created when it was
 * last modified.
 */
final class Buckets {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;
  private final Path metaDir;
  private final InstantSource clock;

  Buckets(Path root, Path s3meta, InstantSource clock) {
    this.root = root;
    this.metaDir = s3meta.resolve("buckets");
    this.clock = clock;
  }

  void create(String bucket, String region) throws S3Exception, IOException {
    KeyRules.checkBucketName(bucket);
    try {
      Files.createDirectory(root.resolve(bucket));
    } catch (FileAlreadyExistsException e) {
      throw new S3Exception(
              "BucketAlreadyOwnedByYou",
              409,
              "Your previous request to create the named bucket succeeded and you already own it.")
          .withDetail("BucketName", bucket);
    }
    ObjectNode m = JSON.createObjectNode();
    m.put("created", clock.instant().toEpochMilli());
    if (region != null) {
      m.put("region", region);
    }
    Files.createDirectories(metaDir);
    Path tmp = Files.createTempFile(metaDir, KeyRules.TEMP_PREFIX, "");
    try {
      Files.write(tmp, JSON.writeValueAsBytes(m));
      Files.move(tmp, metaFile(bucket), StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  boolean exists(String bucket) {
    return KeyRules.isValidBucketName(bucket)
        && Files.isDirectory(root.resolve(bucket), LinkOption.NOFOLLOW_LINKS);
  }

  List<String> list() throws IOException {
    List<String> out = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
      for (Path d : dirs) {
        String name = d.getFileName().toString();
        if (KeyRules.isValidBucketName(name) && Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
          out.add(name);
        }
      }
    }
    out.sort(KeyRules::compareUtf8);
    return out;
  }

  BucketInfo info(String bucket) throws S3Exception, IOException {
    if (!exists(bucket)) {
      throw S3Exception.noSuchBucket(bucket);
    }
    try {
      JsonNode m = JSON.readTree(Files.readAllBytes(metaFile(bucket)));
      String region = m.hasNonNull("region") ? m.get("region").asText() : null;
      return new BucketInfo(bucket, Instant.ofEpochMilli(m.path("created").asLong()), region);
    } catch (NoSuchFileException | com.fasterxml.jackson.core.JsonProcessingException e) {
      Instant made = Files.getLastModifiedTime(root.resolve(bucket)).toInstant();
      return new BucketInfo(bucket, made, null);
    }
  }

  void forget(String bucket) throws IOException {
    Files.deleteIfExists(metaFile(bucket));
  }

  private Path metaFile(String bucket) {
    return metaDir.resolve(bucket + ".json");
  }
}
