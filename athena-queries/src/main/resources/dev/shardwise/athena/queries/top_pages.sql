-- name: top_pages
-- description: The most viewed pages in a time range of event time, exact (views deduplicated,
--   late rows included), with the average page load time.
-- param: from_time | timestamp | | start of the range, UTC, inclusive (yyyy-MM-dd HH:mm:ss)
-- param: to_time | timestamp | | end of the range, UTC, exclusive (yyyy-MM-dd HH:mm:ss)
-- param: top | bigint | 10 | how many pages to list
-- binds: from_time, to_time, from_time, to_time, top
SELECT
  page,
  sum(views) AS views,
  round(CAST(sum(load_ms_sum) AS double) / nullif(sum(load_ms_count), 0), 1) AS avg_load_ms
FROM page_views_minutely
WHERE dt BETWEEN substr(?, 1, 10) AND substr(?, 1, 10)
  AND minute >= CAST(? AS timestamp)
  AND minute < CAST(? AS timestamp)
GROUP BY page
ORDER BY views DESC, page
LIMIT ?
