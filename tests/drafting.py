"""Drafting a tiny package from one sentence, for the draft tests of every language: the seed
written, `init_package` in the given language, `draft_package`, and the proposals by their
printed token."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from tekser.authoring.draft import DraftResult, draft_package
from tekser.authoring.init import init_package


def draft_text(tmp_path: Path, language: str, text: str, *, newline: bool = True) -> DraftResult:
    """`tekser init` around a seed of `text` (a line end added unless `newline` is False) in
    `language`, then `tekser draft` (nothing written)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    seed = tmp_path / "seed.txt"
    seed.write_text(text + ("\n" if newline else ""), encoding="utf-8")
    init_package(tmp_path / "package", seed, languages=[language])
    return draft_package(tmp_path / "package", agent="test")


def drafted(tmp_path: Path, language: str, text: str) -> dict[str, dict[str, Any]]:
    """The proposals for a seed of `text` in `language`, by their printed token."""
    return {p["printed"]: p for p in draft_text(tmp_path, language, text).proposals}


def drafted_with_exclusions(
    tmp_path: Path, language: str, text: str, *, newline: bool = True
) -> tuple[dict[str, Any], dict[str, str]]:
    """The proposals by their printed token, and the exclusions' categories by their quote."""
    result = draft_text(tmp_path, language, text, newline=newline)
    found = {p["printed"]: p for p in result.proposals}
    return found, {e["quote"]: e["category"] for e in result.exclusions}


def assert_reads(
    p: dict[str, Any], value: str, unit: str, statistic: str, scale: str | None = ""
) -> None:
    """A proposal's value, unit, statistic and (unless `scale` is None) scale."""
    got = (Decimal(p["value"]), p["unit"], p["statistic"])
    if scale is None:
        assert got == (Decimal(value), unit, statistic), p
    else:
        assert (*got, p["scale"]) == (Decimal(value), unit, statistic, scale), p
