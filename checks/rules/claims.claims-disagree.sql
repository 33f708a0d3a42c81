-- rule: claims.claims-disagree
-- severity: warning
-- table: claims
-- description: Two claims of the narrative on the same organisation and measure, over periods
--   that overlap, that say different things: one that it rose and the other that it fell (or
--   that there were none), or both that it rose (fell) but one sharply and the other slowly.
--   The text contradicts itself, or the two claims speak of different things (another base,
--   another part of the period) that a curator must tell apart.
-- explain: Two claims on one organisation and measure, over overlapping periods, disagree: rise
--   against fall (or "none"), or sharp against slow.
-- message: {organisation} {measure}: {claim_id} says "{says}" ({period_start}…{period_end}) but {other_claim_id} says "{other_says}" ({other_period_start}…{other_period_end})
SELECT a.claim_id || '|' || b.claim_id AS finding_key, a.organisation, a.measure,
       CASE WHEN a.direction = b.direction THEN 'pace' ELSE 'direction' END AS disagreement,
       a.claim_id, COALESCE(a.pace || ' ', '') || a.direction AS says,
       a.period_start, a.period_end,
       b.claim_id AS other_claim_id, COALESCE(b.pace || ' ', '') || b.direction AS other_says,
       b.period_start AS other_period_start, b.period_end AS other_period_end,
       a.provenance_id, b.provenance_id AS other_provenance_id
FROM {batch} a
JOIN claims b
  ON b.organisation = a.organisation AND b.measure = a.measure AND a.claim_id < b.claim_id
 AND COALESCE(a.statistic, 'actual') = COALESCE(b.statistic, 'actual')
WHERE a.period_start <= b.period_end AND b.period_start <= a.period_end
  AND ((a.direction IN ('rise', 'fall') AND b.direction IN ('rise', 'fall')
        AND a.direction <> b.direction)
    OR (a.direction = 'absent' AND b.direction <> 'absent')
    OR (b.direction = 'absent' AND a.direction <> 'absent')
    OR (a.direction = b.direction AND a.direction IN ('rise', 'fall')
        AND a.pace IS NOT NULL AND b.pace IS NOT NULL AND a.pace <> b.pace))
