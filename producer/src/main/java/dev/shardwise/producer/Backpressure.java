package dev.shardwise.producer;

/** What {@link KinesisPublisher#publish} does when the buffer is full. */
public enum Backpressure {
  /**
   * Block the calling thread until there is room or {@link PublisherConfig#blockTimeout()} passes,
   * then fail the record with {@link PublishFailure#BUFFER_FULL}.
   */
  BLOCK,
  /** Fail the record at once with {@link PublishFailure#BUFFER_FULL}; never block. */
  FAIL_FAST
}
