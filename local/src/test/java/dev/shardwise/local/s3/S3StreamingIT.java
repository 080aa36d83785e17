package dev.shardwise.local.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Bodies stream: the endpoint runs in its own JVM with a 64 MB heap and takes a 100 MB upload (the
 * SDK's signed aws-chunked encoding with a CRC32 trailer) and serves it back. A server that held
 * the object in memory would fail with OutOfMemoryError.
 */
class S3StreamingIT {
  static final int MB = 1024 * 1024;

  @TempDir Path work;

  @Test
  void a100MbObject_goesThroughAServerWithA64MbHeap() throws Exception {
    Path source = work.resolve("source.bin");
    byte[] expected = writeRandom(source, 100 * MB);
    String java = ProcessHandle.current().info().command().orElse("java");
    Process server =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx64m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    LocalS3Main.class.getName(),
                    work.resolve("data").toString()))
            .redirectError(work.resolve("server.err").toFile())
            .start();
    try (OutputStream keepAlive = server.getOutputStream()) {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line).as(Files.readString(work.resolve("server.err"))).startsWith("PORT ");
      URI endpoint = URI.create("http://127.0.0.1:" + line.substring(5).trim());
      try (S3Client c =
          S3Client.builder()
              .endpointOverride(endpoint)
              .region(Region.US_EAST_1)
              .credentialsProvider(LocalS3.credentials())
              .forcePathStyle(true)
              .build()) {
        c.createBucket(b -> b.bucket("big"));
        c.putObject(r -> r.bucket("big").key("100mb.bin"), RequestBody.fromFile(source));
        Path back = work.resolve("back.bin");
        c.getObject(r -> r.bucket("big").key("100mb.bin"), ResponseTransformer.toFile(back));

        assertThat(md5(work.resolve("data/big/100mb.bin"))).isEqualTo(expected);
        assertThat(md5(back)).isEqualTo(expected);
      }
      assertThat(server.isAlive()).as(Files.readString(work.resolve("server.err"))).isTrue();
    } finally {
      server.destroy();
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
    assertThat(Files.readString(work.resolve("server.err"))).doesNotContain("OutOfMemoryError");
  }

  static byte[] writeRandom(Path file, int size) throws Exception {
    MessageDigest md5 = MessageDigest.getInstance("MD5");
    Random random = new Random(100);
    byte[] buf = new byte[MB];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int written = 0; written < size; written += buf.length) {
        random.nextBytes(buf);
        md5.update(buf);
        out.write(buf);
      }
    }
    return md5.digest();
  }

  static byte[] md5(Path file) throws Exception {
    MessageDigest md5 = MessageDigest.getInstance("MD5");
    byte[] buf = new byte[MB];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        md5.update(buf, 0, n);
      }
    }
    return md5.digest();
  }
}
