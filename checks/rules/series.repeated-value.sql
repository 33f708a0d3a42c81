-- rule: series.repeated-value
-- severity: warning
-- table: figures
-- description: The same value at two consecutive dates of one series. Counts of a living
--   organisation rarely repeat exactly; a repeat is often a figure copied from the line above,
--   in the source or in our transcription. A repeated 0 (none, then none again) is not one.
-- explain: The same value at consecutive dates of one series (a repeated 0 is not flagged).
-- message: {series_id}: {value} on {previous_period_start} and again on {period_start}
SELECT figure_id AS finding_key, series_id, previous_figure_id, figure_id, value,
       previous_period_start, period_start, previous_provenance_id, provenance_id
FROM (
  SELECT figure_id, series_id, value, period_start, provenance_id,
         LAG(value) OVER (PARTITION BY series_id ORDER BY period_start) AS previous_value,
         LAG(figure_id) OVER (PARTITION BY series_id ORDER BY period_start) AS previous_figure_id,
         LAG(period_start) OVER (PARTITION BY series_id ORDER BY period_start) AS previous_period_start,
         LAG(provenance_id) OVER (PARTITION BY series_id ORDER BY period_start) AS previous_provenance_id
  FROM {batch}
  WHERE statistic = 'count'
) t
WHERE value = previous_value AND value <> 0
