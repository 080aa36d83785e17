package dev.shardwise.core.window;

/** Why a window segment was closed (and its rows emitted). */
public enum CloseReason {
  /** The final invocation of the Lambda tumbling window ({@code isFinalInvokeForWindow}). */
  WINDOW_END,
  /** Lambda ended the window early ({@code isWindowTerminatedEarly}); it continues fresh. */
  TERMINATED_BY_LAMBDA,
  /** The next event would have pushed the encoded state past its budget. */
  STATE_BUDGET
}
