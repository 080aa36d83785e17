-- name: anomalies_unique
-- description: One row per detected anomaly: the anomalies table with each row_id counted once (a
--   retried emission repeats a row with the same row_id and the same values).
CREATE OR REPLACE VIEW anomalies_unique AS
SELECT
  row_id,
  shard_id,
  detected_at,
  arbitrary(window_start) AS window_start,
  arbitrary(window_end) AS window_end,
  kind,
  key_type,
  "key",
  metric,
  arbitrary(observed) AS observed,
  arbitrary(expected) AS expected,
  arbitrary(band_low) AS band_low,
  arbitrary(band_high) AS band_high,
  arbitrary(score) AS score,
  arbitrary(threshold) AS threshold,
  severity,
  dt
FROM anomalies
GROUP BY dt, row_id, shard_id, detected_at, kind, key_type, "key", metric, severity
