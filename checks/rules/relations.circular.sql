-- rule: relations.circular
-- severity: warning
-- table: relations
-- requires: figures
-- description: Relations that go round: a relation's result is, through other relations, one
--   of its own terms (a = b + c and b = a - c state one fact twice; a = b + c and c = a + d
--   cannot both hold unless b and d cancel). Keep the one equation the source states, so
--   that each is checked once.
-- explain: Relations that go round (a = b + c, and b = a − c): one fact stated twice.
-- message: {relation_id} ({equation}) is circular: {problem}
SELECT r.relation_id AS finding_key, r.relation_id, e.reading, e.equation, e.problem,
       r.term_figure_id, r.provenance_id AS relation_provenance_id
FROM {batch} r
JOIN tekser_equations e ON e.relation_id = r.relation_id AND e.reading = r.reading
WHERE e.status = 'circular'
