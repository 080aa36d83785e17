-- name: anomalies_unique
-- description: One row per detected anomaly: the anomalies table deduplicated by row_id (a retried
--   emission repeats a row with the same row_id and values).
CREATE OR REPLACE VIEW anomalies_unique AS
SELECT
  row_id,
  shard_id,
  detected_at,
  window_start,
  window_end,
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
  severity,
  dt
FROM (
  SELECT
    a.*,
    row_number() OVER (PARTITION BY dt, row_id ORDER BY detected_at, shard_id) AS copy_rank
  FROM anomalies a
) emitted
WHERE copy_rank = 1
