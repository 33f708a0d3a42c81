-- rule: values.normalised
-- severity: warning
-- table: figures
-- restates: provenance.normalised-value
-- description: A figure whose printed token had to be normalised to give its value (a
--   misprint, a merged or split token). The curator must see the printed form and the reason.
-- explain: A printed token normalised to give its value.
-- message: {figure_id}: printed {printed}, read as {value}: {note}
SELECT figure_id AS finding_key, figure_id, printed, value, note, provenance_id
FROM {batch}
WHERE note IS NOT NULL AND note <> ''
