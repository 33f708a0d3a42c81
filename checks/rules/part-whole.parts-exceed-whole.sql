-- rule: part-whole.parts-exceed-whole
-- severity: warning
-- table: part_whole
-- description: Parts that do not exhaust a whole ("of which …") may add up to less than it,
--   never to more — beyond what the rounding of the printed figures allows (half a unit of
--   the last printed digit of the whole and of each part, as part-whole.sum-mismatch; a
--   smaller excess is part-whole.rounding's).
-- explain: The parts of a non-exhaustive breakdown exceed the whole, beyond rounding.
-- message: {relation_id}: the parts add up to {parts_sum}, more than the whole {whole_value} ({whole_figure_id})
SELECT relation_id AS finding_key, relation_id, whole_figure_id, whole_value, parts_sum,
       parts_sum - whole_value AS difference, tolerance,
       part_figure_id, part_value, whole_provenance_id, part_provenance_id,
       relation_provenance_id
FROM (
  SELECT r.relation_id, w.figure_id AS whole_figure_id, w.value AS whole_value,
         w.provenance_id AS whole_provenance_id, p.figure_id AS part_figure_id,
         p.value AS part_value, p.provenance_id AS part_provenance_id,
         r.provenance_id AS relation_provenance_id,
         SUM(p.value) OVER k AS parts_sum,
         CASE WHEN wv.last_digit IS NULL
                OR SUM(CASE WHEN pv.last_digit IS NULL THEN 1 ELSE 0 END) OVER k > 0 THEN 0
              ELSE 0.5 * wv.last_digit + SUM(0.5 * pv.last_digit) OVER k END AS tolerance
  FROM {batch} r
  JOIN figures w ON w.figure_id = r.whole_figure_id
  JOIN figures p ON p.figure_id = r.part_figure_id
  LEFT JOIN tekser_values wv ON wv.table_name = 'figures' AND wv.record_id = w.figure_id
  LEFT JOIN tekser_values pv ON pv.table_name = 'figures' AND pv.record_id = p.figure_id
  WHERE r.exhaustive = FALSE
  WINDOW k AS (PARTITION BY r.relation_id)
) t
WHERE parts_sum - whole_value > tolerance + 0.000000001 * ABS(whole_value)
