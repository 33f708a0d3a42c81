"""Making a decision: a curator's action on a finding checked and appended to the log, a
retraction that undoes one, and a corrected value read as a curator types it. No rendering
here: the review screens, the desk and `tekser decide` all record through this module."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Protocol

from tekser.core.errors import TekserError
from tekser.core.findings import ACTIONS, RETRACT, Decision, Finding
from tekser.core.named import named_rows
from tekser.decisions.apply import evidence_hash
from tekser.decisions.log import append, default_reviewer, now, require_reason
from tekser.package.descriptor import Package, Row


class Figures(Protocol):
    """What a decision needs of the package: its figures by id (a review's context, or the
    figures table read for one correction)."""

    @property
    def figures(self) -> Mapping[str, Row]: ...


@dataclass(frozen=True, slots=True)
class FigureTable:
    """The package's figures by id, read for one decision (`Figures`)."""

    figures: Mapping[str, Row]

    @classmethod
    def read(
        cls, package: Package, finding: Finding | None = None, figure_id: str | None = None
    ) -> FigureTable:
        """The figures table of `package` (none without one); with `finding`, only the rows a
        correction of it can name — those it names (`figures_named` gives the same from
        them as from the whole table) and `figure_id` — each other row read, not kept."""
        if not package.has_table("figures"):
            return cls({})
        header, records = package.iter_records("figures")
        at = header.index("figure_id") if "figure_id" in header else None
        quoted = header.index("provenance_id") if "provenance_id" in header else None
        wanted = set(named_rows(finding, {}).get("figures", [])) if finding else set()
        if figure_id is not None:
            wanted.add(figure_id)
        spans = {item.provenance_id for item in finding.evidence} if finding else set()
        spans.discard(None)
        kept: dict[str, Row] = {}
        for record in records:  # every row read (a row the table cannot hold stops here)
            if at is None:
                continue
            if (
                finding is None
                or record[at] in wanted
                or (quoted is not None and record[quoted] in spans)
            ):
                kept[record[at]] = dict(zip(header, record, strict=True))
        return cls(kept)


def figures_named(finding: Finding, figures: Mapping[str, Row]) -> list[Row]:
    """The figures a finding names, in the order it names them (`tekser.core.named`: by an
    id of its records, then by the spans of its evidence)."""
    ids = named_rows(finding, {"figures": list(figures.values())}).get("figures", [])
    return [figures[figure_id] for figure_id in ids if figure_id in figures]


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def read_correction(text: str, figure: Row | None = None) -> int | float | str:
    """A corrected value as a curator types it: a date (1901-01-01, the start of the figure's
    period), or a number in the figure's unit and scale — whole or decimal, with a point or a
    comma — that a count must give whole once scaled. Raises TekserError saying why not."""
    typed = text.strip()
    if _DATE.fullmatch(typed):
        try:
            return date.fromisoformat(typed).isoformat()
        except ValueError:
            raise TekserError(f"{typed!r} is not a date") from None
    try:
        number = Decimal(typed.replace(",", "."))
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise TekserError(f"{typed!r} is neither a number nor a date (YYYY-MM-DD)")
    if figure is not None and figure.get("statistic") == "count":
        from tekser.seeds.numbers import NumberError, scale_factor  # a scale's words: lexicons

        try:
            scaled = number * scale_factor(figure.get("scale", ""))
        except NumberError:
            scaled = number
        if scaled != scaled.to_integral_value():
            raise TekserError(f"{typed}: a count is a whole number once scaled")
    return int(number) if number == number.to_integral_value() else float(number)


def make_decision(
    root: Path,
    finding: Finding,
    action: str,
    reason: str,
    *,
    value: int | float | str | None = None,
    figure_id: str | None = None,
    reviewer: str | None = None,
    context: Figures | None = None,
) -> Decision:
    """Record a curator's decision on `finding` in the package's log and return it. A
    correction's `value` is a number, or a date (a string, 1901-01-01) for the figure's period;
    typed text is read by `read_correction` against the figure. `context` gives the package's
    figures (a correction's figure is then checked, and defaults to the first the finding
    names)."""
    if action not in ACTIONS:
        raise TekserError(f"action must be one of {', '.join(ACTIONS)}")
    require_reason(reason)
    corrected: int | float | str | None = None
    if action == "correct":
        if value is None:
            raise TekserError("a correction needs the corrected value (--value)")
        figures = context.figures if context is not None else None
        if figure_id is None and figures is not None:
            named = figures_named(finding, figures)
            figure_id = named[0]["figure_id"] if named else None
        if figure_id is None:
            raise TekserError(f"{finding.finding_id} names no figure to correct; give --figure")
        if figures is not None and figure_id not in figures:
            raise TekserError(f"{figure_id}: no such figure")
        figure = figures.get(figure_id) if figures is not None else None
        corrected = read_correction(value, figure) if isinstance(value, str) else value
    elif value is not None:
        raise TekserError("--value is only for corrections")
    decision = Decision(
        finding_id=finding.finding_id,
        action=action,
        reason=reason.strip(),
        reviewer=reviewer or default_reviewer(),
        timestamp=now(),
        evidence_hash=evidence_hash(finding),
        rule=finding.rule,
        value=corrected if not isinstance(corrected, str) else None,
        date=corrected if isinstance(corrected, str) else None,
        figure_id=figure_id if action == "correct" else None,
    )
    append(root, decision)
    return decision


def retract(
    root: Path,
    finding: Finding,
    decision: Decision,
    *,
    reviewer: str | None = None,
    reason: str | None = None,
) -> Decision:
    """Undo `decision` on `finding` by appending a retraction that names it: the log stays
    append-only, and the finding is as it was before the decision."""
    if decision.action == RETRACT:
        raise TekserError("a retraction is not retracted; decide the finding again")
    said = f"undoes the {decision.action} of {decision.timestamp} by {decision.reviewer}"
    retraction = Decision(
        finding_id=finding.finding_id,
        action=RETRACT,
        reason=(reason or "").strip() or said,
        reviewer=reviewer or default_reviewer(),
        timestamp=now(),
        evidence_hash=evidence_hash(finding),
        rule=finding.rule,
        retracts=decision.key,
    )
    append(root, retraction)
    return retraction
