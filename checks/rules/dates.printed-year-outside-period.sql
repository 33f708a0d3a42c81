-- rule: dates.printed-year-outside-period
-- severity: warning
-- table: tekser_printed_years
-- restates: provenance.normalised-date
-- description: A year printed in a date that lies outside the period the source covers
--   (sources.period_start … period_end): a misprint such as 1391 for 1931, or a date the
--   source cannot mean. The curator sees the printed form beside our reading of it. A target
--   or plan (figures of statistic target, plan) may name a year after the source's period.
-- explain: A year printed in a date lies outside the period the source covers — a misprint the
--   curator must see in its printed form.
-- message: {table_name} {record_id}: printed year {token} ("{date_printed}") lies outside the source's period {source_start}…{source_end}; read as {period_start}…{period_end}
SELECT y.source_id || ':' || CAST(p.start AS VARCHAR) || ':' || y.token AS finding_key,
       y.table_name, y.record_id, y.token, y.date_printed, y.period_start, y.period_end,
       y.date_note, s.period_start AS source_start, s.period_end AS source_end,
       y.provenance_id
FROM {batch} y
JOIN sources s ON s.source_id = y.source_id
JOIN provenance p ON p.provenance_id = y.provenance_id
LEFT JOIN tekser_values t
  ON t.table_name = y.table_name AND t.record_id = y.record_id
 AND t.statistic IN ('target', 'plan')
WHERE y.year_printed < CAST(SUBSTR(s.period_start, 1, 4) AS INTEGER)
   OR (y.year_printed > CAST(SUBSTR(s.period_end, 1, 4) AS INTEGER) AND t.record_id IS NULL)
