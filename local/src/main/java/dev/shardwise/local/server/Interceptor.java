package dev.shardwise.local.server;

/**
 * Sees every JSON-protocol call before its service does; tests use it to inject whole-call faults
 * (throttling, 500s, delays) into the real request path. Must be thread-safe.
 */
@FunctionalInterface
public interface Interceptor {

  /**
   * Called with the target ({@code Kinesis_20131202.PutRecords}) before dispatch.
   *
   * @throws AwsServiceException to answer the call with that error instead of dispatching it
   */
  void before(String target) throws AwsServiceException;

  Interceptor NONE = target -> {};
}
