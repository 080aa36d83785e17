package dev.shardwise.local.alarms;

import dev.shardwise.consumer.definitions.Severity;
import java.time.Instant;

/**
 * One transition of one alarm: a line of the alarm history.
 *
 * @param alarmName the alarm
 * @param severity from the specification
 * @param composite whether it is a composite alarm
 * @param oldState before
 * @param newState after
 * @param reason the new state's reason
 * @param reasonData the machine-readable reason (JSON)
 * @param timestamp the evaluation time that changed it
 */
public record StateChange(
    String alarmName,
    Severity severity,
    boolean composite,
    AlarmState oldState,
    AlarmState newState,
    String reason,
    String reasonData,
    Instant timestamp) {}
