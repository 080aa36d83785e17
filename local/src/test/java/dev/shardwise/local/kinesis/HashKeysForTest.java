package dev.shardwise.local.kinesis;

/** Hash keys tests pin records with. */
final class HashKeysForTest {
  /** 2^128 - 1: the last shard's range. */
  static final String TOP = "340282366920938463463374607431768211455";

  private HashKeysForTest() {}
}
