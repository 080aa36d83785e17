package dev.shardwise.local.server;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A service speaking an AWS JSON protocol (JSON 1.0/1.1 or its CBOR variant), addressed by the
 * {@code X-Amz-Target} header {@code <targetPrefix>.<Operation>}.
 *
 * <p>Contract: {@link #handle} is called concurrently from the server's worker threads and must be
 * thread-safe. It returns the response body, or throws {@link AwsServiceException} with the code
 * AWS uses; any other exception becomes a 500 {@code InternalFailure} (logged once). A service
 * never sees a body it did not accept by size ({@link #maxRequestBytes}).
 */
public interface JsonService {

  /** The part of {@code X-Amz-Target} before the dot, e.g. {@code Kinesis_20131202}. */
  String targetPrefix();

  /**
   * Handles one operation.
   *
   * @throws AwsServiceException for every error the client should see, including {@link
   *     AwsServiceException#unknownOperation} for an operation the service does not implement
   */
  ObjectNode handle(JsonRequest request) throws AwsServiceException;

  /** The largest request body accepted; larger ones are answered 413 without being read whole. */
  default int maxRequestBytes() {
    return 16 * 1024 * 1024;
  }
}
