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
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes and preconditions under real concurrency (threads, not mocks). */
class FileObjectStoreConcurrencyTest {
  @TempDir Path dir;
  FileObjectStore store;
  ExecutorService pool = Executors.newFixedThreadPool(8);

  @BeforeEach
  void setUp() throws Exception {
    store = new FileObjectStore(dir, InstantSource.fixed(Instant.EPOCH));
    store.createBucket("bkt");
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  static ByteArrayInputStream body(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void ifNoneMatch_racingWriters_exactlyOneWins() throws Exception {
    int writers = 16;
    CountDownLatch go = new CountDownLatch(1);
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      String mine = "writer-" + i;
      results.add(
          pool.submit(
              () -> {
                go.await();
                try {
                  store.put(
                      "bkt",
                      "lock",
                      body(mine),
                      ObjectAttributes.DEFAULT,
                      Precondition.IF_NONE_MATCH_ANY);
                  return mine;
                } catch (S3Exception e) {
                  assertThat(e.httpStatus()).isEqualTo(412);
                  return null;
                }
              }));
    }
    go.countDown();

    List<String> winners = new ArrayList<>();
    for (Future<String> f : results) {
      String w = f.get(30, TimeUnit.SECONDS);
      if (w != null) {
        winners.add(w);
      }
    }
    assertThat(winners).hasSize(1);
    assertThat(new String(store.get("bkt", "lock"), StandardCharsets.UTF_8))
        .isEqualTo(winners.get(0));
  }

  @Test
  void ifMatch_compareAndSwap_losesNoIncrement() throws Exception {
    store.put("bkt", "counter", "0".getBytes(StandardCharsets.UTF_8));
    int threads = 6;
    int increments = 25;
    AtomicInteger conflicts = new AtomicInteger();
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      tasks.add(
          () -> {
            for (int i = 0; i < increments; ) {
              ObjectInfo seen = store.head("bkt", "counter").orElseThrow();
              int value =
                  Integer.parseInt(new String(store.get("bkt", "counter"), StandardCharsets.UTF_8));
              // the bytes may be newer than the head: the ETag in the condition decides
              try {
                ObjectInfo again = store.head("bkt", "counter").orElseThrow();
                if (!again.etag().equals(seen.etag())) {
                  continue;
                }
                store.put(
                    "bkt",
                    "counter",
                    body(Integer.toString(value + 1)),
                    ObjectAttributes.DEFAULT,
                    Precondition.ifMatch(seen.etag()));
                i++;
              } catch (S3Exception e) {
                assertThat(e.code()).isEqualTo("PreconditionFailed");
                conflicts.incrementAndGet();
              }
            }
            return null;
          });
    }
    for (Future<Void> f : pool.invokeAll(tasks)) {
      f.get();
    }

    // a lost update would show as a total below threads * increments
    String total = new String(store.get("bkt", "counter"), StandardCharsets.UTF_8);
    assertThat(Integer.parseInt(total)).isEqualTo(threads * increments);
  }

  @Test
  void readers_seeTheOldOrTheNewObject_neverAMix() throws Exception {
    int size = 256 * 1024;
    byte[] a = new byte[size];
    byte[] b = new byte[size / 2];
    Arrays.fill(a, (byte) 'a');
    Arrays.fill(b, (byte) 'b');
    store.put("bkt", "flip", a);
    AtomicBoolean stop = new AtomicBoolean();
    Future<?> writer =
        pool.submit(
            () -> {
              for (int i = 0; !stop.get(); i++) {
                store.put("bkt", "flip", i % 2 == 0 ? b : a);
              }
              return null;
            });
    List<Future<Integer>> readers = new ArrayList<>();
    for (int r = 0; r < 4; r++) {
      readers.add(
          pool.submit(
              () -> {
                int reads = 0;
                for (; reads < 150; reads++) {
                  try (FileObjectStore.OpenObject o = store.open("bkt", "flip")) {
                    byte[] got =
                        java.nio.channels.Channels.newInputStream(o.channel()).readAllBytes();
                    assertThat(got)
                        .satisfiesAnyOf(
                            x -> assertThat(x).isEqualTo(a), x -> assertThat(x).isEqualTo(b));
                    assertThat(o.info().size()).isEqualTo(got.length);
                    assertThat(o.info().etag())
                        .isEqualTo(FileObjectStore.quote(FileObjectStoreTest.md5(got)));
                  }
                }
                return reads;
              }));
    }
    for (Future<Integer> r : readers) {
      assertThat(r.get(60, TimeUnit.SECONDS)).isEqualTo(150);
    }
    stop.set(true);
    writer.get(30, TimeUnit.SECONDS);
  }

