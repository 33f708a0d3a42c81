-- rule: claims.pace-word-mismatch
-- severity: critical
-- table: claims
-- description: A claim's printed pace words (pace_printed) must say the pace it records: read
--   with tekser's pace lexicon (lexicons/pace.json, the words of each language that say a
--   change was sharp or slow), they say another pace, or a pace where the claim records none,
--   or no word of the lexicon is among them (add it to the lexicon, as data, or check them).
-- explain: A claim's printed pace words (`pace_printed`), read with the pace lexicon
--   (`lexicons/pace.json`), do not say the pace the claim records.
-- message: {claim_id}: the printed words "{pace_printed}" and the recorded pace {pace} disagree: {problem}
SELECT c.claim_id AS finding_key, c.claim_id, c.language, c.pace, c.pace_printed,
       w.word, w.pace AS word_pace,
       CASE WHEN w.claim_id IS NULL THEN 'no word of the pace lexicon of ' || c.language
            WHEN c.pace IS NULL THEN '"' || w.word || '" says ' || w.pace || ', the claim records no pace'
            ELSE '"' || w.word || '" says ' || w.pace END AS problem,
       c.provenance_id
FROM {batch} c
LEFT JOIN tekser_pace_words w ON w.claim_id = c.claim_id
WHERE c.pace_printed IS NOT NULL AND c.pace_printed <> ''
  AND (w.claim_id IS NULL OR c.pace IS NULL OR w.pace <> c.pace)
