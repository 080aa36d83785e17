-- name: reject_reasons
-- description: Rejected records per hour of arrival and reason (each rejected record once, by
--   row_id), to see what broke and when.
-- param: from_date | date | | first day of arrival, inclusive (yyyy-MM-dd)
-- param: to_date | date | | last day of arrival, inclusive (yyyy-MM-dd)
-- binds: from_date, to_date
SELECT
  date_trunc('hour', CAST(from_iso8601_timestamp(arrival_time) AT TIME ZONE 'UTC' AS timestamp)) AS arrival_hour,
  reason,
  count(DISTINCT row_id) AS rejects
FROM rejects
WHERE dt BETWEEN ? AND ?
  AND row_id IS NOT NULL
GROUP BY 1, 2
ORDER BY 1, 3 DESC, 2
