package dev.shardwise.consumer.state;

import dev.shardwise.core.window.ShardState;

/**
 * Durable per-shard state ({@link ShardState}: detector states, last applied segment, recent
 * event-id fingerprints): one object per (stream, shard).
 *
 * <p>Contract:
 *
 * <ul>
 *   <li><b>Optimistic concurrency.</b> {@link #load} returns the state with a version tag; {@link
 *       #save} writes only if the stored version is still that tag (or, for a tag of {@code null},
 *       only if nothing is stored yet), and throws {@link StateConflictException} otherwise. A
 *       writer that loses a race reloads and decides again, so a segment is never applied twice.
 *   <li><b>Atomic.</b> A reader sees the old state or the new one, never a mix.
 *   <li><b>Failures.</b> {@link StoreUnavailableException} for anything a retry may fix (network,
 *       throttling, 5xx, missing permissions while an operator fixes them); stored bytes this
 *       release cannot read throw {@code StateFormatException}: never silently replaced.
 *   <li><b>Thread-safety.</b> Implementations are safe for concurrent use.
 * </ul>
 */
public interface ShardStateStore {

  /**
   * The stored state and its version; when nothing is stored, the state a new shard starts from
   * ({@link ShardState#empty()}, or its parents' state: {@link InheritingStateStore}) with a {@code
   * null} tag.
   */
  VersionedState load(String stream, String shardId);

  /**
   * Writes the state if the stored version is still {@code expectedTag} ({@code null}: nothing
   * stored).
   *
   * @return the new version tag
   */
  String save(String stream, String shardId, ShardState state, String expectedTag);

  /** A loaded state and its version tag ({@code null} when nothing was stored). */
  record VersionedState(ShardState state, String tag) {}
}
