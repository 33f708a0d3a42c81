"""tekser: archival data validation with per-value provenance.

A tekser package is a Frictionless data package in which every figure carries the exact
quoted span of the source that states it. In a notebook:

    import tekser

    package = tekser.load("path/to/package")        # a folder, descriptor, zip or release
    package.figures      # pandas DataFrame: every figure with its quote, page, line,
                         # language, footnote and the source's citation
    report = package.validate()   # the Report `tekser validate` prints
    package.findings     # the report's findings as a DataFrame
    html = package.html()         # the report page `tekser validate --format html` writes

The command line (`tekser validate`, `publish`, …) calls the same library functions:
`tekser.validate_package` and `tekser.publish_package`. Importing tekser is light: pandas,
frictionless and Great Expectations are imported only when a method needs them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tekser.api import Dataset

from tekser.core.version import __version__

__all__ = ["Dataset", "__version__", "load", "publish_package", "validate_package"]

_LAZY = {
    "Dataset": "tekser.api",
    "validate_package": "tekser.validate",
    "publish_package": "tekser.release.publish",
    "Report": "tekser.core.report",
    "Finding": "tekser.core.findings",
    "Severity": "tekser.core.findings",
}


def load(path: Path | str = ".") -> Dataset:
    """Open the package at `path` (a folder, a descriptor file, a zipped package or a
    published release) for reading and validation: a `tekser.Dataset`.

    Raises `tekser.core.errors.TekserError` when there is no package at `path`.
    """
    from tekser.api import Dataset

    return Dataset.open(path)


def __getattr__(name: str) -> Any:
    """The library's other entry points, imported when first used."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'tekser' has no attribute {name!r}")
