-- rule: figures.value-range
-- severity: critical
-- table: figures
-- description: A value outside what its statistic and unit allow: no value is negative, and a
--   share lies in 0…100 when in percent, 0…1000 when in per-mille. Ratios (plan fulfilment,
--   an index) may exceed 100 %; they are statistic `ratio`, not `share`.
-- explain: A negative value, or a share outside 0…100 % (0…1000 ‰).
-- message: {figure_id}: {statistic} {value} {unit} is outside {allowed}
SELECT figure_id AS finding_key, figure_id, statistic, unit, value, allowed, provenance_id
FROM (
  SELECT figure_id, statistic, unit, value, provenance_id,
         CASE WHEN statistic = 'share' AND unit = 'percent' THEN '0…100'
              WHEN statistic = 'share' AND unit = 'per-mille' THEN '0…1000'
              ELSE '0 or more' END AS allowed,
         CASE WHEN statistic = 'share' AND unit = 'percent' THEN 100
              WHEN statistic = 'share' AND unit = 'per-mille' THEN 1000 END AS maximum
  FROM {batch}
) t
WHERE value < 0 OR (maximum IS NOT NULL AND value > maximum)
