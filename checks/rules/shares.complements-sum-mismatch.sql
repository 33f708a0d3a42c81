-- rule: shares.complements-sum-mismatch
-- severity: warning
-- table: figures
-- description: Shares of one base stated as complements (one complement_group) must make up
--   the whole: 100 in percent, 1000 in per-mille, 1 as a fraction — within the rounding of
--   the printed shares (half a unit of the last printed digit of each, tekser_values). Shares
--   that add up to more than the whole, or to less, are a finding; a group whose bases differ
--   is shares.complements-bases-differ's.
-- explain: Complements of one base do not add up to 100 % (1000 ‰, 1), within the rounding of
--   the printed shares.
-- message: {complement_group}: the shares stated as complements add up to {shares_sum} {unit}, not {whole} (rounding allows ±{tolerance})
SELECT complement_group AS finding_key, complement_group, figure_id, value, unit,
       shares_sum, whole, tolerance, provenance_id
FROM (
  SELECT f.complement_group, f.figure_id, f.value, f.unit, f.provenance_id, u.whole,
         SUM(f.value) OVER g AS shares_sum,
         SUM(0.5 * COALESCE(v.last_digit, 0)) OVER g AS tolerance,
         MIN(COALESCE(f.base, '')) OVER g AS first_base,
         MAX(COALESCE(f.base, '')) OVER g AS last_base,
         MIN(f.unit) OVER g AS first_unit,
         MAX(f.unit) OVER g AS last_unit
  FROM {batch} f
  JOIN (SELECT 'percent' AS unit, 100.0 AS whole UNION ALL SELECT 'per-mille', 1000.0
        UNION ALL SELECT 'fraction', 1.0) u ON u.unit = f.unit
  LEFT JOIN tekser_values v ON v.table_name = 'figures' AND v.record_id = f.figure_id
  WHERE f.complement_group IS NOT NULL AND f.statistic = 'share'
  WINDOW g AS (PARTITION BY f.complement_group)
) t
WHERE first_base = last_base AND first_unit = last_unit
  AND ABS(shares_sum - whole) > tolerance + 0.000000001 * whole
