-- rule: claims.absence-contradicted
-- severity: warning
-- table: claims
-- description: The narrative says there were none of something in a period ("there were no
--   MTS cells before 1931"), but a figure of that organisation and measure inside the period
--   is above zero.
-- explain: The text says there were none of something in a period, and a figure of that
--   organisation and measure inside the period is above zero.
-- message: {claim_id}: the text says there were none, but {series_id} gives {value} on {period_start}
SELECT c.claim_id AS finding_key, c.claim_id, f.series_id, f.figure_id, f.value,
       f.period_start, c.provenance_id AS claim_provenance_id, f.provenance_id
FROM {batch} c
JOIN figures f
  ON f.organisation = c.organisation AND f.measure = c.measure AND COALESCE(f.statistic = c.statistic, f.statistic IN ('count', 'amount', 'share', 'ratio', 'average'))
 AND f.period_start >= c.period_start AND f.period_start <= c.period_end
WHERE c.direction = 'absent' AND f.value > 0
