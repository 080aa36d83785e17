package dev.shardwise.consumer.metrics;

/**
 * Writes one log event (one line, no trailing newline needed). In Lambda, the context's {@code
 * LambdaLogger}; locally, whatever the runtime collects. Must be safe for concurrent use.
 */
@FunctionalInterface
public interface LineLogger {
  void log(String line);
}
