-- rule: series.break-between-series
-- severity: warning
-- table: figures
-- description: Two series counting the same thing (organisation, measure) at dates no more
--   than 12 months apart whose values differ by more than a quarter of the larger: a break
--   between sources or ways of counting that a curator must explain.
-- index: figures (organisation, measure, statistic, CAST(SUBSTR(period_start, 1, 4) AS INTEGER))
-- explain: Two series counting the same thing ≤ 12 months apart differ by > 25 %.
-- message: {organisation} {measure}: {value} in {series_id} ({period_start}) but {other_value} in {other_series_id} ({other_period_start})
SELECT a.figure_id || '|' || b.figure_id AS finding_key, a.organisation, a.measure,
       a.series_id, a.figure_id, a.value, a.period_start,
       b.series_id AS other_series_id, b.figure_id AS other_figure_id, b.value AS other_value,
       b.period_start AS other_period_start,
       a.provenance_id, b.provenance_id AS other_provenance_id
FROM {batch} a
JOIN figures b
  ON b.organisation = a.organisation AND b.measure = a.measure AND b.statistic = a.statistic
 AND a.series_id < b.series_id
 AND CAST(SUBSTR(b.period_start, 1, 4) AS INTEGER)
     BETWEEN CAST(SUBSTR(a.period_start, 1, 4) AS INTEGER) - 1
         AND CAST(SUBSTR(a.period_start, 1, 4) AS INTEGER) + 1
WHERE a.statistic = 'count'
  AND ABS((CAST(SUBSTR(a.period_start, 1, 4) AS INTEGER) * 12 + CAST(SUBSTR(a.period_start, 6, 2) AS INTEGER))
        - (CAST(SUBSTR(b.period_start, 1, 4) AS INTEGER) * 12 + CAST(SUBSTR(b.period_start, 6, 2) AS INTEGER))) <= 12
  AND ABS(a.value - b.value) > 0.25 * (CASE WHEN a.value > b.value THEN a.value ELSE b.value END)
