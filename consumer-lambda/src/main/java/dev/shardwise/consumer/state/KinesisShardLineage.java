package dev.shardwise.consumer.state;

import dev.shardwise.core.kinesis.HashKeyRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * {@link ShardLineage} from Kinesis {@code ListShards} on the stream (all pages; needs {@code
 * kinesis:ListShards} on the stream). The listing of a stream is cached for the container's life
 * (parents and hash-key ranges never change); a shard missing from the cached listing (a reshard
 * since) lists the stream again. A shard that a fresh listing does not show either is an error, not
 * "no parents".
 */
public final class KinesisShardLineage implements ShardLineage {
  /** What ListShards says of one shard. */
  private record Listed(List<String> parents, HashKeyRange range) {}

  private final Supplier<KinesisClient> factory;
  private final Map<String, Map<String, Listed>> byStream = new ConcurrentHashMap<>();
  private KinesisClient kinesis;

  public KinesisShardLineage(KinesisClient kinesis) {
    Objects.requireNonNull(kinesis, "kinesis");
    this.factory = () -> kinesis;
  }

  /** Builds the client with {@code factory} at the first lookup. */
  public KinesisShardLineage(Supplier<KinesisClient> factory) {
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  private synchronized KinesisClient client() {
    if (kinesis == null) {
      kinesis = Objects.requireNonNull(factory.get(), "factory returned null");
    }
    return kinesis;
  }

  @Override
  public List<String> parents(String stream, String shardId) {
    return listed(stream, shardId).parents();
  }

  @Override
  public HashKeyRange hashKeyRange(String stream, String shardId) {
    return listed(stream, shardId).range();
  }

  private Listed listed(String stream, String shardId) {
    Map<String, Listed> cached = byStream.get(stream);
    Listed s = cached == null ? null : cached.get(shardId);
    if (s != null) {
      return s;
    }
    Map<String, Listed> listed = list(stream);
    byStream.put(stream, listed);
    s = listed.get(shardId);
    if (s == null) {
      throw new LineageUnavailableException(
          "ListShards of stream " + stream + " does not show shard " + shardId, null);
    }
    return s;
  }

  private Map<String, Listed> list(String stream) {
    Map<String, Listed> out = new ConcurrentHashMap<>();
    String token = null;
    KinesisClient kinesis = client();
    try {
      do {
        ListShardsResponse resp =
            kinesis.listShards(
                token == null
                    ? ListShardsRequest.builder().streamName(stream).build()
                    : ListShardsRequest.builder().nextToken(token).build());
        for (Shard s : resp.shards()) {
          List<String> parents = new ArrayList<>(2);
          if (s.parentShardId() != null && !s.parentShardId().isEmpty()) {
            parents.add(s.parentShardId());
          }
          if (s.adjacentParentShardId() != null && !s.adjacentParentShardId().isEmpty()) {
            parents.add(s.adjacentParentShardId());
          }
          out.put(
              s.shardId(),
              new Listed(
                  List.copyOf(parents),
                  HashKeyRange.of(
                      s.hashKeyRange().startingHashKey(), s.hashKeyRange().endingHashKey())));
        }
        token = resp.nextToken();
      } while (token != null && !token.isEmpty());
    } catch (SdkException e) {
      String detail =
          e instanceof KinesisException k && k.awsErrorDetails() != null
              ? k.awsErrorDetails().errorCode() + " (HTTP " + k.statusCode() + ")"
              : e.getClass().getSimpleName() + ": " + e.getMessage();
      throw new LineageUnavailableException(
          "cannot list the shards of stream " + stream + ": " + detail, e);
    }
    return out;
  }
}
