-- name: duplicates_observed
-- description: Per table and day, the rows archived, the distinct keys among them (event_id for
--   events, row_id for the consumer outputs) and the duplicate rows the views remove: the
--   at-least-once delivery made visible.
-- param: from_date | date | | first day, inclusive (yyyy-MM-dd)
-- param: to_date | date | | last day, inclusive (yyyy-MM-dd)
-- binds: from_date, to_date, from_date, to_date, from_date, to_date, from_date, to_date
SELECT table_name, dt, rows_with_key, distinct_keys, rows_with_key - distinct_keys AS duplicate_rows
FROM (
  SELECT 'events' AS table_name, dt, count(event_id) AS rows_with_key, count(DISTINCT event_id) AS distinct_keys
  FROM events
  WHERE dt BETWEEN ? AND ?
  GROUP BY dt
  UNION ALL
  SELECT 'page_views', dt, count(row_id), count(DISTINCT row_id)
  FROM page_views
  WHERE dt BETWEEN ? AND ?
  GROUP BY dt
  UNION ALL
  SELECT 'anomalies', dt, count(row_id), count(DISTINCT row_id)
  FROM anomalies
  WHERE dt BETWEEN ? AND ?
  GROUP BY dt
  UNION ALL
  SELECT 'rejects', dt, count(row_id), count(DISTINCT row_id)
  FROM rejects
  WHERE dt BETWEEN ? AND ?
  GROUP BY dt
) observed
ORDER BY table_name, dt
