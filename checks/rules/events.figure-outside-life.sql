-- rule: events.figure-outside-life
-- severity: warning
-- table: events
-- requires: figures
-- description: A figure dated wholly outside the life of what it counts: of an organisation
--   before its founding or after its dissolution (an event of kind `founding` or `dissolution`
--   whose `body` is the figure's `organisation`), or of a measure before it began or after it
--   ended (an event of kind `began` or `ended` whose `measure` is the figure's `measure`, of
--   the organisation in `body` when one is given: a tax collected after its abolition). Nothing
--   is earned, counted or paid by a body before it exists, nor collected under a measure that
--   has ended. Either a date is misread or misprinted, or the figure belongs to a predecessor;
--   both quotes are shown.
-- explain: A figure of an organisation dated wholly before its `founding` or after its
--   `dissolution` (events of those kinds whose `body` is the organisation), or a figure of a
--   measure dated wholly before it `began` or after it `ended` (events of those kinds whose
--   `measure` is the figure's, of the organisation in `body` when one is named: a duty's
--   receipts after its abolition).
-- message: {subject}: {figure_id} is dated {period_start}…{period_end}, {relation} ({event_start}…{event_end}, {event_id})
-- index: figures (organisation)
-- index: figures (measure)
SELECT e.event_id AS finding_key, e.event_id, e.kind,
       CASE WHEN e.kind IN ('founding', 'dissolution') THEN e.body ELSE e.measure END AS subject,
       e.period_start AS event_start, e.period_end AS event_end,
       CASE e.kind WHEN 'founding' THEN 'before its founding'
                   WHEN 'dissolution' THEN 'after its dissolution'
                   WHEN 'began' THEN 'before it began'
                   ELSE 'after it ended' END AS relation,
       f.figure_id, f.organisation, f.period_start, f.period_end,
       e.provenance_id AS event_provenance_id, f.provenance_id AS figure_provenance_id
FROM {batch} e
JOIN figures f
  ON (e.kind IN ('founding', 'dissolution') AND f.organisation = e.body)
  OR (e.kind IN ('began', 'ended') AND f.measure = e.measure
      AND (e.body IS NULL OR e.body = '' OR f.organisation = e.body))
WHERE (e.kind IN ('founding', 'began') AND f.period_end < e.period_start)
   OR (e.kind IN ('dissolution', 'ended') AND f.period_start > e.period_end)
