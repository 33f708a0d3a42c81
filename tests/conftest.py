"""Shared fixtures: copies of real packages to break, one way at a time, and a CLI runner."""

from __future__ import annotations

import csv
import gc
import hashlib
import io
import json
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from click.testing import CliRunner, Result

from tekser.cli import main

if TYPE_CHECKING:
    from tekser.core.report import Report

ROOT = Path(__file__).resolve().parents[1]
# tekser\'s standard consistency suite, shipped inside the package
STANDARD_CHECKS = ROOT / "checks"
EXAMPLE = ROOT / "examples" / "stalin-1934"
PACKAGE_PARTS = ("datapackage.json", "data", "provenance", "schemas", "seeds")


def copy_package(source: Path, target: Path) -> Path:
    """Copy the package files of `source` (not code, not tests) into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PACKAGE_PARTS:
        path = source / part
        if path.is_dir():
            shutil.copytree(path, target / part)
        elif path.exists():
            shutil.copy2(path, target / part)
    return target


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    """A private copy of the bundled package, free to break."""
    return copy_package(ROOT, tmp_path / "package")


# how many modules were loaded when the objects then alive were last set aside
_SETTLED = [0]


@pytest.fixture(autouse=True)
def _settled_heap() -> Iterator[None]:
    """After a test that loaded libraries (frictionless, pyarrow, pandas…: hundreds of thousands
    of objects that live as long as the process), collect once and set what is left aside
    (`gc.freeze`): every later collection — each validation makes one as its structure stage
    ends — then searches only the objects made since, not the whole heap again."""
    yield
    if len(sys.modules) >= _SETTLED[0] + 20:
        gc.collect()
        gc.freeze()
        _SETTLED[0] = len(sys.modules)


@pytest.fixture(autouse=True)
def _plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Deterministic output: no colour variables leak in from the developer's shell."""
    for name in ("NO_COLOR", "FORCE_COLOR", "TEKSER_DEBUG", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "100")


def run(*args: str, input: str | None = None) -> Result:
    """Run `tekser ARGS…` in-process (`input` on its stdin) and return the result (stdout and
    stderr apart)."""
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def run_json(*args: str) -> tuple[int, dict[str, Any]]:
    result = run(*args, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


# What a read-only command gave on a package no test writes (the bundled ones, the fixtures),
# by its arguments and what of the environment shapes its output.
_SHARED: dict[tuple[Any, ...], Result] = {}


def run_shared(*args: str) -> Result:
    """`run`, for a command that only reads a package no test writes: each distinct command,
    in the same folder and terminal settings, runs once per session (per xdist worker) and
    its result is shared by the tests that read it."""
    names = ("COLUMNS", "NO_COLOR", "FORCE_COLOR", "TEKSER_DEBUG", "CI")
    key = (args, os.getcwd(), tuple(os.environ.get(name) for name in names))
    if key not in _SHARED:
        _SHARED[key] = run(*args)
    return _SHARED[key]


def run_json_shared(*args: str) -> tuple[int, dict[str, Any]]:
    """`run_json` through `run_shared`: a fresh report object, of a command run once."""
    result = run_shared(*args, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


@pytest.fixture(scope="session")
def bundled_report() -> Report:
    """The library's report on the bundled package, validated in place once per session; for
    tests that only read it (a deep copy for one that would change it)."""
    from tekser.validate import validate_package

    return validate_package(ROOT)


@pytest.fixture(scope="session")
def undecided_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    """The library's report on a copy of the bundled package as it was before its curators
    decided anything (no decisions log), validated once per session: finding ids do not
    depend on where a package lies, so a test that starts from that package may read the
    ids here instead of validating its own copy first."""
    from tekser.validate import validate_package

    package = copy_package(ROOT, tmp_path_factory.mktemp("undecided") / "package")
    (package / "provenance" / "decisions.jsonl").unlink(missing_ok=True)
    return validate_package(package)


@pytest.fixture(scope="session")
def example_report() -> Report:
    """The library's report on examples/stalin-1934, validated in place once per session."""
    from tekser.validate import validate_package

    return validate_package(EXAMPLE)


def rules_of(report: dict[str, Any]) -> list[str]:
    return [finding["rule"] for finding in report["findings"]]


def edit_text(path: Path, change: Callable[[str], str]) -> None:
    """Rewrite a UTF-8 file through `change`, keeping its bytes otherwise as they were."""
    text = path.read_bytes().decode("utf-8")
    new = change(text)
    assert new != text, f"the edit changed nothing in {path}"
    path.write_bytes(new.encode("utf-8"))


def rehash(package: Path) -> None:
    """Make the descriptor's bytes and hashes true again, so a test breaks one thing only."""
    from tekser.authoring.anchoring import refresh_hashes
    from tekser.package.descriptor import Package

    refresh_hashes(Package.open(package))


def _csv_text(rows: list[dict[str, str]], header: list[str]) -> str:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def edit_rows(path: Path, change: Callable[[list[dict[str, str]]], None]) -> None:
    """Rewrite a CSV through `change`, which edits its rows in place; nothing else changes.

    Refuses a file that would not come back byte for byte when written unchanged, so that a
    test breaks exactly the cells it means to.
    """
    text = path.read_bytes().decode("utf-8")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = list(reader)
    header = list(reader.fieldnames or [])
    assert _csv_text(rows, header) == text, f"{path} does not round-trip; edit it as text"
    change(rows)
    new = _csv_text(rows, header)
    assert new != text, f"the edit changed nothing in {path}"
    path.write_bytes(new.encode("utf-8"))


def set_cells(path: Path, key_field: str, key: str, **cells: str) -> dict[str, str]:
    """Set `cells` of the one row whose `key_field` is `key`; return that row as it was."""
    before: list[dict[str, str]] = []

    def change(rows: list[dict[str, str]]) -> None:
        for row in rows:
            if row[key_field] == key:
                before.append(dict(row))
                row.update(cells)

    edit_rows(path, change)
    assert len(before) == 1, f"{key_field}={key!r}: {len(before)} rows in {path}"
    return before[0]


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def tree_digest(root: Path) -> dict[str, str]:
    """Every entry under `root`: a file's sha256 and mode, a link's target, a folder's mode."""
    digest: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        if path.is_symlink():
            digest[name] = f"link {os.readlink(path)}"
        elif path.is_dir():
            digest[name] = f"dir {path.stat().st_mode:o}"
        else:
            data = path.read_bytes()
            digest[name] = f"file {path.stat().st_mode:o} {hashlib.sha256(data).hexdigest()}"
    return digest
