-- rule: figures.base-missing
-- severity: critical
-- table: figures
-- description: A share names the figure that is its base (base_figure_id), and that figure
--   must be in the package.
-- explain: The base a share names (`base_figure_id`) is not a figure of the package.
-- message: {figure_id}: its base {base_figure_id} is not a figure of the package
SELECT f.figure_id AS finding_key, f.figure_id, f.base_figure_id, f.value, f.provenance_id
FROM {batch} f
LEFT JOIN figures b ON b.figure_id = f.base_figure_id
WHERE f.base_figure_id IS NOT NULL AND f.base_figure_id <> '' AND b.figure_id IS NULL
