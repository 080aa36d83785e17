package dev.shardwise.local.alarms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.consumer.definitions.Severity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alarms of a run on disk, under {@code <data-dir>/.alarms/}: {@code history.jsonl} (every
 * transition, appended as it happens) and {@code states.json} (every alarm's current status,
 * replaced after each evaluation). {@code shardwise alarms} and {@code shardwise report} read them
 * after the run. As a listener it appends each change; {@link #writeStates(List)} is called by the
 * runtime. Thread-safe.
 */
public final class AlarmJournal implements AlarmListener {
  private static final Logger log = LoggerFactory.getLogger(AlarmJournal.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String HISTORY = "history.jsonl";
  static final String STATES = "states.json";

  private final Path dir;

  public AlarmJournal(Path dataDir) {
    this.dir = dataDir.resolve(".alarms");
  }

  public Path directory() {
    return dir;
  }

  @Override
  public synchronized void onStateChange(StateChange c) {
    ObjectNode n = JSON.createObjectNode();
    n.put("timestamp", c.timestamp().toString());
    n.put("alarm", c.alarmName());
    n.put("severity", c.severity().code());
    n.put("composite", c.composite());
    n.put("oldState", c.oldState().name());
    n.put("newState", c.newState().name());
    n.put("reason", c.reason());
    n.put("reasonData", c.reasonData());
    try {
      Files.createDirectories(dir);
      Files.writeString(
          dir.resolve(HISTORY),
          n + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + dir.resolve(HISTORY), e);
    }
  }

  /** Replaces {@code states.json} atomically. */
  public synchronized void writeStates(List<AlarmStatus> statuses) {
    ArrayNode arr = JSON.createArrayNode();
    for (AlarmStatus s : statuses) {
      ObjectNode n = arr.addObject();
      n.put("alarm", s.name());
      n.put("severity", s.severity().code());
      n.put("composite", s.composite());
      n.put("state", s.state().name());
      n.put("reason", s.reason());
      n.put("reasonData", s.reasonData());
      n.put("since", s.since().toString());
      n.put("lastEvaluated", s.lastEvaluated() == null ? null : s.lastEvaluated().toString());
    }
    try {
      Files.createDirectories(dir);
      Path tmp = dir.resolve(STATES + ".tmp");
      Files.writeString(tmp, arr.toPrettyString(), StandardCharsets.UTF_8);
      Files.move(
          tmp,
          dir.resolve(STATES),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(STATES), e);
    }
  }

  /** The current statuses a run left, or an empty list if it left none. */
  public static List<AlarmStatus> readStates(Path dataDir) throws IOException {
    Path file = dataDir.resolve(".alarms").resolve(STATES);
    if (!Files.exists(file)) {
      return List.of();
    }
    List<AlarmStatus> out = new ArrayList<>();
    for (JsonNode n : JSON.readTree(file.toFile())) {
      out.add(
          new AlarmStatus(
              n.get("alarm").asText(),
              Severity.fromCode(n.get("severity").asText()),
              n.get("composite").asBoolean(),
              AlarmState.valueOf(n.get("state").asText()),
              n.get("reason").asText(),
              n.path("reasonData").asText(""),
              Instant.parse(n.get("since").asText()),
              n.hasNonNull("lastEvaluated")
                  ? Instant.parse(n.get("lastEvaluated").asText())
                  : null));
    }
    return out;
  }

  /** Every transition a run recorded, oldest first; damaged lines are skipped with a warning. */
  public static List<StateChange> readHistory(Path dataDir) throws IOException {
    Path file = dataDir.resolve(".alarms").resolve(HISTORY);
    if (!Files.exists(file)) {
      return List.of();
    }
    List<StateChange> out = new ArrayList<>();
    int bad = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        try {
          JsonNode n = JSON.readTree(line);
          out.add(
              new StateChange(
                  n.get("alarm").asText(),
                  Severity.fromCode(n.get("severity").asText()),
                  n.get("composite").asBoolean(),
                  AlarmState.valueOf(n.get("oldState").asText()),
                  AlarmState.valueOf(n.get("newState").asText()),
                  n.get("reason").asText(),
                  n.path("reasonData").asText(""),
                  Instant.parse(n.get("timestamp").asText())));
        } catch (IOException | RuntimeException e) {
          bad++;
        }
      }
    }
    if (bad > 0) {
      log.warn("skipped {} damaged lines in {}", bad, file);
    }
    return out;
  }
}
