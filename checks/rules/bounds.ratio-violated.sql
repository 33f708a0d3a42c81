-- rule: bounds.ratio-violated
-- severity: warning
-- table: bounds
-- description: A ratio the source itself bounds — e.g. "no cell with fewer than three members"
--   — broken by its own figures of the same organisation at the same date.
-- explain: A ratio the source bounds (no fewer than so many of one thing per another) broken by
--   its figures.
-- message: {organisation} on {period_start}: {numerator_value} {numerator} for {denominator_value} {denominator} is {ratio} per unit, outside the bound [{minimum}, {maximum}] of {bound_id}
SELECT b.bound_id || ':' || n.figure_id AS finding_key, b.bound_id, n.organisation,
       n.period_start, b.numerator, n.value AS numerator_value, b.denominator,
       d.value AS denominator_value, ROUND(1.0 * n.value / d.value, 2) AS ratio,
       b.minimum, b.maximum, b.provenance_id AS bound_provenance_id,
       n.provenance_id AS numerator_provenance_id, d.provenance_id AS denominator_provenance_id
FROM {batch} b
JOIN figures n ON n.measure = b.numerator AND n.statistic = 'count'
JOIN figures d ON d.measure = b.denominator AND d.statistic = 'count'
 AND d.organisation = n.organisation AND d.period_start = n.period_start
 AND d.period_end = n.period_end AND d.source_id = n.source_id
WHERE (b.organisation = 'all' OR b.organisation = n.organisation)
  AND n.period_start >= b.period_start AND n.period_start <= b.period_end
  AND d.value > 0
  AND ((b.minimum IS NOT NULL AND 1.0 * n.value / d.value < b.minimum)
    OR (b.maximum IS NOT NULL AND 1.0 * n.value / d.value > b.maximum))
