package dev.shardwise.bench;

import dev.shardwise.local.s3.FileObjectStore;
import dev.shardwise.local.s3.S3RestService;
import dev.shardwise.local.server.LocalServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Object PUT and GET, three ways: the real SDK {@link S3Client} (url-connection, default checksum
 * settings, so signed aws-chunked uploads with a CRC32 trailer) against the local endpoint on
 * loopback; the {@link FileObjectStore} called directly; and plain files (write a temporary file,
 * rename; read the file), the floor both stay above. Score: operations/s (times the size for
 * bytes/s). Run with {@code -t N} for N client threads; each thread writes its own 64 keys.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class S3EndpointBenchmark {
  private static final int KEYS = 64;
  private static final int MASK = KEYS - 1;
  private static final String BUCKET = "bench";

  /** Who stores and serves the object. */
  public enum Via {
    SDK_OVER_HTTP,
    STORE_DIRECT,
    PLAIN_FILES
  }

  @Param public Via via;

  @Param({"4096", "1048576"})
  public int size;

  private Path dir;
  private FileObjectStore store;
  private LocalServer server;
  private S3Client client;
  private byte[][] bodies;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("s3bench");
    store = new FileObjectStore(dir, Clock.systemUTC());
    store.createBucket(BUCKET);
    server = LocalServer.builder().port(0).build().rest(new S3RestService(store)).start();
    client =
        S3Client.builder()
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("b", "b")))
            .forcePathStyle(true)
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    SplittableRandom random = new SplittableRandom(7);
    bodies = new byte[8][size];
    for (byte[] b : bodies) {
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) random.nextInt(256);
      }
    }
    for (int i = 0; i < KEYS; i++) {
      store.put(BUCKET, "get/k" + i, bodies[i & 7]);
      // the plain-file baseline reads copies of the same objects
      Path plain = dir.resolve("plain").resolve(BUCKET).resolve("get/k" + i);
      Files.createDirectories(plain.getParent());
      Files.write(plain, bodies[i & 7]);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    client.close();
    server.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Per-thread key counter. */
  @State(Scope.Thread)
  public static class Keys {
    int next;
    String prefix;

    @Setup
    public void setUp(ThreadParams t) {
      prefix = "put/t" + t.getThreadIndex() + "/k";
    }
  }

  @Benchmark
  public Object put(Keys keys) throws Exception {
    int i = keys.next++;
    String key = keys.prefix + (i & MASK);
    byte[] body = bodies[i & 7];
    return switch (via) {
      case SDK_OVER_HTTP ->
          client.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromBytes(body)).eTag();
      case STORE_DIRECT -> store.put(BUCKET, key, body).etag();
      case PLAIN_FILES -> plainPut(key, body);
    };
  }

  @Benchmark
  public Object get(Keys keys) throws Exception {
    String key = "get/k" + (keys.next++ & MASK);
    return switch (via) {
      case SDK_OVER_HTTP -> client.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asByteArray();
      case STORE_DIRECT -> store.get(BUCKET, key);
      case PLAIN_FILES -> Files.readAllBytes(dir.resolve("plain").resolve(BUCKET).resolve(key));
    };
  }

  private Path plainPut(String key, byte[] body) {
    try {
      Path target = dir.resolve("plain").resolve(BUCKET).resolve(key);
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), ".tmp-", "");
      Files.write(tmp, body);
      return Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
