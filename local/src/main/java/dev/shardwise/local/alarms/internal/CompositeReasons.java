package dev.shardwise.local.alarms.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.consumer.definitions.AlarmRule;
import dev.shardwise.local.alarms.AlarmState;
import dev.shardwise.local.alarms.AlarmStatus;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A composite alarm's reason, as CloudWatch writes it: the child whose transition moved it ({@code
 * arn:aws:cloudwatch:us-east-1:000000000000:alarm:x transitioned to ALARM at Friday 22 July, 2022
 * 15:57:45 UTC}) and, as data, the children in ALARM.
 */
public final class CompositeReasons {
  /** Local ARNs use the region and the all-zero account the local endpoints use. */
  public static final String ARN_PREFIX = "arn:aws:cloudwatch:us-east-1:000000000000:alarm:";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("EEEE dd MMMM, yyyy HH:mm:ss 'UTC'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  private CompositeReasons() {}

  public record Reason(String text, String data) {}

  public static Reason of(AlarmRule rule, AlarmState next, Map<String, AlarmStatus> statuses) {
    List<AlarmStatus> children = rule.alarmNames().stream().map(statuses::get).toList();
    Comparator<AlarmStatus> recent = Comparator.comparing(AlarmStatus::since);
    AlarmStatus trigger =
        children.stream()
            .filter(c -> next != AlarmState.ALARM || c.state() == AlarmState.ALARM)
            .max(recent)
            .orElse(children.stream().max(recent).orElseThrow());
    ObjectNode data = JSON.createObjectNode();
    ArrayNode triggering = data.putArray("triggeringAlarms");
    for (AlarmStatus c : children) {
      if (c.state() == AlarmState.ALARM) {
        ObjectNode t = triggering.addObject();
        t.put("arn", ARN_PREFIX + c.name());
        t.putObject("state")
            .put("value", c.state().name())
            .put("timestamp", RangeReader.REASON_DATA_TIME.format(c.since()));
      }
    }
    return new Reason(
        ARN_PREFIX
            + trigger.name()
            + " transitioned to "
            + trigger.state()
            + " at "
            + WHEN.format(trigger.since()),
        data.toString());
  }

  /** For tests and the console: the time format of composite reasons. */
  public static String when(Instant t) {
    return WHEN.format(t);
  }
}
