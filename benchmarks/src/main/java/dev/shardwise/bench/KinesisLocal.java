package dev.shardwise.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** kinesis-local (npm) as a child process; we talk to it on 127.0.0.1 only. */
final class KinesisLocal implements AutoCloseable {
  private final Process process;
  private final int port;

  private KinesisLocal(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static KinesisLocal start(Path pkg) throws IOException, InterruptedException {
    Path main = pkg.resolve("main.js").toAbsolutePath();
    if (!Files.exists(main)) {
      throw new IllegalStateException(
          "kinesis-local not found at "
              + main
              + ": run 'npm ci --prefix local/src/test/kinesis-local', or pass --kinesis-local DIR"
              + " or --no-kinesis-local");
    }
    int plain = freePort();
    ProcessBuilder pb = new ProcessBuilder("node", main.toString());
    pb.environment()
        .put("KINESIS_MOCK_CERT_PATH", pkg.resolve("server.json").toAbsolutePath().toString());
    pb.environment().put("KINESIS_MOCK_PLAIN_PORT", Integer.toString(plain));
    pb.environment().put("KINESIS_MOCK_TLS_PORT", Integer.toString(freePort()));
    pb.environment().put("CREATE_STREAM_DURATION", "1ms");
    pb.environment().put("LOG_LEVEL", "ERROR");
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    KinesisLocal k = new KinesisLocal(pb.start(), plain);
    for (int i = 0; i < 600; i++) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), plain)) {
        return k;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    k.close();
    throw new IllegalStateException("kinesis-local did not start within 60 s");
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
