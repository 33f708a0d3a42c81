-- rule: events.figure-outside-life
-- severity: warning
-- table: events
-- requires: figures
-- description: A figure of an organisation dated wholly before the organisation's founding, or
--   wholly after its dissolution (an event of kind `founding` or `dissolution` whose `body`
--   is the figure's `organisation`): nothing is earned, counted or paid by a body before it
--   exists or after it ends. Either a date is misread or misprinted, or the figure belongs to
--   a predecessor; both quotes are shown.
-- message: {organisation}: {figure_id} is dated {period_start}…{period_end}, {relation} its {kind} ({event_start}…{event_end}, {event_id})
-- index: figures (organisation)
SELECT e.event_id AS finding_key, e.event_id, e.kind, e.body AS organisation,
       e.period_start AS event_start, e.period_end AS event_end,
       CASE WHEN e.kind = 'founding' THEN 'before' ELSE 'after' END AS relation,
       f.figure_id, f.period_start, f.period_end,
       e.provenance_id AS event_provenance_id, f.provenance_id AS figure_provenance_id
FROM {batch} e
JOIN figures f ON f.organisation = e.body
WHERE (e.kind = 'founding' AND f.period_end < e.period_start)
   OR (e.kind = 'dissolution' AND f.period_start > e.period_end)
