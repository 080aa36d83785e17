package dev.shardwise.consumer.testing;

import dev.shardwise.consumer.state.ShardStateStore;
import dev.shardwise.consumer.state.StateConflictException;
import dev.shardwise.consumer.state.StoreUnavailableException;
import dev.shardwise.core.window.ShardState;
import dev.shardwise.core.window.ShardStateCodec;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A {@link ShardStateStore} in memory, storing the real encoding, with versions and injectable
 * unavailability and concurrent writers.
 */
public final class InMemoryStateStore implements ShardStateStore {
  private final Map<String, byte[]> objects = new HashMap<>();
  private final Map<String, Integer> versions = new HashMap<>();
  private BooleanSupplier unavailable = () -> false;
  private Runnable beforeSave = () -> {};
  private int loads;
  private int saves;

  public synchronized void unavailableWhen(BooleanSupplier s) {
    unavailable = s;
  }

  /** Runs before each save is checked (e.g. to write concurrently). */
  public synchronized void beforeSave(Runnable r) {
    beforeSave = r;
  }

  @Override
  public synchronized VersionedState load(String stream, String shardId) {
    if (unavailable.getAsBoolean()) {
      throw new StoreUnavailableException("injected: store unavailable on load", null);
    }
    loads++;
    String key = stream + "/" + shardId;
    byte[] bytes = objects.get(key);
    return bytes == null
        ? new VersionedState(ShardState.empty(), null)
        : new VersionedState(ShardStateCodec.decode(bytes), "v" + versions.get(key));
  }

  @Override
  public synchronized String save(
      String stream, String shardId, ShardState state, String expectedTag) {
    if (unavailable.getAsBoolean()) {
      throw new StoreUnavailableException("injected: store unavailable on save", null);
    }
    Runnable r = beforeSave;
    beforeSave = () -> {};
    r.run();
    String key = stream + "/" + shardId;
    String current = objects.containsKey(key) ? "v" + versions.get(key) : null;
    if (expectedTag == null ? current != null : !expectedTag.equals(current)) {
      throw new StateConflictException("injected or real conflict on " + key, null);
    }
    saves++;
    objects.put(key, ShardStateCodec.encode(state));
    versions.merge(key, 1, Integer::sum);
    return "v" + versions.get(key);
  }

  /** Writes directly, as another writer would. */
  public synchronized void overwrite(String stream, String shardId, ShardState state) {
    String key = stream + "/" + shardId;
    objects.put(key, ShardStateCodec.encode(state));
    versions.merge(key, 1, Integer::sum);
  }

  public synchronized ShardState current(String stream, String shardId) {
    byte[] bytes = objects.get(stream + "/" + shardId);
    return bytes == null ? ShardState.empty() : ShardStateCodec.decode(bytes);
  }

  public synchronized int loads() {
    return loads;
  }

  public synchronized int saves() {
    return saves;
  }
}
