-- rule: part-whole.rounding
-- severity: info
-- table: part_whole
-- description: Parts that differ from their whole (an exhaustive breakdown that does not add up
--   exactly, or parts of a non-exhaustive one that exceed it) by no more than the rounding of
--   the printed figures allows: half a unit of the last printed digit of the whole and of each
--   part (tekser_values). The source rounded; the curator sees the difference and the
--   tolerance, for the record.
-- explain: A breakdown that misses its whole only by the rounding of its printed figures.
-- message: {relation_id}: the parts add up to {parts_sum} against the whole {whole_value} ({whole_figure_id}): a difference of {difference}, within the ±{tolerance} the rounding of the printed figures allows
SELECT relation_id AS finding_key, relation_id, exhaustive, whole_figure_id, whole_value,
       parts_sum, parts_sum - whole_value AS difference, tolerance,
       part_figure_id, part_value, whole_provenance_id, part_provenance_id,
       relation_provenance_id
FROM (
  SELECT r.relation_id, r.exhaustive, w.figure_id AS whole_figure_id, w.value AS whole_value,
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
  WINDOW k AS (PARTITION BY r.relation_id)
) t
WHERE ABS(parts_sum - whole_value) > 0.000000001 * ABS(whole_value)
  AND ABS(parts_sum - whole_value) <= tolerance + 0.000000001 * ABS(whole_value)
  AND (exhaustive = TRUE OR parts_sum > whole_value)
