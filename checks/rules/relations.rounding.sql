-- rule: relations.rounding
-- severity: info
-- table: relations
-- requires: figures
-- description: A reading of a relation that does not hold exactly but within what the
--   printed precision of its figures allows (half a unit of each last printed digit, carried
--   through the equation): the source rounded; the curator sees the difference and the
--   tolerance, for the record.
-- explain: A reading of a relation that holds only within the printed precision.
-- message: {relation_id}: reading {reading} ({equation}) gives {computed} against {result_value} ({result_figure_id}): a difference of {difference}, within the ±{tolerance} the printed precision allows
SELECT r.relation_id AS finding_key, r.relation_id, e.reading, e.kind, e.equation,
       e.result_figure_id, e.result_value, e.computed, e.difference, e.tolerance,
       r.term, r.term_figure_id, t.value AS term_value,
       x.provenance_id AS result_provenance_id, t.provenance_id AS term_provenance_id,
       r.provenance_id AS relation_provenance_id
FROM {batch} r
JOIN tekser_equations e ON e.relation_id = r.relation_id AND e.reading = r.reading
LEFT JOIN figures x ON x.figure_id = e.result_figure_id
LEFT JOIN figures t ON t.figure_id = r.term_figure_id
WHERE e.status = 'rounding'
