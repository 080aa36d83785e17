package dev.shardwise.local.s3.internal;

import dev.shardwise.local.s3.S3Exception;
import java.io.IOException;

/**
 * A request body the endpoint refuses while reading it (bad aws-chunked framing, a checksum that
 * does not match, a short body). An {@link IOException} so that it travels through the store's copy
 * loop, which then discards the temporary file: nothing is committed.
 */
public final class BodyException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient S3Exception error;

  public BodyException(S3Exception error) {
    super(error.getMessage());
    this.error = error;
  }

  /** The error to answer with. */
  public S3Exception error() {
    return error;
  }

  static BodyException incomplete(String detail) {
    return new BodyException(
        new S3Exception(
            "IncompleteBody", 400, "The request body terminated unexpectedly: " + detail));
  }

  static BodyException malformed(String detail) {
    return new BodyException(
        new S3Exception("InvalidRequest", 400, "Malformed aws-chunked request body: " + detail));
  }

  static BodyException malformedTrailer(String detail) {
    return new BodyException(
        new S3Exception(
            "MalformedTrailerError",
            400,
            "The request contained trailing data that was not well-formed or did not conform to"
                + " our published schema: "
                + detail));
  }
}
