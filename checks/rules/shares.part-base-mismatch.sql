-- rule: shares.part-base-mismatch
-- severity: warning
-- table: figures
-- description: A share the source states together with its part (part_figure_id) and its base
--   (base_figure_id), both as figures: the share must be part / base (× 100 in percent, × 1000
--   in per-mille), within the rounding of the three printed numbers (half a unit of the last
--   printed digit of each, tekser_values; scales applied).
-- explain: A share that names its part and its base as figures is not part / base, within the
--   rounding of all three.
-- message: {figure_id}: {value} {unit}, but {part_figure_id} / {base_figure_id} is {computed} ({lowest}…{highest} within the printed rounding)
SELECT figure_id AS finding_key, figure_id, value, unit, part_figure_id, part_value,
       base_figure_id, base_value, ROUND(computed, 3) AS computed, ROUND(lowest, 3) AS lowest,
       ROUND(highest, 3) AS highest, provenance_id, part_provenance_id, base_provenance_id
FROM (
  SELECT s.figure_id, s.value, s.unit, s.provenance_id, 0.5 * COALESCE(sv.last_digit, 0) AS share_half,
         p.figure_id AS part_figure_id, p.value AS part_value, p.provenance_id AS part_provenance_id,
         b.figure_id AS base_figure_id, b.value AS base_value, b.provenance_id AS base_provenance_id,
         u.whole * p.value * pv.scale_factor / (b.value * bv.scale_factor) AS computed,
         u.whole * (p.value - 0.5 * COALESCE(pv.last_digit, 0)) * pv.scale_factor
           / ((b.value + 0.5 * COALESCE(bv.last_digit, 0)) * bv.scale_factor) AS lowest,
         u.whole * (p.value + 0.5 * COALESCE(pv.last_digit, 0)) * pv.scale_factor
           / ((b.value - 0.5 * COALESCE(bv.last_digit, 0)) * bv.scale_factor) AS highest
  FROM {batch} s
  JOIN (SELECT 'percent' AS unit, 100.0 AS whole UNION ALL SELECT 'per-mille', 1000.0
        UNION ALL SELECT 'fraction', 1.0) u ON u.unit = s.unit
  JOIN figures p ON p.figure_id = s.part_figure_id
  JOIN figures b ON b.figure_id = s.base_figure_id
  JOIN tekser_values pv ON pv.table_name = 'figures' AND pv.record_id = p.figure_id
  JOIN tekser_values bv ON bv.table_name = 'figures' AND bv.record_id = b.figure_id
  LEFT JOIN tekser_values sv ON sv.table_name = 'figures' AND sv.record_id = s.figure_id
  WHERE s.statistic = 'share' AND b.value - 0.5 * COALESCE(bv.last_digit, 0) > 0
) t
WHERE highest < value - share_half OR lowest > value + share_half
