-- rule: claims.unchecked
-- severity: info
-- table: claims
-- description: A claim of rise or fall that no series can check: no single series has two
--   figures of the claim's organisation and measure inside its period (the direction and pace
--   rules compare figures within one series). The narrative stands alone there.
-- explain: A claim no two figures can check.
-- message: {claim_id}: no series has two figures of {organisation} {measure} between {period_start} and {period_end} to check "{direction}" against
SELECT c.claim_id AS finding_key, c.claim_id, c.organisation, c.measure, c.direction,
       c.period_start, c.period_end, c.provenance_id
FROM {batch} c
LEFT JOIN (
  SELECT k.claim_id
  FROM claims k
  JOIN figures f
    ON f.organisation = k.organisation AND f.measure = k.measure AND COALESCE(f.statistic = k.statistic, f.statistic IN ('count', 'amount', 'share', 'ratio', 'average'))
   AND f.period_start >= k.period_start AND f.period_start <= k.period_end
  GROUP BY k.claim_id, f.series_id
  HAVING COUNT(*) >= 2
) checked ON checked.claim_id = c.claim_id
WHERE c.direction IN ('rise', 'fall') AND checked.claim_id IS NULL
