package dev.shardwise.local.s3;

import java.nio.file.Path;

/**
 * Runs the S3 endpoint alone over a data directory and prints {@code PORT <n>}, so a test can start
 * it in its own JVM (with a small heap) and drive it from outside. Stops when stdin closes.
 */
public final class LocalS3Main {
  private LocalS3Main() {}

  public static void main(String[] args) throws Exception {
    try (LocalS3 s3 = new LocalS3(Path.of(args[0]))) {
      System.out.println("PORT " + s3.server.port());
      System.out.flush();
      while (System.in.read() >= 0) {
        // run until the parent closes our stdin (or dies)
      }
    }
  }
}
