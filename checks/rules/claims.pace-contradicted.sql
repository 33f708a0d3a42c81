-- rule: claims.pace-contradicted
-- severity: warning
-- table: claims
-- description: The narrative says a change was slow or sharp, but the first and last figures
--   of the series inside the claim's period say otherwise. Thresholds (first to last):
--   a "slow" rise must not more than double (ratio <= 2); a "slow" fall must not lose more
--   than half (ratio >= 0.5); a "sharp" rise must gain at least a quarter (ratio >= 1.25);
--   a "sharp" fall must lose at least a quarter (ratio <= 0.75).
-- explain: A claim of a slow or sharp change against the first and last figures of the period
--   (slow rise ≤ ×2, sharp fall ≤ ×0.75, …).
-- message: {claim_id}: the text says "{pace} {direction}", but {series_id} went from {first_value} ({first_period_start}) to {last_value} ({last_period_start})
SELECT claim_id AS finding_key, claim_id, pace, direction, series_id,
       first_value, first_period_start, last_value, last_period_start,
       claim_provenance_id, first_provenance_id, last_provenance_id
FROM (
  SELECT c.claim_id, c.pace, c.direction, f.series_id,
         c.provenance_id AS claim_provenance_id,
         FIRST_VALUE(f.value) OVER w AS first_value,
         FIRST_VALUE(f.period_start) OVER w AS first_period_start,
         FIRST_VALUE(f.provenance_id) OVER w AS first_provenance_id,
         LAST_VALUE(f.value) OVER w AS last_value,
         LAST_VALUE(f.period_start) OVER w AS last_period_start,
         LAST_VALUE(f.provenance_id) OVER w AS last_provenance_id,
         COUNT(*) OVER w AS figures_in_period,
         ROW_NUMBER() OVER w AS position
  FROM {batch} c
  JOIN figures f
    ON f.organisation = c.organisation AND f.measure = c.measure AND COALESCE(f.statistic = c.statistic, f.statistic IN ('count', 'amount', 'share', 'ratio', 'average'))
   AND f.period_start >= c.period_start AND f.period_start <= c.period_end
  WHERE c.pace IS NOT NULL AND c.direction IN ('rise', 'fall')
  WINDOW w AS (PARTITION BY c.claim_id, f.series_id ORDER BY f.period_start
               ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
) t
WHERE position = 1 AND figures_in_period >= 2 AND first_value > 0 AND (
     (pace = 'slow'  AND direction = 'rise' AND 1.0 * last_value / first_value > 2.0)
  OR (pace = 'slow'  AND direction = 'fall' AND 1.0 * last_value / first_value < 0.5)
  OR (pace = 'sharp' AND direction = 'rise' AND 1.0 * last_value / first_value < 1.25)
  OR (pace = 'sharp' AND direction = 'fall' AND 1.0 * last_value / first_value > 0.75)
)
