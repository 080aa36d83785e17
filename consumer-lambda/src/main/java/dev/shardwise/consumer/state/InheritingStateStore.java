package dev.shardwise.consumer.state;

import dev.shardwise.core.detect.DetectorRegistry;
import dev.shardwise.core.window.FingerprintSet;
import dev.shardwise.core.window.SegmentKey;
import dev.shardwise.core.window.ShardState;
import dev.shardwise.core.window.ShardState.ClosedSegment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A {@link ShardStateStore} whose new shards start from their parents' state: when a shard has no
 * stored object yet, {@link #load} asks the {@link ShardLineage} for its parents, loads their
 * objects and returns (with a {@code null} tag, so the first save still creates the object):
 *
 * <ul>
 *   <li>the parents' recent duplicate fingerprints, merged: per window, the union of every parent's
 *       closed segments of that window, as one segment keyed before any segment of the child in
 *       that window (sequence number {@code 0}); Lambda reads a child only after its parents
 *       reached SHARD_END, so everything the parents counted precedes everything the child counts;
 *   <li>the detector states from {@link DetectorRegistry#inherit} of the parents' states;
 *   <li>no last applied segment and no anomaly rows (those are the parent's own).
 * </ul>
 *
 * A parent without an object (it never closed a segment) contributes its own parents' state, up to
 * {@link #MAX_DEPTH} generations. A shard with no parents starts empty, as before. The inherited
 * state is cached until the shard's first save (the parents' objects are final). Saves pass
 * through.
 */
public final class InheritingStateStore implements ShardStateStore {
  /** How many generations a shard without an object looks back through. */
  static final int MAX_DEPTH = 3;

  /** The sequence number that orders inherited fingerprints before a child's own segments. */
  static final String INHERITED_SEQUENCE = "0";

  private final ShardStateStore store;
  private final ShardLineage lineage;
  private final DetectorRegistry detectors;
  private final Map<String, ShardState> inherited;

  public InheritingStateStore(
      ShardStateStore store, ShardLineage lineage, DetectorRegistry detectors) {
    this.store = Objects.requireNonNull(store, "store");
    this.lineage = Objects.requireNonNull(lineage, "lineage");
    this.detectors = Objects.requireNonNull(detectors, "detectors");
    this.inherited =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, ShardState> eldest) {
            return size() > 16;
          }
        };
  }

  /**
   * The stored state, or for a shard without an object the state inherited from its parents (with a
   * {@code null} tag).
   *
   * @throws LineageUnavailableException when the parents cannot be looked up now
   */
  @Override
  public VersionedState load(String stream, String shardId) {
    VersionedState v = store.load(stream, shardId);
    if (v.tag() != null) {
      return v;
    }
    String key = stream + "/" + shardId;
    synchronized (inherited) {
      ShardState cached = inherited.get(key);
      if (cached != null) {
        return new VersionedState(cached, null);
      }
    }
    ShardState s = inherit(stream, shardId, 1);
    synchronized (inherited) {
      inherited.put(key, s);
    }
    return new VersionedState(s, null);
  }

  @Override
  public String save(String stream, String shardId, ShardState state, String expectedTag) {
    String tag = store.save(stream, shardId, state, expectedTag);
    synchronized (inherited) {
      inherited.remove(stream + "/" + shardId);
    }
    return tag;
  }

  private ShardState inherit(String stream, String shardId, int depth) {
    List<String> parents = lineage.parents(stream, shardId);
    if (parents.isEmpty()) {
      return ShardState.empty();
    }
    List<ShardState> states = new ArrayList<>(parents.size());
    for (String p : parents) {
      VersionedState v = store.load(stream, p);
      if (v.tag() == null && depth < MAX_DEPTH) {
        states.add(inherit(stream, p, depth + 1));
      } else {
        states.add(v.state());
      }
    }
    return merge(states, detectors);
  }

  /** The state a child starts from, given its parents' states. */
  static ShardState merge(List<ShardState> parents, DetectorRegistry detectors) {
    Map<Instant, List<FingerprintSet>> byWindow = new TreeMap<>();
    List<Map<String, byte[]>> detectorStates = new ArrayList<>(parents.size());
    for (ShardState p : parents) {
      for (ClosedSegment c : p.recent()) {
        byWindow
            .computeIfAbsent(c.segment().windowStart(), w -> new ArrayList<>())
            .add(c.fingerprints());
      }
      detectorStates.add(p.detectorStates());
    }
    List<ClosedSegment> recent = new ArrayList<>(byWindow.size());
    for (Map.Entry<Instant, List<FingerprintSet>> e : byWindow.entrySet()) {
      int expected = 0;
      for (FingerprintSet f : e.getValue()) {
        expected += f.size();
      }
      FingerprintSet union = new FingerprintSet(expected);
      for (FingerprintSet f : e.getValue()) {
        union.addAll(f);
      }
      recent.add(new ClosedSegment(new SegmentKey(e.getKey(), INHERITED_SEQUENCE, -1), union));
    }
    boolean anyDetectorState = detectorStates.stream().anyMatch(m -> !m.isEmpty());
    return new ShardState(
        null, anyDetectorState ? detectors.inherit(detectorStates) : Map.of(), recent, List.of());
  }
}
