package dev.shardwise.local.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shardwise.local.s3.ObjectStore.ObjectAttributes;
import dev.shardwise.local.s3.ObjectStore.ObjectInfo;
import dev.shardwise.local.s3.ObjectStore.Precondition;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileObjectStoreTest {
  static final Instant NOW = Instant.parse("2026-11-21T10:15:30.123Z");

  @TempDir Path dir;
  FileObjectStore store;

  @BeforeEach
  void setUp() throws Exception {
    store = new FileObjectStore(dir, InstantSource.fixed(NOW));
    store.createBucket("bkt");
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void put_storesThePlainFileAtBucketSlashKey_withMd5EtagAndAttributes() throws Exception {
    ObjectAttributes attrs =
        new ObjectAttributes(
            "text/plain",
            Map.of("owner", "me"),
            Map.of("Cache-Control", "no-cache"),
            ChecksumAlgorithm.CRC32);

    ObjectInfo info =
        store.put(
            "bkt",
            "dt=2026-11-21/x.json",
            new ByteArrayInputStream(utf8("hello world")),
            attrs,
            Precondition.NONE);

    assertThat(dir.resolve("bkt/dt=2026-11-21/x.json")).hasContent("hello world");
    assertThat(store.pathOf("bkt", "dt=2026-11-21/x.json"))
        .isEqualTo(dir.toAbsolutePath().resolve("bkt/dt=2026-11-21/x.json"));
    assertThat(info.etag()).isEqualTo("\"5eb63bbbe01eeed093cb22bb8f5acdc3\"");
    assertThat(info.size()).isEqualTo(11);
    assertThat(info.lastModified()).isEqualTo(NOW);
    assertThat(info.checksum())
        .isEqualTo(new Checksum(ChecksumAlgorithm.CRC32, "DUoRhQ==", Checksum.Type.FULL_OBJECT));
    ObjectInfo head = store.head("bkt", "dt=2026-11-21/x.json").orElseThrow();
    assertThat(head).isEqualTo(info);
    assertThat(head.attributes().userMetadata()).containsEntry("owner", "me");
    assertThat(store.get("bkt", "dt=2026-11-21/x.json")).isEqualTo(utf8("hello world"));
  }

  @Test
  void metadata_livesOutsideTheBucket_soTheBucketHoldsOnlyObjects() throws Exception {
    store.put("bkt", "k", utf8("v"));

    try (Stream<Path> files = Files.walk(dir.resolve("bkt"))) {
      assertThat(files.filter(Files::isRegularFile)).containsExactly(dir.resolve("bkt/k"));
    }
    assertThat(dir.resolve(".s3meta")).isDirectory();
  }

  @Test
  void missingThings_areS3Errors() throws Exception {
    assertThat(store.head("bkt", "nope")).isEmpty();
    assertThatThrownBy(() -> store.get("bkt", "nope"))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> {
              assertThat(e.code()).isEqualTo("NoSuchKey");
              assertThat(e.httpStatus()).isEqualTo(404);
              assertThat(e.details()).containsEntry("Key", "nope");
            });
    assertThatThrownBy(() -> store.put("nobucket", "k", utf8("v")))
        .isInstanceOfSatisfying(
            S3Exception.class, e -> assertThat(e.code()).isEqualTo("NoSuchBucket"));
    assertThatThrownBy(() -> store.createBucket("bkt"))
        .isInstanceOfSatisfying(
            S3Exception.class, e -> assertThat(e.code()).isEqualTo("BucketAlreadyOwnedByYou"));
    assertThatThrownBy(() -> store.createBucket("Bad_Name"))
        .isInstanceOfSatisfying(
            S3Exception.class, e -> assertThat(e.code()).isEqualTo("InvalidBucketName"));
  }

  @Test
  void delete_ofAMissingKeySucceeds_andRemovesEmptyDirectories() throws Exception {
    store.put("bkt", "a/b/c.txt", utf8("x"));
    store.put("bkt", "a/keep.txt", utf8("y"));

    store.delete("bkt", "a/b/c.txt");
    store.delete("bkt", "a/b/c.txt");

    assertThat(dir.resolve("bkt/a/b")).doesNotExist();
    assertThat(dir.resolve("bkt/a/keep.txt")).exists();
    assertThat(store.head("bkt", "a/b/c.txt")).isEmpty();
  }

  @Test
  void deleteBucket_refusesANonEmptyBucket_thenDeletesAnEmptiedOne() throws Exception {
    store.put("bkt", "k", utf8("v"));
    assertThatThrownBy(() -> store.deleteBucket("bkt"))
        .isInstanceOfSatisfying(
            S3Exception.class, e -> assertThat(e.code()).isEqualTo("BucketNotEmpty"));

    store.delete("bkt", "k");
    store.deleteBucket("bkt");

    assertThat(store.bucketExists("bkt")).isFalse();
    assertThat(store.listBuckets()).isEmpty();
  }

  @Test
  void listBuckets_ignoresStateDirectoriesAndInvalidNames() throws Exception {
    Files.createDirectories(dir.resolve(".kinesis"));
    Files.createDirectories(dir.resolve("Not_A_Bucket"));
    store.createBucket("another");

    assertThat(store.listBuckets()).containsExactly("another", "bkt");
    assertThat(store.bucketInfo("another").creationDate()).isEqualTo(NOW);
  }

  @Test
  void unsafeKeys_areRefusedOnPut_andFoundByNoRead() throws Exception {
    for (String key :
        List.of("a//b", "/a", "a/", "a/../b", "./a", "..", "a\0b", "x/" + "y".repeat(256))) {
      assertThatThrownBy(() -> store.put("bkt", key, utf8("v")))
          .as(key)
          .isInstanceOfSatisfying(
              S3Exception.class,
              e -> {
                assertThat(e.code()).isEqualTo("InvalidArgument");
                assertThat(e.httpStatus()).isEqualTo(400);
                assertThat(e.getMessage()).contains("file path");
              });
      assertThat(store.head("bkt", key)).isEmpty();
    }
    assertThatThrownBy(() -> store.put("bkt", "k".repeat(1025), utf8("v")))
        .isInstanceOfSatisfying(
            S3Exception.class, e -> assertThat(e.code()).isEqualTo("KeyTooLongError"));
    assertThatThrownBy(() -> store.pathOf("bkt", "../escape"))
        .isInstanceOf(IllegalArgumentException.class);
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.filter(p -> p.toString().contains("escape"))).isEmpty();
    }
  }

  @Test
  void aKeyThatIsBothObjectAndPrefix_isRefusedWithAClearError_andNothingChanges() throws Exception {
    store.put("bkt", "a", utf8("file a"));
    store.put("bkt", "p/q", utf8("file p/q"));

    assertThatThrownBy(() -> store.put("bkt", "a/b", utf8("x")))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> {
              assertThat(e.code()).isEqualTo("InvalidArgument");
              assertThat(e.getMessage()).contains("'a' is an object");
            });
    assertThatThrownBy(() -> store.put("bkt", "p", utf8("x")))
        .isInstanceOfSatisfying(
            S3Exception.class, e -> assertThat(e.getMessage()).contains("start with 'p/'"));
    assertThat(store.get("bkt", "a")).isEqualTo(utf8("file a"));
    assertThat(store.get("bkt", "p/q")).isEqualTo(utf8("file p/q"));
  }

  /**
   * A key under an object's key ({@code a/b} while {@code a} is an object) is a path through a
   * file: the file system answers "Not a directory", which Java reports as a plain
   * FileSystemException. It is a missing key, and deleting it must not prune the object's file.
   */
  @Test
  void aKeyUnderAnObjectsKey_isMissing_andDeletingItKeepsTheObject() throws Exception {
    store.put("bkt", "a", utf8("file a"));

    assertThat(store.head("bkt", "a/b")).isEmpty();
    assertThat(store.head("bkt", "a/b/c")).isEmpty();
    assertThatThrownBy(() -> store.get("bkt", "a/b"))
        .isInstanceOfSatisfying(
            S3Exception.class, e -> assertThat(e.code()).isEqualTo("NoSuchKey"));
    assertThatThrownBy(() -> store.delete("bkt", "a/b", new Precondition.IfMatch("*")))
        .isInstanceOfSatisfying(
            S3Exception.class, e -> assertThat(e.code()).isEqualTo("NoSuchKey"));
    store.delete("bkt", "a/b");
    store.delete("bkt", "a/b/c");

    assertThat(store.get("bkt", "a")).isEqualTo(utf8("file a"));
    assertThat(store.list("bkt", "", null, null, 10).objects())
        .extracting(ObjectInfo::key)
        .containsExactly("a");
  }

  @Test
  void keysWithUnicodeSpacesPlusAndPercent_roundTripAsFileNames() throws Exception {
    List<String> keys =
        List.of("dir with space/a+b.txt", "100%/done", "ünïcødé/文字/😀.bin", "a=b&c?d#e");
    for (String k : keys) {
      store.put("bkt", k, utf8(k));
    }
    for (String k : keys) {
      assertThat(store.get("bkt", k)).isEqualTo(utf8(k));
      assertThat(dir.resolve("bkt").resolve(k)).exists();
    }
  }

  @Test
  void aFailingBody_storesNothing_andLeavesNoTemporaryFile() throws Exception {
    store.put("bkt", "k", utf8("old"));
    InputStream failing =
        new InputStream() {
          int n;

          @Override
          public int read() throws IOException {
            if (n++ < 100_000) {
              return 'x';
            }
            throw new IOException("client went away");
          }
        };

    assertThatThrownBy(
            () -> store.put("bkt", "k", failing, ObjectAttributes.DEFAULT, Precondition.NONE))
        .hasMessage("client went away");

    assertThat(store.get("bkt", "k")).isEqualTo(utf8("old"));
    try (Stream<Path> files = Files.list(dir.resolve("bkt"))) {
      assertThat(files).containsExactly(dir.resolve("bkt/k"));
    }
  }

  @Test
  void aFileWrittenByHand_isAnObject_withDerivedMetadata() throws Exception {
    Path f = Files.createDirectories(dir.resolve("bkt/by-hand")).resolve("x.parquet");
    Files.write(f, utf8("hello world"));
    Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));

    ObjectInfo info = store.head("bkt", "by-hand/x.parquet").orElseThrow();

    assertThat(info.etag()).isEqualTo("\"5eb63bbbe01eeed093cb22bb8f5acdc3\"");
    assertThat(info.lastModified()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(info.attributes().contentType()).isEqualTo("binary/octet-stream");
    assertThat(store.list("bkt", "by-hand/", null, null, 10).objects())
        .extracting(ObjectInfo::key)
        .containsExactly("by-hand/x.parquet");
  }

  @Test
  void aFileReplacedByHand_getsFreshMetadata_notTheStaleEtag() throws Exception {
    store.put(
        "bkt",
        "k",
        new ByteArrayInputStream(utf8("first")),
        new ObjectAttributes("text/plain", Map.of()),
        Precondition.NONE);
    Path f = dir.resolve("bkt/k");
    Files.write(f, utf8("second, longer"));

    ObjectInfo info = store.head("bkt", "k").orElseThrow();

    assertThat(info.size()).isEqualTo(14);
    assertThat(info.etag()).isEqualTo(FileObjectStore.quote(md5(utf8("second, longer"))));
  }

  @Test
  void temporaryFiles_areNeverListed() throws Exception {
    store.put("bkt", "a/real", utf8("x"));
    Files.write(dir.resolve("bkt/a/.shardwise-tmp-123"), utf8("partial"));

    assertThat(store.list("bkt", "", null, null, 100).objects())
        .extracting(ObjectInfo::key)
        .containsExactly("a/real");
    assertThat(store.head("bkt", "a/.shardwise-tmp-123")).isEmpty();
  }

  @Test
  void copy_keepsOrReplacesAttributes() throws Exception {
    store.put(
        "bkt",
        "src",
        new ByteArrayInputStream(utf8("data")),
        new ObjectAttributes("text/csv", Map.of("m", "1")),
        Precondition.NONE);

    ObjectInfo kept = store.copy("bkt", "src", "bkt", "kept", null, Precondition.NONE);
    ObjectInfo replaced =
        store.copy(
            "bkt",
            "src",
            "bkt",
            "replaced",
            new ObjectAttributes("text/plain", Map.of()),
            Precondition.NONE);

    assertThat(kept.attributes().contentType()).isEqualTo("text/csv");
    assertThat(kept.attributes().userMetadata()).containsEntry("m", "1");
    assertThat(replaced.attributes().contentType()).isEqualTo("text/plain");
    assertThat(store.get("bkt", "replaced")).isEqualTo(utf8("data"));
  }

  static byte[] md5(byte[] b) {
    return dev.shardwise.local.s3.internal.DigestingCopy.md5().digest(b);
  }
}
