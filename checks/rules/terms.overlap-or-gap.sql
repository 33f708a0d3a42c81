-- rule: terms.overlap-or-gap
-- severity: warning
-- table: terms
-- description: Successive holders of one office, in one language version, whose terms overlap
--   (the next begins in a year before the last ends) or leave a gap of more than a year.
--   Terms are compared by year: a handover inside one year is neither.
-- explain: Successive holders of an office overlap or leave a gap (by year).
-- message: {language}: {previous_person} holds office to {previous_period_end} but {person} from {period_start} ({kind})
SELECT term_id AS finding_key, language, office, previous_person, previous_period_end,
       previous_term_id, person, term_id, period_start,
       CASE WHEN start_year < previous_end_year THEN 'overlap' ELSE 'gap' END AS kind,
       previous_provenance_id, provenance_id
FROM (
  SELECT term_id, language, office, person, period_start, provenance_id,
         CAST(SUBSTR(period_start, 1, 4) AS INTEGER) AS start_year,
         LAG(person) OVER w AS previous_person,
         LAG(term_id) OVER w AS previous_term_id,
         LAG(period_end) OVER w AS previous_period_end,
         CAST(SUBSTR(LAG(period_end) OVER w, 1, 4) AS INTEGER) AS previous_end_year,
         LAG(provenance_id) OVER w AS previous_provenance_id
  FROM {batch}
  WINDOW w AS (PARTITION BY source_id, language, office
               ORDER BY period_start, period_end, person, term_id)
) x
WHERE previous_person IS NOT NULL AND previous_person <> person
  AND (start_year < previous_end_year OR start_year > previous_end_year + 1)
