-- name: page_views_per_minute
-- description: Views per event-time minute for one page, exact (deduplicated, late rows included);
--   minutes without views are absent.
-- param: page | varchar | | the page path, e.g. /checkout
-- param: from_time | timestamp | | start of the range, UTC, inclusive (yyyy-MM-dd HH:mm:ss)
-- param: to_time | timestamp | | end of the range, UTC, exclusive (yyyy-MM-dd HH:mm:ss)
-- binds: page, from_time, to_time, from_time, to_time
SELECT
  minute,
  views,
  round(CAST(load_ms_sum AS double) / nullif(load_ms_count, 0), 1) AS avg_load_ms,
  late_rows,
  shards
FROM page_views_minutely
WHERE page = ?
  AND dt BETWEEN substr(?, 1, 10) AND substr(?, 1, 10)
  AND minute >= CAST(? AS timestamp)
  AND minute < CAST(? AS timestamp)
ORDER BY minute
