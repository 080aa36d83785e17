package dev.shardwise.local.s3.internal;

import java.util.Map;

/** Lets tests in other packages build aws-chunked bodies with the test encoder. */
public final class AwsChunkedTestAccess {
  private AwsChunkedTestAccess() {}

  public static byte[] encode(
      byte[] data, int chunkSize, boolean signed, Map<String, String> trailers) {
    return AwsChunked.encode(data, chunkSize, signed, trailers);
  }
}
