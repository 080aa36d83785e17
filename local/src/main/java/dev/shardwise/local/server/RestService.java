package dev.shardwise.local.server;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * A service speaking a REST protocol (S3), which receives every request without an {@code
 * X-Amz-Target} header. It reads the exchange and must send exactly one response; the server closes
 * the exchange afterwards. Called concurrently; must be thread-safe.
 */
public interface RestService {
  void handle(HttpExchange exchange) throws IOException;
}
