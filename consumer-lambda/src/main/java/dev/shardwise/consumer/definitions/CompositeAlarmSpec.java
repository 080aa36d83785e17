package dev.shardwise.consumer.definitions;

import java.util.Objects;

/**
 * A composite alarm: ALARM while its rule over other alarms' states is true ({@code
 * PutCompositeAlarm}).
 *
 * @param name the alarm name, unique in the specification
 * @param description one line for notifications
 * @param severity how urgent
 * @param pages whether its ALARM pages on-call (the others notify without paging)
 * @param rule the rule, parsed
 * @param ruleText the rule as written, e.g. {@code ALARM("a") OR ALARM("b")}
 * @param runbook what on-call does
 */
public record CompositeAlarmSpec(
    String name,
    String description,
    Severity severity,
    boolean pages,
    AlarmRule rule,
    String ruleText,
    Runbook runbook) {

  public CompositeAlarmSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(runbook, "runbook");
  }
}
