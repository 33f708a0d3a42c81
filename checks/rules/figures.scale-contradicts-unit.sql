-- rule: figures.scale-contradicts-unit
-- severity: critical
-- table: figures
-- description: A share (a unit of percent or per-mille) has no scale: "84,5 %" in thousands
--   means nothing. The scale belongs to quantities (thousands of hectares, millions of puds).
-- explain: A share (percent, per-mille) with a scale.
-- message: {figure_id}: a value in {unit} cannot be in the scale {scale}
SELECT figure_id AS finding_key, figure_id, unit, scale, value, provenance_id
FROM {batch}
WHERE unit IN ('percent', 'per-mille') AND scale IS NOT NULL AND scale <> ''
