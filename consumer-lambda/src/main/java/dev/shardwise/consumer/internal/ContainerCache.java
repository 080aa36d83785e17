package dev.shardwise.consumer.internal;

import dev.shardwise.consumer.state.ShardStateStore;
import dev.shardwise.consumer.state.ShardStateStore.VersionedState;
import dev.shardwise.core.window.FingerprintSet;
import dev.shardwise.core.window.SegmentKey;
import dev.shardwise.core.window.WindowState;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a Lambda container keeps between invocations, per shard (a few shards at most, least
 * recently used evicted). Everything here is a cache of something durable, so a cold container
 * behaves exactly like a warm one:
 *
 * <ul>
 *   <li>the window state it returned last, with the encoded string: when Lambda hands that same
 *       string back, it is used without decoding (equal strings mean equal states: the encoding is
 *       canonical);
 *   <li>the earlier segments' event ids for the current segment: loaded from the store once per
 *       segment; immutable afterwards, because every earlier segment is closed before a segment
 *       starts;
 *   <li>the last shard state it loaded or wrote, with its version: conditional writes catch a stale
 *       one.
 * </ul>
 *
 * Thread-safe (the local runtime may run several shards in one JVM).
 */
public final class ContainerCache {
  private final ShardStateStore store;
  private final Map<String, Entry> entries;

  private static final class Entry {
    String encodedWindow;
    WindowState window;
    SegmentKey earlierFor;
    FingerprintSet earlier;
    VersionedState shardState;
  }

  public ContainerCache(ShardStateStore store, int maxShards) {
    this.store = Objects.requireNonNull(store, "store");
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > maxShards;
          }
        };
  }

  private static String key(String stream, String shardId) {
    return stream + "/" + shardId;
  }

  private synchronized Entry entry(String stream, String shardId) {
    return entries.computeIfAbsent(key(stream, shardId), k -> new Entry());
  }

  /** The state returned last for this shard if it was encoded as {@code encoded}; removes it. */
  public WindowState takeWindow(String stream, String shardId, String encoded) {
    Entry e = entry(stream, shardId);
    synchronized (e) {
      WindowState w = encoded.equals(e.encodedWindow) ? e.window : null;
      e.encodedWindow = null;
      e.window = null;
      return w;
    }
  }

  /** Remembers the state handed back to Lambda (it must not be modified afterwards). */
  public void keepWindow(String stream, String shardId, String encoded, WindowState window) {
    Entry e = entry(stream, shardId);
    synchronized (e) {
      e.encodedWindow = encoded;
      e.window = window;
    }
  }

  /** The ids counted by the segments before {@code segment} within the horizon. */
  public FingerprintSet earlierIds(
      String stream, String shardId, SegmentKey segment, Duration horizon) {
    Entry e = entry(stream, shardId);
    synchronized (e) {
      if (segment.equals(e.earlierFor)) {
        return e.earlier;
      }
      VersionedState v = store.load(stream, shardId);
      e.shardState = v;
      e.earlier = v.state().earlierFingerprints(segment, horizon);
      e.earlierFor = segment;
      return e.earlier;
    }
  }

  /** The shard state, as last loaded or written here, or loaded now. */
  public VersionedState shardState(String stream, String shardId) {
    Entry e = entry(stream, shardId);
    synchronized (e) {
      if (e.shardState == null) {
        e.shardState = store.load(stream, shardId);
      }
      return e.shardState;
    }
  }

  public void shardStateWritten(String stream, String shardId, VersionedState written) {
    Entry e = entry(stream, shardId);
    synchronized (e) {
      e.shardState = written;
    }
  }

  /** Forgets the shard state (after a lost race). */
  public void forgetShardState(String stream, String shardId) {
    Entry e = entry(stream, shardId);
    synchronized (e) {
      e.shardState = null;
    }
  }
}
