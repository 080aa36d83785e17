-- name: unique_devices_per_day
-- description: Distinct devices heard from per UTC day of event time (any archived record), exact,
--   and those that sent page views. Counted over the events archive directly: every copy of a
--   record carries the same device, so a distinct count needs no deduplication (and reads two
--   columns instead of collapsing every event). One grouping by (day, device) then a count per
--   day: the same answer as two count(DISTINCT ...) but one hash table instead of two.
-- param: from_date | date | | first day, inclusive (yyyy-MM-dd)
-- param: to_date | date | | last day, inclusive (yyyy-MM-dd)
-- binds: from_date, to_date
SELECT
  day,
  count(*) AS devices,
  count_if(sent_page_view) AS page_view_devices
FROM (
  SELECT dt AS day, device_id, bool_or("type" = 'page_view') AS sent_page_view
  FROM events
  WHERE dt BETWEEN ? AND ? AND device_id IS NOT NULL
  GROUP BY dt, device_id
)
GROUP BY day
ORDER BY day
