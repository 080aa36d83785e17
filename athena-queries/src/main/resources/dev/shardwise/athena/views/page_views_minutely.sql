-- name: page_views_minutely
-- description: Exact page views per event-time minute and page: each emitted row counted once by
--   row_id (a retried emission repeats a row with the same row_id and the same values, so any copy
--   stands for all), then summed across shards, windows and late rows. Unique devices are absent on
--   purpose: the per-row unique_devices of different shards and windows may count one device twice,
--   so a sum is not exact; count distinct device_id in events (or events_unique) where exactness
--   matters.
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
  -- row_id is a hash of (shard_id, window_start, segment, minute, page): grouping by those too
  -- changes nothing, and lets filters on minute and page reach the files
  SELECT
    dt,
    row_id,
    shard_id,
    minute,
    page,
    arbitrary(views) AS views,
    arbitrary(load_ms_sum) AS load_ms_sum,
    arbitrary(load_ms_count) AS load_ms_count,
    arbitrary(load_ms_max) AS load_ms_max,
    arbitrary(late) AS late
  FROM page_views
  GROUP BY dt, row_id, shard_id, minute, page
) emitted
GROUP BY dt, minute, page
