-- rule: claims.magnitude-contradicted
-- severity: warning
-- table: claims
-- description: A claim that states how much a series changed (magnitude: a multiple, "в 2,5
--   раза", "вдвое"; a percent-change, "на 40 %"; a difference, in the unit and scale of the
--   figures) against the first and last figures of the series inside its period. Each printed
--   number is taken as exact to half a unit of its last printed digit (tekser_values), the
--   magnitude too ("вдвое", 2, is 1.5…2.5; "в 2,5 раза" 2.45…2.55): the claim is contradicted
--   only when no values within those roundings give the stated magnitude.
-- explain: A stated multiple, percent change or difference (`magnitude`) disagrees with the
--   first and last figures of the period, beyond printed precision.
-- message: {claim_id}: the text says "{magnitude_printed}" ({magnitude_kind} {magnitude}, {direction}), but {series_id} went from {first_value} ({first_period_start}) to {last_value} ({last_period_start}): {measured}, {lowest}…{highest} within the printed rounding
SELECT claim_id || '|' || series_id AS finding_key, claim_id, direction, magnitude_kind,
       magnitude, magnitude_printed, series_id, first_value, first_period_start, last_value,
       last_period_start, ROUND(measured, 3) AS measured, ROUND(lowest, 3) AS lowest,
       ROUND(highest, 3) AS highest, claim_provenance_id, first_provenance_id,
       last_provenance_id
FROM (
  SELECT m.*,
         CASE WHEN magnitude_kind = 'multiple' AND direction = 'rise' THEN 1.0 * last_value / first_value
              WHEN magnitude_kind = 'multiple' THEN 1.0 * first_value / last_value
              WHEN magnitude_kind = 'percent-change' AND direction = 'rise' THEN 100.0 * (1.0 * last_value / first_value - 1)
              WHEN magnitude_kind = 'percent-change' THEN 100.0 * (1 - 1.0 * last_value / first_value)
              WHEN direction = 'rise' THEN last_value - first_value
              ELSE first_value - last_value END AS measured,
         CASE WHEN magnitude_kind = 'multiple' AND direction = 'rise' THEN (last_value - last_half) / (first_value + first_half)
              WHEN magnitude_kind = 'multiple' THEN (first_value - first_half) / (last_value + last_half)
              WHEN magnitude_kind = 'percent-change' AND direction = 'rise' THEN 100.0 * ((last_value - last_half) / (first_value + first_half) - 1)
              WHEN magnitude_kind = 'percent-change' THEN 100.0 * (1 - (last_value + last_half) / (first_value - first_half))
              WHEN direction = 'rise' THEN (last_value - last_half) - (first_value + first_half)
              ELSE (first_value - first_half) - (last_value + last_half) END AS lowest,
         CASE WHEN magnitude_kind = 'multiple' AND direction = 'rise' THEN (last_value + last_half) / (first_value - first_half)
              WHEN magnitude_kind = 'multiple' THEN (first_value + first_half) / (last_value - last_half)
              WHEN magnitude_kind = 'percent-change' AND direction = 'rise' THEN 100.0 * ((last_value + last_half) / (first_value - first_half) - 1)
              WHEN magnitude_kind = 'percent-change' THEN 100.0 * (1 - (last_value - last_half) / (first_value + first_half))
              WHEN direction = 'rise' THEN (last_value + last_half) - (first_value - first_half)
              ELSE (first_value + first_half) - (last_value - last_half) END AS highest
  FROM (
    SELECT c.claim_id, c.direction, c.magnitude_kind, c.magnitude, c.magnitude_printed,
           f.series_id, c.provenance_id AS claim_provenance_id,
           0.5 * COALESCE(cv.last_digit, 0) AS magnitude_half,
           FIRST_VALUE(f.value) OVER w AS first_value,
           FIRST_VALUE(0.5 * COALESCE(fv.last_digit, 0)) OVER w AS first_half,
           FIRST_VALUE(f.period_start) OVER w AS first_period_start,
           FIRST_VALUE(f.provenance_id) OVER w AS first_provenance_id,
           LAST_VALUE(f.value) OVER w AS last_value,
           LAST_VALUE(0.5 * COALESCE(fv.last_digit, 0)) OVER w AS last_half,
           LAST_VALUE(f.period_start) OVER w AS last_period_start,
           LAST_VALUE(f.provenance_id) OVER w AS last_provenance_id,
           COUNT(*) OVER w AS figures_in_period,
           ROW_NUMBER() OVER w AS position
    FROM {batch} c
    JOIN figures f
      ON f.organisation = c.organisation AND f.measure = c.measure
     AND COALESCE(f.statistic = c.statistic, f.statistic IN ('count', 'amount', 'share', 'ratio', 'average'))
     AND f.period_start >= c.period_start AND f.period_start <= c.period_end
    LEFT JOIN tekser_values cv ON cv.table_name = 'claims' AND cv.record_id = c.claim_id
    LEFT JOIN tekser_values fv ON fv.table_name = 'figures' AND fv.record_id = f.figure_id
    WHERE c.magnitude IS NOT NULL AND c.magnitude_kind IS NOT NULL
      AND c.direction IN ('rise', 'fall')
    WINDOW w AS (PARTITION BY c.claim_id, f.series_id ORDER BY f.period_start
                 ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
  ) m
  WHERE position = 1 AND figures_in_period >= 2
    AND first_value - first_half > 0 AND last_value - last_half > 0
) t
WHERE highest < magnitude - magnitude_half OR lowest > magnitude + magnitude_half
