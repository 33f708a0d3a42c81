-- rule: part-whole.sum-mismatch
-- severity: warning
-- table: part_whole
-- description: Parts that together make up a whole (an exhaustive breakdown) must add up to it.
--   Each row is one part; the finding lists the whole, every part and their sum.
-- message: {relation_id}: the parts add up to {parts_sum}, but the whole is {whole_value} ({whole_figure_id})
SELECT relation_id AS finding_key, relation_id, whole_figure_id, whole_value, parts_sum,
       part_figure_id, part_value, whole_provenance_id, part_provenance_id,
       relation_provenance_id
FROM (
  SELECT r.relation_id, w.figure_id AS whole_figure_id, w.value AS whole_value,
         w.provenance_id AS whole_provenance_id, p.figure_id AS part_figure_id,
         p.value AS part_value, p.provenance_id AS part_provenance_id,
         r.provenance_id AS relation_provenance_id,
         SUM(p.value) OVER (PARTITION BY r.relation_id) AS parts_sum
  FROM {batch} r
  JOIN figures w ON w.figure_id = r.whole_figure_id
  JOIN figures p ON p.figure_id = r.part_figure_id
  WHERE r.exhaustive = TRUE
) t
WHERE ABS(parts_sum - whole_value) > 0.000000001 * ABS(whole_value)
