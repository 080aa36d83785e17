package dev.shardwise.local.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.local.s3.ObjectStore.Listing;
import dev.shardwise.local.s3.ObjectStore.ObjectInfo;
import dev.shardwise.local.s3.internal.MetaStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Listing against a model: keys sorted by their UTF-8 bytes, rolled up by the delimiter, paged by
 * "entries greater than the last one returned". Segments mix characters whose UTF-16 order differs
 * from their UTF-8 order (an emoji against U+FF21) and characters around '/'.
 */
class ListingOrderTest {
  static final Comparator<String> UTF8 =
      (a, b) ->
          Arrays.compareUnsigned(
              a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  @Provide
  Arbitrary<Set<String>> keySets() {
    Arbitrary<String> segment =
        Arbitraries.of("a", "b", "a-", "a.b", "a0", "é", "😀", "Ａ", "a b", "+", "%");
    Arbitrary<String> key = segment.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("/", l));
    return key.set().ofMaxSize(14).map(ListingOrderTest::withoutPathConflicts);
  }

  /** Drops keys that are a directory of another key (the store refuses those by design). */
  static Set<String> withoutPathConflicts(Set<String> keys) {
    Set<String> out = new TreeSet<>(UTF8);
    for (String k : keys) {
      boolean conflict = out.stream().anyMatch(o -> o.startsWith(k + "/") || k.startsWith(o + "/"));
      if (!conflict) {
        out.add(k);
      }
    }
    return out;
  }

  @Property(tries = 60)
  void pagesConcatenate_toTheModel(
      @ForAll("keySets") Set<String> keys,
      @ForAll("prefixes") String prefix,
      @ForAll("delimiters") String delimiter,
      @ForAll @IntRange(min = 1, max = 4) int maxKeys)
      throws Exception {
    Path dir = Files.createTempDirectory("listing");
    try {
      FileObjectStore store = new FileObjectStore(dir, InstantSource.fixed(Instant.EPOCH));
      store.createBucket("bkt");
      for (String k : keys) {
        store.put("bkt", k, k.getBytes(StandardCharsets.UTF_8));
      }

      List<String> got = new ArrayList<>();
      String after = null;
      int pages = 0;
      while (true) {
        Listing page = store.list("bkt", prefix, delimiter, after, maxKeys);
        List<String> entries = new ArrayList<>();
        page.objects().stream().map(ObjectInfo::key).forEach(entries::add);
        entries.addAll(page.commonPrefixes());
        assertThat(entries.size()).isLessThanOrEqualTo(maxKeys);
        got.addAll(entries.stream().sorted(UTF8).toList());
        pages++;
        if (!page.truncated()) {
          break;
        }
        after = page.nextStartAfter();
        assertThat(pages).isLessThan(100);
      }

      assertThat(got).containsExactlyElementsOf(model(keys, prefix, delimiter));
    } finally {
      MetaStore.deleteTree(dir);
    }
  }

  @Provide
  Arbitrary<String> prefixes() {
    return Arbitraries.of("", "a", "a/", "a-", "é/", "😀", "b/a", "zz");
  }

  @Provide
  Arbitrary<String> delimiters() {
    return Arbitraries.of(null, "/", "-", "a");
  }

  static List<String> model(Set<String> keys, String prefix, String delimiter) {
    List<String> out = new ArrayList<>();
    for (String k : keys.stream().sorted(UTF8).toList()) {
      if (!k.startsWith(prefix)) {
        continue;
      }
      int at = delimiter == null ? -1 : k.indexOf(delimiter, prefix.length());
      String entry = at < 0 ? k : k.substring(0, at + delimiter.length());
      if (out.isEmpty() || !out.get(out.size() - 1).equals(entry)) {
        out.add(entry);
      }
    }
    return out;
  }

  @Example
  void startAfter_skipsEverythingUpToIt_includingARolledUpPrefix() throws IOException, S3Exception {
    Path dir = Files.createTempDirectory("listing");
    try {
      FileObjectStore store = new FileObjectStore(dir, InstantSource.fixed(Instant.EPOCH));
      store.createBucket("bkt");
      for (String k : List.of("a/1", "a/2", "b", "c/1")) {
        store.put("bkt", k, new byte[0]);
      }

      Listing fromPrefix = store.list("bkt", "", "/", "a/", 10);
      Listing fromKey = store.list("bkt", "", null, "a/1", 10);

      assertThat(fromPrefix.commonPrefixes()).containsExactly("c/");
      assertThat(fromPrefix.objects()).extracting(ObjectInfo::key).containsExactly("b");
      assertThat(fromKey.objects()).extracting(ObjectInfo::key).containsExactly("a/2", "b", "c/1");
    } finally {
      MetaStore.deleteTree(dir);
    }
  }
}
