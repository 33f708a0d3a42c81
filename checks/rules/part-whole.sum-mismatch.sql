-- rule: part-whole.sum-mismatch
-- severity: warning
-- table: part_whole
-- description: Parts that together make up a whole (an exhaustive breakdown) must add up to it,
--   within what the rounding of the printed figures allows: half a unit of the last printed
--   digit of the whole and of each part (tekser_values; a value read through a note has no
--   printed precision, and its breakdown must add up exactly). A smaller difference is
--   part-whole.rounding's. Each row is one part; the finding lists the whole, every part,
--   their sum, the difference and the tolerance.
-- explain: The parts of an exhaustive breakdown do not add up to the whole beyond rounding; the
--   records carry the difference and the tolerance.
-- message: {relation_id}: the parts add up to {parts_sum}, but the whole is {whole_value} ({whole_figure_id})
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
  WHERE r.exhaustive = TRUE
  WINDOW k AS (PARTITION BY r.relation_id)
) t
WHERE ABS(parts_sum - whole_value) > tolerance + 0.000000001 * ABS(whole_value)
