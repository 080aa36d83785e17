-- name: unique_devices_per_day
-- description: Distinct devices per UTC day of event time, exact (counted from events_unique), with
--   the devices that sent page views and the number of distinct events.
-- param: from_date | date | | first day, inclusive (yyyy-MM-dd)
-- param: to_date | date | | last day, inclusive (yyyy-MM-dd)
-- binds: from_date, to_date
SELECT
  dt AS day,
  count(DISTINCT device_id) AS devices,
  count(DISTINCT CASE WHEN "type" = 'page_view' THEN device_id END) AS page_view_devices,
  count(*) AS events
FROM events_unique
WHERE dt BETWEEN ? AND ?
GROUP BY dt
ORDER BY dt
