-- rule: languages.terms-disagree
-- severity: warning
-- table: terms
-- description: One person's term of office in one office, stated more than once (in the
--   language versions of the source, or in the abstract and the body), with different years.
--   Two statements of one term overlap; two separate terms of one person do not, and are
--   not compared.
-- explain: One person's term stated differently in the language versions.
-- message: {person}: the term is {period_start}…{period_end} in {language} ({term_id}) but {other_period_start}…{other_period_end} in {other_language} ({other_term_id})
SELECT a.person AS finding_key, a.person, a.office,
       a.term_id, a.language, a.period_start, a.period_end, a.provenance_id,
       b.term_id AS other_term_id, b.language AS other_language,
       b.period_start AS other_period_start, b.period_end AS other_period_end,
       b.provenance_id AS other_provenance_id
FROM {batch} a
JOIN terms b ON b.person = a.person AND b.office = a.office AND a.term_id < b.term_id
WHERE (a.period_start <> b.period_start OR a.period_end <> b.period_end)
  AND a.period_start <= b.period_end AND b.period_start <= a.period_end
