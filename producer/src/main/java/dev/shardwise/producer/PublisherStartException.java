package dev.shardwise.producer;

/** The publisher could not start: the stream's shard map could not be read. */
public final class PublisherStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PublisherStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
