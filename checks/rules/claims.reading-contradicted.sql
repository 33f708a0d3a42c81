-- rule: claims.reading-contradicted
-- severity: warning
-- table: claims
-- description: A claim dated by years ("fell in 1931 and 1932") over a series of counts at
--   points in time (1 January of each year) can be read two ways: each year as the count at
--   its start (the steps into the years: from the count before the first year to the count of
--   the last) or as the change during it (the steps within the years: from the count of the
--   first year to the count after the last). The steps both readings share are
--   claims.direction-contradicted's; this rule checks the step only one reading takes (into
--   the first year, out of the last, a year at most) and names the reading it contradicts,
--   saying whether the other reading agrees.
-- explain: A claim dated by years over 1 January counts, checked on the one step only one
--   reading takes (into the first year, or out of the last); the finding names the reading and
--   says whether the other agrees.
-- message: {claim_id}: read as {reading}, "{direction}" is contradicted: {series_id} went from {previous_value} ({previous_period_start}) to {value} ({period_start}); read as {other_reading}, the figures {other_verdict}
SELECT claim_id || '|' || series_id || '|' || step AS finding_key, claim_id, direction,
       series_id, reading, previous_figure_id, previous_value, previous_period_start,
       figure_id, value, period_start, other_reading,
       CASE WHEN (step = 'into' AND shared_against + out_against > 0)
              OR (step = 'out' AND shared_against + into_against > 0) THEN 'disagree too'
            WHEN (step = 'into' AND shared_steps + out_steps = 0)
              OR (step = 'out' AND shared_steps + into_steps = 0) THEN 'give no step to check'
            ELSE 'agree' END AS other_verdict,
       claim_provenance_id, previous_provenance_id, provenance_id
FROM (
  SELECT t.*,
         CASE WHEN step = 'into' THEN 'the counts at the start of each year'
              ELSE 'the changes within each year' END AS reading,
         CASE WHEN step = 'into' THEN 'the changes within each year'
              ELSE 'the counts at the start of each year' END AS other_reading,
         SUM(CASE WHEN step = 'shared' THEN against ELSE 0 END) OVER k AS shared_against,
         SUM(CASE WHEN step = 'into' THEN against ELSE 0 END) OVER k AS into_against,
         SUM(CASE WHEN step = 'out' THEN against ELSE 0 END) OVER k AS out_against,
         SUM(CASE WHEN step = 'shared' THEN 1 ELSE 0 END) OVER k AS shared_steps,
         SUM(CASE WHEN step = 'into' THEN 1 ELSE 0 END) OVER k AS into_steps,
         SUM(CASE WHEN step = 'out' THEN 1 ELSE 0 END) OVER k AS out_steps
  FROM (
    SELECT c.claim_id, c.direction, c.provenance_id AS claim_provenance_id, s.series_id,
           s.previous_figure_id, s.previous_value, s.previous_period_start,
           s.previous_provenance_id, s.figure_id, s.value, s.period_start, s.provenance_id,
           CASE WHEN s.previous_period_start >= c.period_start
                 AND s.period_start <= c.period_end THEN 'shared'
                WHEN s.previous_period_start < c.period_start
                 AND s.period_start >= c.period_start AND s.period_start <= c.period_end
                 AND CAST(SUBSTR(s.previous_period_start, 1, 4) AS INTEGER)
                     >= CAST(SUBSTR(c.period_start, 1, 4) AS INTEGER) - 1 THEN 'into'
                WHEN s.previous_period_start >= c.period_start
                 AND s.previous_period_start <= c.period_end AND s.period_start > c.period_end
                 AND CAST(SUBSTR(s.period_start, 1, 4) AS INTEGER)
                     <= CAST(SUBSTR(c.period_end, 1, 4) AS INTEGER) + 1 THEN 'out'
           END AS step,
           CASE WHEN (c.direction = 'rise' AND s.value < s.previous_value)
                  OR (c.direction = 'fall' AND s.value > s.previous_value) THEN 1 ELSE 0
           END AS against
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
        AND f.period_start = f.period_end
        AND f.series_id IN (
          SELECT g.series_id FROM claims k JOIN figures g
            ON g.organisation = k.organisation AND g.measure = k.measure
          WHERE k.direction IN ('rise', 'fall'))
      WINDOW w AS (PARTITION BY f.series_id,
                     CASE WHEN f.statistic IN ('target', 'plan') THEN f.statistic ELSE 'actual' END
                   ORDER BY f.period_start)
    ) s ON s.organisation = c.organisation AND s.measure = c.measure
       AND s.kind = COALESCE(c.statistic, 'actual')
    WHERE c.direction IN ('rise', 'fall') AND c.date_precision IN ('year', 'years')
      AND s.previous_value IS NOT NULL
  ) t
  WHERE step IS NOT NULL
  WINDOW k AS (PARTITION BY claim_id, series_id)
) r
WHERE step IN ('into', 'out') AND against = 1
