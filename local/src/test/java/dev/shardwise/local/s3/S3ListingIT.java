package dev.shardwise.local.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/** ListObjectsV2 and V1 through the SDK: order, prefixes, delimiters, pages, URL encoding. */
class S3ListingIT {
  static final List<String> KEYS =
      List.of(
          "a b/1.txt",
          "a+b/2.txt",
          "a-c",
          "a/1",
          "a/2/x",
          "a/2/y",
          "a/3",
          "b",
          "dt=2026-11-21/h=01/f.json",
          "pct%20/f",
          "ünï/1",
          "😀/e",
          "Ａ/w");

  @TempDir static Path data;
  static LocalS3 s3;
  static S3Client c;

  @BeforeAll
  static void start() {
    try {
      s3 = new LocalS3(data);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    c = s3.clientBuilder().build();
    c.createBucket(b -> b.bucket("listing"));
    for (String k : KEYS) {
      c.putObject(r -> r.bucket("listing").key(k), RequestBody.fromString(k));
    }
  }

  @AfterAll
  static void stop() {
    c.close();
    s3.close();
  }

  static List<String> keysIn(ListObjectsV2Response r) {
    return r.contents().stream().map(S3Object::key).toList();
  }

  @Test
  void everyKey_inUtf8BinaryOrder_withSizesAndEtags() {
    ListObjectsV2Response r = c.listObjectsV2(b -> b.bucket("listing"));

    // UTF-8 byte order: ü (C3 BC) < Ａ (EF BC A1) < 😀 (F0 9F 98 80); UTF-16 order would put 😀
    // first
    assertThat(keysIn(r))
        .containsExactly(
            "a b/1.txt",
            "a+b/2.txt",
            "a-c",
            "a/1",
            "a/2/x",
            "a/2/y",
            "a/3",
            "b",
            "dt=2026-11-21/h=01/f.json",
            "pct%20/f",
            "ünï/1",
            "Ａ/w",
            "😀/e");
    assertThat(r.keyCount()).isEqualTo(KEYS.size());
    assertThat(r.isTruncated()).isFalse();
    S3Object first = r.contents().get(0);
    assertThat(first.size()).isEqualTo(9);
    assertThat(first.eTag()).matches("\"[0-9a-f]{32}\"");
    assertThat(first.storageClassAsString()).isEqualTo("STANDARD");
  }

  @Test
  void delimiter_rollsUpCommonPrefixes() {
    ListObjectsV2Response top = c.listObjectsV2(b -> b.bucket("listing").delimiter("/"));
    ListObjectsV2Response underA =
        c.listObjectsV2(b -> b.bucket("listing").prefix("a/").delimiter("/"));

    assertThat(keysIn(top)).containsExactly("a-c", "b");
    assertThat(top.commonPrefixes())
        .extracting(CommonPrefix::prefix)
        .containsExactly("a b/", "a+b/", "a/", "dt=2026-11-21/", "pct%20/", "ünï/", "Ａ/", "😀/");
    assertThat(keysIn(underA)).containsExactly("a/1", "a/3");
    assertThat(underA.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("a/2/");
  }

  @Test
  void paginator_withSmallPages_visitsEveryEntryOnce() {
    List<String> seen = new ArrayList<>();
    int pages = 0;
    for (ListObjectsV2Response page :
        c.listObjectsV2Paginator(b -> b.bucket("listing").delimiter("/").maxKeys(3))) {
      assertThat(page.keyCount()).isLessThanOrEqualTo(3);
      seen.addAll(keysIn(page));
      page.commonPrefixes().forEach(p -> seen.add(p.prefix()));
      pages++;
    }

    assertThat(pages).isEqualTo(4);
    assertThat(seen).hasSize(10).doesNotHaveDuplicates();
  }

  @Test
  void startAfter_andMaxKeysZero() {
    assertThat(keysIn(c.listObjectsV2(b -> b.bucket("listing").startAfter("a/3").maxKeys(2))))
        .containsExactly("b", "dt=2026-11-21/h=01/f.json");
    ListObjectsV2Response none = c.listObjectsV2(b -> b.bucket("listing").maxKeys(0));
    assertThat(none.contents()).isEmpty();
    assertThat(none.isTruncated()).isFalse();
  }

  @Test
  void encodingTypeUrl_roundTripsAwkwardKeys() {
    // the SDK asks for nothing by default; with encoding-type=url it decodes what we encode
    ListObjectsV2Response r =
        c.listObjectsV2(b -> b.bucket("listing").encodingType(EncodingType.URL));

    assertThat(keysIn(r)).contains("a b/1.txt", "a+b/2.txt", "pct%20/f", "ünï/1", "😀/e");
  }

  @Test
  void listObjectsV1_withMarkerPaging() {
    List<String> seen = new ArrayList<>();
    String marker = null;
    while (true) {
      String m = marker;
      var page =
          c.listObjects(b -> b.bucket("listing").prefix("a").delimiter("/").maxKeys(2).marker(m));
      page.contents().forEach(o -> seen.add(o.key()));
      page.commonPrefixes().forEach(p -> seen.add(p.prefix()));
      if (!page.isTruncated()) {
        break;
      }
      marker = page.nextMarker();
    }

    assertThat(seen).containsExactly("a b/", "a+b/", "a-c", "a/");
  }
}
