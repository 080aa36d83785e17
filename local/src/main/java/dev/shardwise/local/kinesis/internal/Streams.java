package dev.shardwise.local.kinesis.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.local.kinesis.FsyncPolicy;
import dev.shardwise.local.kinesis.KinesisConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams of one service and their persistence under {@code <data-dir>/.kinesis/}: one
 * directory per stream ({@code stream-<name>/}) holding {@code stream.json} (identity, settings,
 * shards; rewritten atomically on every control-plane change) and one {@code shard-<index>.log} per
 * shard ({@link ShardLog}). Loading replays the logs.
 */
public final class Streams implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Streams.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;
  private final KinesisConfig config;
  private final Map<String, Stream> byName = new ConcurrentHashMap<>();

  public Streams(Path dataDir, KinesisConfig config, long nowMillis) {
    this.root = dataDir.resolve(".kinesis");
    this.config = config;
    try {
      Files.createDirectories(root);
      load(nowMillis);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load Kinesis state from " + root, e);
    }
  }

  /** A live stream by name, or {@code null}; finishes deletions that are due. */
  public Stream find(String name, long now) {
    Stream s = byName.get(name);
    if (s != null && s.isGone(now)) {
      remove(s);
      return null;
    }
    return s;
  }

  /** Live streams, any order. */
  public Collection<Stream> all(long now) {
    List<Stream> out = new ArrayList<>();
    for (Stream s : List.copyOf(byName.values())) {
      if (find(s.name, now) != null) {
        out.add(s);
      }
    }
    return out;
  }

  /** Open shards over all streams. */
  public int openShardCount(long now) {
    int n = 0;
    for (Stream s : all(now)) {
      n += s.openShards().size();
    }
    return n;
  }

  /** Registers a new stream, or returns {@code null} when the name is taken. */
  public synchronized Stream create(
      String name, String arn, int shardCount, boolean onDemand, long now, long activeAt) {
    if (find(name, now) != null) {
      return null;
    }
    Stream s = new Stream(name, arn, now, onDemand, 24, activeAt, root.resolve("stream-" + name));
    try {
      deleteTree(s.dir);
      Files.createDirectories(s.dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + s.dir, e);
    }
    List<Shard> shards = new ArrayList<>();
    for (int i = 0; i < shardCount; i++) {
      shards.add(
          newShard(
              s,
              i,
              HashRanges.uniformStart(i, shardCount),
              HashRanges.uniformEnd(i, shardCount),
              null,
              null,
              now));
    }
    s.shards(shards);
    persist(s);
    byName.put(name, s);
    return s;
  }

  /** A new open shard with its log. */
  public Shard newShard(
      Stream s, int index, BigInteger start, BigInteger end, String parent, String adj, long now) {
    try {
      ShardLog shardLog = ShardLog.open(logFile(s, index), config.fsync() == FsyncPolicy.ALWAYS);
      return new Shard(
          index, start, end, parent, adj, now, s.createdMillis, config.limits(), shardLog);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the log of shard " + index + " of " + s.name, e);
    }
  }

  /** Writes a stream's metadata atomically. */
  public void persist(Stream s) {
    ObjectNode n = JSON.createObjectNode();
    n.put("name", s.name).put("arn", s.arn).put("createdMillis", s.createdMillis);
    n.put("onDemand", s.onDemand).put("retentionHours", s.retentionHours());
    n.put("activeAtMillis", s.activeAtMillis());
    n.put("updatingUntilMillis", s.updatingUntilMillis());
    n.put("deleting", s.status(Long.MIN_VALUE).equals("DELETING"));
    ObjectNode tags = n.putObject("tags");
    s.tags().forEach(tags::put);
    ArrayNode shards = n.putArray("shards");
    for (Shard sh : s.shards()) {
      ObjectNode o = shards.addObject();
      o.put("index", sh.index).put("start", sh.startHash.toString());
      o.put("end", sh.endHash.toString()).put("createdMillis", sh.createdMillis);
      o.put("closedMillis", sh.closedMillis());
      if (sh.parentShardId != null) {
        o.put("parent", sh.parentShardId);
      }
      if (sh.adjacentParentShardId != null) {
        o.put("adjacentParent", sh.adjacentParentShardId);
      }
    }
    Path file = s.dir.resolve("stream.json");
    Path tmp = s.dir.resolve("stream.json.tmp");
    try {
      Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Forgets a stream and deletes its files, under the stream's write lock so no write is in flight.
   * Callers must not hold the stream's read lock.
   */
  public void remove(Stream s) {
    s.topology.writeLock().lock();
    try {
      if (byName.remove(s.name, s)) {
        s.shards().forEach(Shard::closeLog);
        try {
          deleteTree(s.dir);
        } catch (IOException e) {
          log.warn("cannot delete {}", s.dir, e);
        }
      }
    } finally {
      s.topology.writeLock().unlock();
    }
  }

  /**
   * Drops closed shards whose records all expired, with their logs. Callers must not hold the
   * stream's read lock.
   */
  public void expireClosedShards(Stream s, long now) {
    boolean any = false;
    for (Shard sh : s.shards()) {
      any |= !sh.isOpen() && sh.closedMillis() + s.retentionMillis() <= now;
    }
    if (!any) {
      return;
    }
    s.topology.writeLock().lock();
    try {
      dropExpired(s, now);
    } finally {
      s.topology.writeLock().unlock();
    }
  }

  private void dropExpired(Stream s, long now) {
    List<Shard> keep = new ArrayList<>();
    List<Shard> drop = new ArrayList<>();
    for (Shard sh : s.shards()) {
      boolean expired = !sh.isOpen() && sh.closedMillis() + s.retentionMillis() <= now;
      (expired ? drop : keep).add(sh);
    }
    if (!drop.isEmpty()) {
      s.shards(keep);
      persist(s);
      for (Shard sh : drop) {
        sh.closeLog();
        try {
          Files.deleteIfExists(logFile(s, sh.index));
        } catch (IOException e) {
          log.warn("cannot delete the log of {}", sh.id, e);
        }
      }
    }
  }

  @Override
  public void close() {
    for (Stream s : byName.values()) {
      s.shards().forEach(Shard::closeLog);
    }
  }

  private static Path logFile(Stream s, int index) {
    return s.dir.resolve("shard-" + index + ".log");
  }

  private void load(long now) throws IOException {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, "stream-*")) {
      for (Path dir : dirs) {
        Path meta = dir.resolve("stream.json");
        if (!Files.exists(meta)) {
          deleteTree(dir);
          continue;
        }
        JsonNode n = JSON.readTree(meta.toFile());
        if (n.path("deleting").asBoolean()) {
          deleteTree(dir);
          continue;
        }
        Stream s =
            new Stream(
                n.get("name").asText(),
                n.get("arn").asText(),
                n.get("createdMillis").asLong(),
                n.path("onDemand").asBoolean(),
                n.get("retentionHours").asInt(),
                n.path("activeAtMillis").asLong(),
                dir);
        s.markUpdating(n.path("updatingUntilMillis").asLong());
        n.path("tags")
            .fields()
            .forEachRemaining(e -> s.putTags(Map.of(e.getKey(), e.getValue().asText())));
        List<Shard> shards = new ArrayList<>();
        long retained = 0;
        for (JsonNode o : n.get("shards")) {
          int index = o.get("index").asInt();
          ShardLog.Replayed r = ShardLog.replay(logFile(s, index), now - s.retentionMillis());
          Shard sh =
              newShard(
                  s,
                  index,
                  new BigInteger(o.get("start").asText()),
                  new BigInteger(o.get("end").asText()),
                  o.path("parent").textValue(),
                  o.path("adjacentParent").textValue(),
                  o.get("createdMillis").asLong());
          long closed = o.path("closedMillis").asLong(-1);
          if (closed >= 0) {
            sh.markClosed(closed);
          }
          sh.restore(r.firstPosition(), r.records(), r.nextPosition());
          retained += sh.retainedBytes();
          shards.add(sh);
        }
        s.shards(shards);
        s.retainedBytes.set(retained);
        byName.put(s.name, s);
        expireClosedShards(s, now);
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
