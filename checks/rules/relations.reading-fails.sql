-- rule: relations.reading-fails
-- severity: info
-- table: relations
-- requires: figures
-- description: A reading of a relation that fails while another reading of the same relation
--   holds (the dividend is on the whole capital, not on the preferred shares; the percentage
--   is of the year before, not of the first year): for the record, the source is read the
--   way that holds. When no reading holds, relations.equation-fails reports them all.
-- explain: One reading of a relation fails while another holds (a dividend on the whole
--   capital, not on the preferred shares).
-- message: {relation_id}: reading {reading} ({equation}) gives {computed} against {result_value} ({result_figure_id}), a difference of {difference} beyond ±{tolerance}; {holding} of its {readings} readings hold
SELECT r.relation_id AS finding_key, r.relation_id, e.reading, e.kind, e.equation,
       e.result_figure_id, e.result_value, e.computed, e.difference, e.tolerance,
       e.readings_holding AS holding, e.readings, r.term, r.term_figure_id,
       t.value AS term_value, r.weight_figure_id,
       x.provenance_id AS result_provenance_id, t.provenance_id AS term_provenance_id,
       w.provenance_id AS weight_provenance_id, r.provenance_id AS relation_provenance_id
FROM {batch} r
JOIN tekser_equations e ON e.relation_id = r.relation_id AND e.reading = r.reading
LEFT JOIN figures x ON x.figure_id = e.result_figure_id
LEFT JOIN figures t ON t.figure_id = r.term_figure_id
LEFT JOIN figures w ON w.figure_id = r.weight_figure_id
WHERE e.status = 'fails' AND e.readings_holding > 0
