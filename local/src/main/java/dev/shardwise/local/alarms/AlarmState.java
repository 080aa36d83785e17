package dev.shardwise.local.alarms;

/** The three states of a CloudWatch alarm. */
public enum AlarmState {
  OK,
  ALARM,
  INSUFFICIENT_DATA
}
