package dev.shardwise.local.alarms;

import java.time.Instant;

/**
 * One value an alarm evaluated: the statistic of one period, stamped with the period's start (as
 * CloudWatch stamps aggregated statistics).
 */
public record Datapoint(Instant timestamp, double value) {}
