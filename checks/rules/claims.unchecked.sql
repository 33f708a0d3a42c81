-- rule: claims.unchecked
-- severity: info
-- table: claims
-- description: A claim of rise or fall that fewer than two figures of its organisation and
--   measure inside its period can check: the narrative stands alone there.
-- message: {claim_id}: fewer than two figures of {organisation} {measure} between {period_start} and {period_end} to check "{direction}" against
SELECT c.claim_id AS finding_key, c.claim_id, c.organisation, c.measure, c.direction,
       c.period_start, c.period_end, c.provenance_id
FROM {batch} c
LEFT JOIN figures f
  ON f.organisation = c.organisation AND f.measure = c.measure AND f.statistic = 'count'
 AND f.period_start >= c.period_start AND f.period_start <= c.period_end
WHERE c.direction IN ('rise', 'fall')
GROUP BY c.claim_id, c.organisation, c.measure, c.direction, c.period_start, c.period_end,
         c.provenance_id
HAVING COUNT(f.figure_id) < 2
