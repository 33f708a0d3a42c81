-- rule: shares.complements-bases-differ
-- severity: warning
-- table: figures
-- description: Shares the source states as complements of one whole (one complement_group:
--   "65 % … while the remaining 35 % …") must be shares of the same base. When one is a share
--   of households and the other of population, they add up to 100 % only by switching the
--   base, and neither is the complement of the other.
-- explain: Shares stated as complements (`complement_group`) are shares of different bases.
-- message: {complement_group}: {figure_id} ({value} {unit} of {base}) and {other_figure_id} ({other_value} {other_unit} of {other_base}) are stated as complements, but their bases differ
SELECT a.complement_group AS finding_key, a.complement_group,
       a.figure_id, a.value, a.unit, COALESCE(a.base, a.base_figure_id) AS base,
       b.figure_id AS other_figure_id, b.value AS other_value, b.unit AS other_unit,
       COALESCE(b.base, b.base_figure_id) AS other_base,
       a.provenance_id, b.provenance_id AS other_provenance_id
FROM {batch} a
JOIN figures b ON b.complement_group = a.complement_group AND a.figure_id < b.figure_id
WHERE COALESCE(a.base, '') <> COALESCE(b.base, '')
   OR (a.base_figure_id IS NOT NULL AND b.base_figure_id IS NOT NULL
       AND a.base_figure_id <> b.base_figure_id)
