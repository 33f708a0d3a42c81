-- rule: dates.outside-source-period
-- severity: warning
-- table: tekser_periods
-- description: A dated statement whose period (as we read it) falls outside the period the
--   source covers: either the source speaks beyond its subject, or our reading is wrong. A
--   target or plan (figures of statistic target, plan) may look ahead, past the source's end.
-- explain: A period as read falls outside the source's period (a target or plan may look past
--   its end).
-- message: {table_name} {record_id}: period {period_start}…{period_end} lies outside the source's period {source_start}…{source_end}
SELECT d.table_name || ':' || d.record_id AS finding_key, d.table_name, d.record_id,
       d.period_start, d.period_end, d.date_printed, s.period_start AS source_start,
       s.period_end AS source_end, d.provenance_id
FROM {batch} d
JOIN sources s ON s.source_id = d.source_id
LEFT JOIN tekser_values t
  ON t.table_name = d.table_name AND t.record_id = d.record_id
 AND t.statistic IN ('target', 'plan')
WHERE d.period_start < s.period_start OR (d.period_end > s.period_end AND t.record_id IS NULL)
