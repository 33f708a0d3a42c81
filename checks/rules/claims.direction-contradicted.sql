-- rule: claims.direction-contradicted
-- severity: warning
-- table: claims
-- description: The narrative says a series rose (or fell) over a period, but between two
--   consecutive figures of that series inside the period it moved the other way.
-- explain: The text says a series rose (fell, was absent) and two consecutive figures inside
--   the period say otherwise.
-- message: {claim_id}: the text says "{direction}", but {series_id} went from {previous_value} ({previous_period_start}) to {value} ({period_start})
SELECT c.claim_id AS finding_key, c.claim_id, c.direction, s.series_id,
       s.previous_figure_id, s.previous_value, s.previous_period_start,
       s.figure_id, s.value, s.period_start,
       c.provenance_id AS claim_provenance_id, s.previous_provenance_id, s.provenance_id
FROM {batch} c
JOIN (
  SELECT f.series_id, f.organisation, f.measure, f.figure_id, f.value, f.period_start,
         f.provenance_id,
         CASE WHEN f.statistic IN ('target', 'plan') THEN f.statistic ELSE 'actual' END AS kind,
         LAG(f.value) OVER w AS previous_value,
         LAG(f.figure_id) OVER w AS previous_figure_id,
         LAG(f.period_start) OVER w AS previous_period_start,
         LAG(f.provenance_id) OVER w AS previous_provenance_id
  FROM figures f
  WHERE f.statistic IN ('count', 'amount', 'share', 'ratio', 'average', 'target', 'plan')
    AND f.series_id IN (
      SELECT g.series_id FROM claims k JOIN figures g
        ON g.organisation = k.organisation AND g.measure = k.measure
      WHERE k.direction IN ('rise', 'fall'))
  WINDOW w AS (PARTITION BY f.series_id,
                 CASE WHEN f.statistic IN ('target', 'plan') THEN f.statistic ELSE 'actual' END
               ORDER BY f.period_start)
) s ON s.organisation = c.organisation AND s.measure = c.measure
   AND s.kind = COALESCE(c.statistic, 'actual')
WHERE c.direction IN ('rise', 'fall')
  AND s.previous_value IS NOT NULL
  AND s.previous_period_start >= c.period_start
  AND s.period_start <= c.period_end
  AND ((c.direction = 'rise' AND s.value < s.previous_value)
    OR (c.direction = 'fall' AND s.value > s.previous_value))
