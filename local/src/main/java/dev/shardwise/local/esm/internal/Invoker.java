package dev.shardwise.local.esm.internal;

/** Invokes the function once: what {@link FunctionRunner} does, faked in unit tests. */
public interface Invoker {

  /** Invokes with an event (JSON bytes). Never throws: failures are outcomes. */
  FunctionRunner.Outcome invoke(byte[] event, String requestId);

  /** Discards the execution environment (after an injected timeout). */
  void discard();
}