  @Test
  void putsAndDeletesInOneDirectory_neverTripOverDirectoryCleanup() throws Exception {
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int me = t;
      tasks.add(
          () -> {
            for (int i = 0; i < 100; i++) {
              String key = "shared/dir/t" + me + "-" + i;
              store.put("bkt", key, new byte[] {1});
              store.delete("bkt", key);
            }
            return null;
          });
    }
    for (Future<Void> f : pool.invokeAll(tasks)) {
      f.get(60, TimeUnit.SECONDS);
    }

    assertThat(store.list("bkt", "", null, null, 10).objects()).isEmpty();
  }

  @Test
  void ifMatch_whenADeleteLandsDuringTheUpload_isConditionalRequestConflict() throws Exception {
    store.put("bkt", "k", "v1".getBytes(StandardCharsets.UTF_8));
    String etag = store.head("bkt", "k").orElseThrow().etag();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<ObjectInfo> put =
        pool.submit(
            () ->
                store.put(
                    "bkt",
                    "k",
                    gated(started, release),
                    ObjectAttributes.DEFAULT,
                    Precondition.ifMatch(etag)));
    started.await();

    store.delete("bkt", "k");
    release.countDown();

    assertThatThrownBy(() -> put.get(30, TimeUnit.SECONDS))
        .cause()
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> {
              assertThat(e.code()).isEqualTo("ConditionalRequestConflict");
              assertThat(e.httpStatus()).isEqualTo(409);
            });
    assertThat(store.head("bkt", "k")).isEmpty();
  }

  @Test
  void ifNoneMatch_whenAnotherWriterFinishesFirst_isPreconditionFailed() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<ObjectInfo> slow =
        pool.submit(
            () ->
                store.put(
                    "bkt",
                    "k",
                    gated(started, release),
                    ObjectAttributes.DEFAULT,
                    Precondition.IF_NONE_MATCH_ANY));
    started.await();

    store.put("bkt", "k", body("fast"), ObjectAttributes.DEFAULT, Precondition.IF_NONE_MATCH_ANY);
    release.countDown();

    assertThatThrownBy(() -> slow.get(30, TimeUnit.SECONDS))
        .cause()
        .isInstanceOfSatisfying(
            S3Exception.class, e -> assertThat(e.code()).isEqualTo("PreconditionFailed"));
    assertThat(store.get("bkt", "k")).isEqualTo("fast".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void ifMatch_onAMissingKey_isNoSuchKey_andAWrongEtag_isPreconditionFailed() throws Exception {
    assertThatThrownBy(
            () ->
                store.put(
                    "bkt",
                    "none",
                    body("x"),
                    ObjectAttributes.DEFAULT,
                    Precondition.ifMatch("\"abc\"")))
        .isInstanceOfSatisfying(
            S3Exception.class, e -> assertThat(e.code()).isEqualTo("NoSuchKey"));
    store.put("bkt", "k", "v".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(
            () ->
                store.put(
                    "bkt", "k", body("x"), ObjectAttributes.DEFAULT, Precondition.ifMatch("abc")))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> {
              assertThat(e.code()).isEqualTo("PreconditionFailed");
              assertThat(e.details()).containsEntry("Condition", "If-Match");
            });
    String etag = store.head("bkt", "k").orElseThrow().etag();
    store.put(
        "bkt",
        "k",
        body("w"),
        ObjectAttributes.DEFAULT,
        Precondition.ifMatch(etag.replace("\"", "")));
    assertThat(store.get("bkt", "k")).isEqualTo("w".getBytes(StandardCharsets.UTF_8));
  }

  /** A body that signals when it is first read and then waits for a release. */
  private static InputStream gated(CountDownLatch started, CountDownLatch release) {
    return new InputStream() {
      boolean done;

      @Override
      public int read() throws IOException {
        if (done) {
          return -1;
        }
        started.countDown();
        try {
          if (!release.await(30, TimeUnit.SECONDS)) {
            throw new IOException("not released");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
        done = true;
        return 'x';
      }
    };
  }
}
