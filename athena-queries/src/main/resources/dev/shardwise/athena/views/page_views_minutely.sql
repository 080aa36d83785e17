-- name: page_views_minutely
-- description: Exact page views per event-time minute and page: rows deduplicated by row_id (a
--   retried emission repeats a row with the same row_id and values), then summed across shards,
--   windows and late rows. Unique devices are deliberately absent: the per-row unique_devices of
--   different shards and windows may count one device twice, so a sum is not exact; count distinct
--   device_id in events_unique where exactness matters.
CREATE OR REPLACE VIEW page_views_minutely AS
SELECT
  dt,
  minute,
  page,
  sum(views) AS views,
  sum(load_ms_sum) AS load_ms_sum,
  sum(load_ms_count) AS load_ms_count,
  max(load_ms_max) AS load_ms_max,
  count(*) AS source_rows,
  count_if(late) AS late_rows,
  count(DISTINCT shard_id) AS shards
FROM (
  SELECT
    p.*,
    row_number() OVER (PARTITION BY dt, row_id ORDER BY window_start, shard_id) AS copy_rank
  FROM page_views p
) emitted
WHERE copy_rank = 1
GROUP BY dt, minute, page
