package dev.shardwise.local.kinesis;

/**
 * When the shard logs under {@code <data-dir>/.kinesis/} are forced to disk. Either way every
 * accepted PutRecord(s) call is written to the log (the operating system's page cache) before it is
 * answered, so a crash or kill of the JVM loses nothing.
 */
public enum FsyncPolicy {
  /** Never fsync: fast; a power loss or kernel crash can lose the last seconds of records. */
  NEVER,
  /** fsync each shard log before answering a write: survives power loss, much slower. */
  ALWAYS
}
