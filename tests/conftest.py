"""Shared fixtures: copies of real packages to break, one way at a time, and a CLI runner."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tekser.cli import main

ROOT = Path(__file__).resolve().parents[1]
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


@pytest.fixture(autouse=True)
def _plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Deterministic output: no colour variables leak in from the developer's shell."""
    for name in ("NO_COLOR", "FORCE_COLOR", "TEKSER_DEBUG", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "100")


def run(*args: str) -> Result:
    """Run `tekser ARGS…` in-process and return the result (stdout and stderr apart)."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def run_json(*args: str) -> tuple[int, dict[str, Any]]:
    result = run(*args, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


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
    from tekser.authoring import refresh_hashes
    from tekser.package import Package

    refresh_hashes(Package.open(package))
