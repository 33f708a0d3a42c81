-- rule: announcements.data-missing
-- severity: warning
-- table: announcements
-- description: The text announces data ("changed as follows:") that the source does not
--   contain: no figure of that organisation and measure falls in the announced period.
--   A truncated source, a lost table, or a scrape that stopped short.
-- message: {announcement_id}: the text announces {organisation} {measure} for {period_start}…{period_end}, but the source gives no such figure
SELECT a.announcement_id AS finding_key, a.announcement_id, a.organisation, a.measure,
       a.period_start, a.period_end, a.provenance_id
FROM {batch} a
LEFT JOIN figures f
  ON f.organisation = a.organisation AND f.measure = a.measure
 AND f.period_start <= a.period_end AND f.period_end >= a.period_start
WHERE f.figure_id IS NULL
