package dev.shardwise.local.alarms;

import dev.shardwise.consumer.definitions.Severity;
import java.time.Instant;

/**
 * An alarm's current state, as {@code DescribeAlarms} shows it.
 *
 * @param name the alarm
 * @param severity from the specification
 * @param composite whether it is a composite alarm
 * @param state the state
 * @param reason why, in CloudWatch's words
 * @param reasonData the machine-readable reason (JSON), possibly empty
 * @param since when it entered the state
 * @param lastEvaluated when it was last evaluated, {@code null} before the first evaluation
 */
public record AlarmStatus(
    String name,
    Severity severity,
    boolean composite,
    AlarmState state,
    String reason,
    String reasonData,
    Instant since,
    Instant lastEvaluated) {}
