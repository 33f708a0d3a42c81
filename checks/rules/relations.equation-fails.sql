-- rule: relations.equation-fails
-- severity: warning
-- table: relations
-- requires: figures
-- description: An equation the source states between its figures (a sum, a difference, a
--   weighted sum, an average, a product, a ratio, a growth or a restatement: `relations`)
--   that does not hold in any of its readings. Each reading is evaluated exactly, in
--   decimals at each figure's scale (tekser_equations); its tolerance is what the printed
--   precision of the result and of every term allows (half a unit of each last printed
--   digit, carried through the equation), so a difference within it is
--   relations.rounding's, and a failing reading beside one that holds is
--   relations.reading-fails'. Each row is one term of the failing reading, with its quote.
-- explain: An equation the source states (`relations`: a sum, difference, weighted sum,
--   average, product, ratio, growth or restatement) holds in none of its readings, evaluated
--   exactly in decimals; the tolerance is the printed precision of the result and every term
--   carried through the equation, and each term is listed with its quote.
-- message: {relation_id}: {verdict}; reading {reading} ({equation}): the terms give {computed}, but {result_figure_id} is {result_value} — a difference of {difference}, beyond the ±{tolerance} the printed precision allows
SELECT r.relation_id AS finding_key, r.relation_id,
       CASE WHEN e.readings > 1 THEN 'none of its ' || CAST(e.readings AS VARCHAR) || ' readings holds'
            ELSE 'the ' || e.kind || ' does not hold' END AS verdict,
       e.reading, e.kind, e.equation, e.result_figure_id, e.result_value, e.computed,
       e.difference, e.tolerance, r.term, r.sign, r.coefficient, r.term_figure_id,
       t.value AS term_value, r.weight_figure_id, w.value AS weight_value,
       x.provenance_id AS result_provenance_id, t.provenance_id AS term_provenance_id,
       w.provenance_id AS weight_provenance_id, r.provenance_id AS relation_provenance_id
FROM {batch} r
JOIN tekser_equations e ON e.relation_id = r.relation_id AND e.reading = r.reading
LEFT JOIN figures x ON x.figure_id = e.result_figure_id
LEFT JOIN figures t ON t.figure_id = r.term_figure_id
LEFT JOIN figures w ON w.figure_id = r.weight_figure_id
WHERE e.status = 'fails' AND e.readings_holding = 0
