-- name: unique_devices_per_day
-- description: Distinct devices heard from per UTC day of event time (any archived record), exact,
--   and those that sent page views. Counted over the events archive directly: every copy of a
--   record carries the same device, so a distinct count needs no deduplication (and reads two
--   columns instead of collapsing every event).
-- param: from_date | date | | first day, inclusive (yyyy-MM-dd)
-- param: to_date | date | | last day, inclusive (yyyy-MM-dd)
-- binds: from_date, to_date
SELECT
  dt AS day,
  count(DISTINCT device_id) AS devices,
  count(DISTINCT CASE WHEN "type" = 'page_view' THEN device_id END) AS page_view_devices
FROM events
WHERE dt BETWEEN ? AND ?
GROUP BY dt
ORDER BY dt
