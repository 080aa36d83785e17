package dev.shardwise.local.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

class S3SmokeIT {
  @TempDir Path dir;

  @Test
  void smoke() throws Exception {
    try (LocalS3 s3 = new LocalS3(dir);
        S3Client c = s3.client(UrlConnectionHttpClient.create())) {
      c.createBucket(b -> b.bucket("bkt1"));
      c.putObject(r -> r.bucket("bkt1").key("a/b c+d.txt"), RequestBody.fromString("hello world"));
      assertThat(Files.readString(dir.resolve("bkt1/a/b c+d.txt"))).isEqualTo("hello world");
      assertThat(c.getObjectAsBytes(r -> r.bucket("bkt1").key("a/b c+d.txt")).asUtf8String())
          .isEqualTo("hello world");
      assertThat(c.listObjectsV2(r -> r.bucket("bkt1")).contents()).hasSize(1);
    }
  }
}
