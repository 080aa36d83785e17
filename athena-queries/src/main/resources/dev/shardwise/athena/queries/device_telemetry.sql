-- name: device_telemetry
-- description: One device's telemetry of the last N hours of event time, one row per metric
--   reading, newest first (each event once).
-- param: device_id | varchar | | the device id (the stream partition key)
-- param: hours | bigint | 24 | how far back to look, in hours
-- binds: hours, device_id, hours
SELECT
  e.event_time,
  m.metric,
  m.value
FROM (
  SELECT event_time, metrics
  FROM events_unique
  WHERE dt >= date_format(date_add('hour', -?, current_timestamp), '%Y-%m-%d')
    AND device_id = ?
    AND "type" = 'telemetry'
    AND event_time >= CAST(date_add('hour', -?, current_timestamp) AS timestamp)
) e
CROSS JOIN UNNEST(e.metrics) AS m (metric, value)
ORDER BY e.event_time DESC, m.metric
