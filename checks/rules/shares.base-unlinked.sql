-- rule: shares.base-unlinked
-- severity: info
-- table: figures
-- description: A share that names its base (base, the measure of the whole) but links no base
--   figure, while the source gives a figure of that measure for the same period: the package
--   could link it (base_figure_id), so that the share is checked against it.
-- explain: A share names its base (`base`) but links no base figure, while the source gives
--   that measure for its period.
-- message: {figure_id}: a share of {base} with no base_figure_id, while {candidate_figure_id} gives {base} for {period_start}…{period_end}
SELECT s.figure_id AS finding_key, s.figure_id, s.value, s.unit, s.base, s.period_start,
       s.period_end, b.figure_id AS candidate_figure_id, b.value AS candidate_value,
       s.provenance_id, b.provenance_id AS candidate_provenance_id
FROM {batch} s
JOIN figures b
  ON b.measure = s.base AND b.source_id = s.source_id AND b.figure_id <> s.figure_id
 AND b.statistic IN ('count', 'amount') AND b.period_start <= s.period_end
 AND s.period_start <= b.period_end
WHERE s.statistic = 'share' AND s.base IS NOT NULL AND s.base_figure_id IS NULL
