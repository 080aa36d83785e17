package dev.shardwise.core.detect;

/** What an anomaly is about: the {@code anomalies.key_type} column. */
public enum KeyType {
  DEVICE("device"),
  PAGE("page"),
  SHARD("shard");

  private final String code;

  KeyType(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
