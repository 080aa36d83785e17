package dev.shardwise.local.esm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * One JSON file per shard, {@code <dir>/<shardId>.json}, rewritten atomically (temporary file,
 * rename) at every checkpoint: {@code {"sequenceNumber", "shardEnd", "window": {"start", "end",
 * "state", "terminateEarly"}}}. Thread-safe for distinct shards.
 */
public final class CheckpointStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path dir;

  public CheckpointStore(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  public Checkpoint load(String shardId) {
    Path file = dir.resolve(shardId + ".json");
    if (!Files.exists(file)) {
      return Checkpoint.NONE;
    }
    try {
      JsonNode n = JSON.readTree(file.toFile());
      JsonNode w = n.path("window");
      Checkpoint.OpenWindow window =
          w.isObject()
              ? new Checkpoint.OpenWindow(
                  Instant.parse(w.path("start").asText()),
                  Instant.parse(w.path("end").asText()),
                  w.hasNonNull("state") ? w.get("state") : null,
                  w.path("terminateEarly").asBoolean())
              : null;
      return new Checkpoint(
          n.hasNonNull("sequenceNumber") ? n.get("sequenceNumber").asText() : null,
          n.path("shardEnd").asBoolean(),
          window);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "the checkpoint "
              + file
              + " is unreadable ("
              + e.getMessage()
              + "); delete it to"
              + " restart the shard from the mapping's starting position",
          e);
    }
  }

  public void save(String shardId, Checkpoint c) {
    ObjectNode n = JSON.createObjectNode();
    n.put("sequenceNumber", c.sequenceNumber());
    n.put("shardEnd", c.shardEnd());
    if (c.window() != null) {
      ObjectNode w = n.putObject("window");
      w.put("start", c.window().start().toString());
      w.put("end", c.window().end().toString());
      w.set("state", c.window().state());
      w.put("terminateEarly", c.window().terminateEarly());
    }
    Path file = dir.resolve(shardId + ".json");
    try {
      Files.createDirectories(dir);
      Path tmp = dir.resolve(shardId + ".json.tmp");
      Files.write(tmp, JSON.writeValueAsBytes(n));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the checkpoint " + file, e);
    }
  }
}
