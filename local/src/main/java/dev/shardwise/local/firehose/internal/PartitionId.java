package dev.shardwise.local.firehose.internal;

import java.util.Map;

/** A buffer's identity: partition keys, or an error output type; compared by {@code id}. */
final class PartitionId {
  private final String id;
  private final Map<String, String> keys;
  private final String errorType;

  PartitionId(Map<String, String> keys, String errorType) {
    this.keys = keys;
    this.errorType = errorType;
    if (errorType != null) {
      this.id = "\u0001" + errorType;
    } else if (keys.size() == 1) {
      this.id = keys.values().iterator().next();
    } else {
      this.id = String.join("\u0000", keys.values());
    }
  }

  Map<String, String> keys() {
    return keys;
  }

  String errorType() {
    return errorType;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PartitionId p && p.id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }
}
