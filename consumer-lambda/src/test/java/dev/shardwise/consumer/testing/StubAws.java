package dev.shardwise.consumer.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * One loopback endpoint for Firehose and S3, as the local runtime serves them: requests with an
 * {@code X-Amz-Target} header go to the fake Firehose, the rest to the fake S3.
 */
public final class StubAws implements AutoCloseable {
  public final FakeFirehose firehose;
  public final FakeS3 s3;
  private final HttpServer server;

  public StubAws() throws IOException {
    firehose = new FakeFirehose();
    s3 = new FakeS3();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          if (ex.getRequestHeaders().containsKey("X-Amz-Target")) {
            firehose.handle(ex);
          } else {
            s3.handle(ex);
          }
        });
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
    firehose.close();
    s3.close();
  }
}
