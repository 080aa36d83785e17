package dev.shardwise.local;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the local runtime, checked when built.
 *
 * @param dataDir where every service keeps its data ({@code ./.shardwise} by default)
 * @param bindAddress the address to listen on; loopback unless a user asks otherwise
 * @param port the port of the one endpoint; 0 picks a free one
 * @param options service settings by key ({@code kinesis.limits=off}, ...), each service validates
 *     its own keys and names the key in any error
 */
public record LocalSettings(
    Path dataDir, InetAddress bindAddress, int port, Map<String, String> options) {

  /** The port LocalStack made customary; {@code shardwise local} uses it unless told otherwise. */
  public static final int DEFAULT_PORT = 4566;

  public LocalSettings {
    Objects.requireNonNull(dataDir, "data-dir");
    Objects.requireNonNull(bindAddress, "bind");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535, was " + port);
    }
    dataDir = dataDir.toAbsolutePath().normalize();
    options = Map.copyOf(options);
  }

  /** Loopback, a free port, default options: what tests use. */
  public static LocalSettings forTests(Path dataDir) {
    return new LocalSettings(dataDir, InetAddress.getLoopbackAddress(), 0, Map.of());
  }

  public LocalSettings withOptions(Map<String, String> newOptions) {
    return new LocalSettings(dataDir, bindAddress, port, newOptions);
  }
}
