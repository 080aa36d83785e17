-- name: pipeline_freshness
-- description: Per table, the newest data time (event time for events, the event minute for
--   page_views, detection time for anomalies, arrival time for rejects), when the newest file landed
--   in S3, and the seconds since then.
-- param: since_date | date | | look at partitions from this day on (yyyy-MM-dd)
-- binds: since_date, since_date, since_date, since_date
SELECT
  table_name,
  newest_data_time,
  newest_arrival,
  date_diff('second', newest_arrival, current_timestamp) AS seconds_since_arrival,
  rows_scanned
FROM (
  SELECT
    'events' AS table_name,
    max(CAST(try(from_iso8601_timestamp("time")) AT TIME ZONE 'UTC' AS timestamp)) AS newest_data_time,
    max("$file_modified_time") AS newest_arrival,
    count(*) AS rows_scanned
  FROM events
  WHERE dt >= ?
  UNION ALL
  SELECT 'page_views', max(minute), max("$file_modified_time"), count(*)
  FROM page_views
  WHERE dt >= ?
  UNION ALL
  SELECT 'anomalies', max(detected_at), max("$file_modified_time"), count(*)
  FROM anomalies
  WHERE dt >= ?
  UNION ALL
  SELECT
    'rejects',
    max(CAST(try(from_iso8601_timestamp(arrival_time)) AT TIME ZONE 'UTC' AS timestamp)),
    max("$file_modified_time"),
    count(*)
  FROM rejects
  WHERE dt >= ?
) newest
ORDER BY table_name
