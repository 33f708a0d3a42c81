-- rule: provenance.language-not-in-source
-- severity: critical
-- table: provenance
-- description: A quote's language must be one of the languages its source is written in
--   (sources.languages): otherwise the record points at the wrong version of the text.
-- explain: A quote's language is not one its source is written in.
-- message: {provenance_id}: language {language} is not among the source's languages ({languages})
SELECT p.provenance_id AS finding_key, p.provenance_id, p.language, s.languages
FROM {batch} p
JOIN sources s ON s.source_id = p.source_id
WHERE ' ' || s.languages || ' ' NOT LIKE '% ' || p.language || ' %'
