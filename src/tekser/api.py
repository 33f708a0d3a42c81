"""The Python API for notebooks: a package opened once, its tables as pandas DataFrames, and
the same validation the command line runs.

    >>> import tekser
    >>> package = tekser.load("path/to/package")
    >>> package.figures[["figure_id", "value", "scale", "unit", "quote", "page", "line"]]
    >>> package.validate().failing(tekser.Severity.WARNING)
    >>> package.findings.groupby(["rule", "status"]).size()
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tekser.core.errors import TekserError
from tekser.core.findings import FINDING_COLUMNS, Severity
from tekser.core.report import Report
from tekser.package.descriptor import Row

if TYPE_CHECKING:
    import pandas as pd

# What each figure gains from the quote that states it, and from its source.
QUOTE_COLUMNS = ("quote", "page", "line", "language", "citation")
NUMERIC = ("value", "value_normalised", "start", "end", "page", "line")


@dataclass(slots=True)
class Dataset:
    """A package opened for reading: its descriptor and tables as read from disk (a zip is
    read once, unpacked into a temporary folder that is removed at once). `validate()` runs
    `tekser validate` on it; its report is kept for `findings`."""

    path: str
    descriptor: dict[str, Any]
    rows: dict[str, list[Row]]
    report: Report | None = field(default=None, repr=False)

    @classmethod
    def open(cls, path: Path | str = ".") -> Dataset:
        """The package at `path`; TekserError when there is none."""
        from tekser.package.descriptor import find_descriptor
        from tekser.validate import read_tables

        target = Path(path)
        if not (target.is_file() and target.suffix.lower() == ".zip"):
            find_descriptor(target)  # raises TekserError, saying why, when there is none
        descriptor, rows = read_tables(target)
        if not descriptor.get("resources") and not rows:
            raise TekserError(f"{path}: not a data package")
        return cls(str(path), descriptor, rows)

    @property
    def name(self) -> str:
        return str(self.descriptor.get("name", ""))

    @property
    def tables(self) -> list[str]:
        """The names of the tables that could be read."""
        return list(self.rows)

    def table(self, name: str) -> pd.DataFrame:
        """One table as a DataFrame: its cells as text, the numeric columns of the contract
        (`value`, offsets, `page`, `line`) as numbers."""
        import pandas as pd

        if name not in self.rows:
            raise TekserError(f"{self.path}: no table {name!r} (tables: {', '.join(self.rows)})")
        frame = pd.DataFrame(self.rows[name])
        for column in NUMERIC:
            if column in frame.columns:
                frame[column] = pd.to_numeric(frame[column].replace("", None), errors="coerce")
        return frame

    @property
    def figures(self) -> pd.DataFrame:
        """Every figure with the quoted span that states it — `quote`, `page`, `line`,
        `language`, `citation` (the footnote) — and `source_citation`, the full citation
        of its source; `scaled_value` is `value × scale` (`2.5` million → `2500000.0`)."""
        import pandas as pd

        figures = self.table("figures") if "figures" in self.rows else pd.DataFrame()
        if figures.empty:
            return figures
        if "provenance" in self.rows:
            spans = self.table("provenance")
            wanted = ["provenance_id", *[c for c in QUOTE_COLUMNS if c in spans.columns]]
            figures = figures.merge(
                spans[wanted], on="provenance_id", how="left", suffixes=("", "_quote")
            )
        if "sources" in self.rows:
            sources = self.table("sources")
            if "citation" in sources.columns:
                cited = sources[["source_id", "citation"]].rename(
                    columns={"citation": "source_citation"}
                )
                figures = figures.merge(cited, on="source_id", how="left")
        figures["scaled_value"] = [_scaled(row) for row in self.rows["figures"]]
        return figures

    def validate(self, checks: Path | str | None = None, engine: str = "sqlite") -> Report:
        """Run `tekser validate` on the package (structure, provenance, coverage and the
        consistency suite, decisions applied) and return its Report; kept for `findings`."""
        from tekser.validate import validate_package

        self.report = validate_package(self.path, checks=checks, engine=engine)
        return self.report

    @property
    def findings(self) -> pd.DataFrame:
        """The findings of the last `validate()` (run now if it has not been): one row each,
        with its records and evidence, the figures it names and the decision in force."""
        import pandas as pd

        from tekser.core.named import named_rows

        report = self.report or self.validate()
        rows = [
            {
                **finding.flat(),
                "figure_ids": named_rows(finding, self.rows).get("figures", []),
                "records": finding.records,
                "evidence": [e.to_dict() for e in finding.evidence],
            }
            for finding in report.findings
        ]
        columns = [*FINDING_COLUMNS, "figure_ids", "records", "evidence"]
        return pd.DataFrame(rows, columns=columns)

    def html(self, fail_on: Severity | str = Severity.CRITICAL) -> str:
        """The self-contained report page of the last `validate()` (run now if it has not
        been), as `tekser validate --format html` writes it."""
        from tekser.render.page import validation_html

        report = self.report or self.validate()
        return validation_html(
            report, self.descriptor, self.rows, Severity(fail_on), location=self.path
        )


def _scaled(row: Row) -> float | None:
    from tekser.seeds.numbers import NumberError, scale_factor

    try:
        return float(Decimal(row.get("value", "")) * scale_factor(row.get("scale", "")))
    except (InvalidOperation, NumberError, ValueError):
        return None
