"""The tonnage of ships: a sentence that counts ships and gives tons gives their tonnage,
register tons (a ship's capacity, a hundred cubic feet each), not the metric tonne of a
cargo's weight — "12 ships of 3,400 tons", "the 850 vessels measured 96,000 tons". There a
bare number set before such tons by the word "of" alone ("of them 9 of 2,100 tons") counts
ships, as its sentence does."""

from __future__ import annotations

import re
from itertools import pairwise

from tekser.authoring.drafting.model import Figure, SeedDraft

_SHIPS = "ships"
_WEIGHT = "tonnes"
_TONNAGE = "register-tons"
_OF = re.compile(r"\s+(?:of|di|de|da|von|af|van|om|с|в)\s+", re.IGNORECASE)
_CARRIED = ("", "neighbour", "passage", "list", "partner")


def _ships(figure: Figure, source: Figure) -> None:
    figure.take_unit(
        source.unit,
        source.measure,
        source.unit_statistic or "count",
        "noun",
        f"a number of ships of the tonnage after it, in a sentence that counts ships (as "
        f"{source.number.printed} does); check it",
    )


def ship_tonnage(draft: SeedDraft) -> None:
    """Tonnes in a sentence that counts ships are register tons (module docstring)."""
    seg = draft.seg
    ships = {seg.sentence(f.number.start): f for f in draft.figures if f.unit == _SHIPS}
    for figure in draft.figures:
        if figure.unit != _WEIGHT or seg.sentence(figure.number.start) not in ships:
            continue
        figure.unit = figure.measure = _TONNAGE
        figure.reasons.append(
            "tons in a sentence that counts ships: their tonnage, register tons; check it"
        )
    for first, second in pairwise(draft.figures):
        source = ships.get(seg.sentence(first.number.start))
        if source is None or second.unit != _TONNAGE or first.unit_from not in _CARRIED:
            continue
        if _OF.fullmatch(seg.raw[first.number.end : second.number.start]):
            _ships(first, source)
