package dev.shardwise.local.kinesis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code kinesis-local} (npm, kinesis-mock 0.6.2) started as a child process for the conformance
 * suite. It binds 0.0.0.0 (it has no setting for the address); we only ever talk to it on
 * 127.0.0.1. Installed by {@code .ci/run} with {@code npm ci} in {@code src/test/kinesis-local};
 * when it is missing the test fails with the command to run.
 */
final class KinesisLocalProcess implements AutoCloseable {
  static final Path DIR = Path.of("src/test/kinesis-local");

  private final Process process;
  private final int port;

  private KinesisLocalProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static KinesisLocalProcess start(Path logFile) throws IOException, InterruptedException {
    Path pkg = DIR.resolve("node_modules/kinesis-local").toAbsolutePath();
    Path main = pkg.resolve("main.js");
    if (!Files.exists(main)) {
      throw new IllegalStateException(
          "kinesis-local is not installed at "
              + main
              + ": run 'npm ci --prefix local/src/test/"
              + "kinesis-local' (.ci/run does)");
    }
    int plain = freePort();
    int tls = freePort();
    ProcessBuilder pb = new ProcessBuilder("node", main.toString());
    Map<String, String> env = pb.environment();
    env.put("KINESIS_MOCK_CERT_PATH", pkg.resolve("server.json").toString());
    env.put("KINESIS_MOCK_PLAIN_PORT", Integer.toString(plain));
    env.put("KINESIS_MOCK_TLS_PORT", Integer.toString(tls));
    for (String op :
        new String[] {
          "CREATE_STREAM", "DELETE_STREAM", "MERGE_SHARDS", "SPLIT_SHARD", "UPDATE_SHARD_COUNT"
        }) {
      env.put(op + "_DURATION", "1ms");
    }
    env.put("SHOULD_PERSIST_DATA", "false");
    env.put("LOG_LEVEL", "WARN");
    Files.createDirectories(logFile.getParent());
    pb.redirectErrorStream(true).redirectOutput(logFile.toFile());
    Process p = pb.start();
    KinesisLocalProcess k = new KinesisLocalProcess(p, plain);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "kinesis-local exited with " + p.exitValue() + "; its output is in " + logFile);
      }
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), plain)) {
        return k;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    k.close();
    throw new IllegalStateException("kinesis-local did not listen within 60 s; see " + logFile);
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
