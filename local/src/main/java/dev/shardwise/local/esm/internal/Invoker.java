package dev.shardwise.local.esm.internal;

/** Invokes the function once: what {@link FunctionRunner} does, faked in unit tests. */
public interface Invoker {

  /**
   * Invokes with an event (JSON bytes). Never throws: failures are outcomes. After an outcome that
   * is not an error the handler is done with the buffer and the caller may reuse it; after an error
   * (a timed-out handler may still be reading it) the caller must not.
   */
  FunctionRunner.Outcome invoke(EventBuffer event, String requestId);

  /** Discards the execution environment (after an injected timeout). */
  void discard();
}
