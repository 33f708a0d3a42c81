-- rule: events.restatements-disagree
-- severity: warning
-- table: events
-- description: One event (one event_key) stated more than once — in the language versions or
--   in different places of the text — with periods that do not overlap.
-- explain: One event stated twice with periods that do not overlap.
-- message: {event_key}: {period_start}…{period_end} in {language} ({event_id}) but {other_period_start}…{other_period_end} in {other_language} ({other_event_id})
SELECT a.event_key AS finding_key, a.event_key,
       a.event_id, a.language, a.period_start, a.period_end, a.provenance_id,
       b.event_id AS other_event_id, b.language AS other_language,
       b.period_start AS other_period_start, b.period_end AS other_period_end,
       b.provenance_id AS other_provenance_id
FROM {batch} a
JOIN events b ON b.event_key = a.event_key AND a.event_id < b.event_id
WHERE a.period_end < b.period_start OR b.period_end < a.period_start
