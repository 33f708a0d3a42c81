-- rule: announcements.data-missing
-- severity: warning
-- table: announcements
-- description: The text announces data ("changed as follows:") that the source does not
--   contain. A figure (kind empty or `figure`) is there when any figure of that organisation
--   and measure falls in the announced period. A table or a list is there only when figures of
--   it are stated at or after the announcement, as many as it announces (announced_count) or
--   else more than one: a running-text figure elsewhere does not make up a lost table. A
--   truncated source, a lost table, or a scrape that stopped short.
-- explain: Data the text announces that the source does not contain; a table or list (`kind`)
--   counts only if figures are stated at or after the announcement, more than one (or
--   `announced_count`).
-- message: {announcement_id}: the text announces {organisation} {measure} for {period_start}…{period_end}, but the source does not give it
SELECT a.announcement_id AS finding_key, a.announcement_id, a.organisation, a.measure,
       a.period_start, a.period_end, a.provenance_id
FROM {batch} a
LEFT JOIN (
  SELECT n.announcement_id, COUNT(f.figure_id) AS stated
  FROM announcements n
  LEFT JOIN provenance np ON np.provenance_id = n.provenance_id
  JOIN figures f
    ON f.organisation = n.organisation AND f.measure = n.measure
   AND f.period_start <= n.period_end AND f.period_end >= n.period_start
  LEFT JOIN provenance fp ON fp.provenance_id = f.provenance_id
  WHERE n.kind IS NULL OR n.kind = 'figure'
     OR (fp.source_id = np.source_id AND fp.start >= np.start)
  GROUP BY n.announcement_id
) s ON s.announcement_id = a.announcement_id
WHERE COALESCE(s.stated, 0) < CASE WHEN a.announced_count IS NOT NULL THEN a.announced_count
                                   WHEN a.kind IN ('table', 'list') THEN 2 ELSE 1 END
