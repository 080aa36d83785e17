-- name: recent_anomalies
-- description: Anomalies detected in the last N hours, newest first, each once (deduplicated):
--   what was observed against what was expected, the score and the threshold.
-- param: hours | bigint | 24 | how far back to look, in hours
-- binds: hours, hours
SELECT
  detected_at,
  severity,
  kind,
  key_type,
  "key",
  metric,
  observed,
  expected,
  band_low,
  band_high,
  score,
  threshold,
  shard_id
FROM anomalies_unique
WHERE dt >= date_format(date_add('hour', -?, current_timestamp), '%Y-%m-%d')
  AND detected_at >= CAST(date_add('hour', -?, current_timestamp) AS timestamp)
ORDER BY detected_at DESC, severity, "key", metric
