-- rule: relations.invalid
-- severity: critical
-- table: relations
-- requires: figures
-- description: A relation that cannot be evaluated as written: its result is one of its own
--   terms; its rows name different kinds; a figure it names has no value or a scale tekser
--   does not know; the terms of a sum, difference, average or restatement are in units that
--   do not add up (dollars and persons); a growth without one later (+) and one earlier (-)
--   term; a division by a figure that is, or may be within its rounding, zero. (A term naming
--   no figure is structure's foreign-key finding; a coefficient that is not a number, its
--   type finding; one that is not finite or past ±10^15 (NaN, an infinity, 1e999), its
--   constraint finding.)
-- explain: A relation that cannot be evaluated: units that do not add up, a result among its
--   own terms, an unknown scale, a growth without a later and an earlier term, a division by
--   what may be zero.
-- message: {relation_id} (reading {reading}, {equation}) cannot be evaluated: {problem}
SELECT r.relation_id AS finding_key, r.relation_id, e.reading, e.kind, e.equation,
       e.problem, r.term, r.term_figure_id,
       t.provenance_id AS term_provenance_id, r.provenance_id AS relation_provenance_id
FROM {batch} r
JOIN tekser_equations e ON e.relation_id = r.relation_id AND e.reading = r.reading
LEFT JOIN figures t ON t.figure_id = r.term_figure_id
WHERE e.status = 'invalid'
