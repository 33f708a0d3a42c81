"""Errors by kind: a library user tells them apart (`except UnreadablePackage`), and the
command line gives each its exit code (2) and its one line, as before they had kinds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tekser.cli.common import EXIT_CODES, exit_code
from tekser.core.errors import (
    AnchorError,
    LimitExceeded,
    MalformedSuite,
    MissingEngine,
    RefusedWrite,
    TekserError,
    UnreadablePackage,
    UnsafePathError,
)
from tekser.core.limits import set_limits
from tekser.package.descriptor import Package
from tests.conftest import ROOT, copy_package, run

FIXTURE = ROOT / "tests" / "fixtures" / "ru-mini"
KINDS = (UnreadablePackage, MalformedSuite, MissingEngine, RefusedWrite, LimitExceeded)


def test_the_kinds_are_apart_and_all_tekser_errors() -> None:
    for kind in KINDS:
        assert issubclass(kind, TekserError)
        assert [other for other in KINDS if issubclass(kind, other)] == [kind]
    assert issubclass(UnsafePathError, UnreadablePackage)


def test_each_kind_exits_2_as_every_error_did() -> None:
    assert set(EXIT_CODES) == {*KINDS, TekserError}
    for kind in (*KINDS, TekserError, UnsafePathError, AnchorError):
        assert exit_code(kind("a line")) == 2


def test_a_folder_without_a_package_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UnreadablePackage, match="no data package here"):
        Package.open(tmp_path)
    (tmp_path / "datapackage.json").write_text('{"name": "a", "resources": [', "utf-8")
    with pytest.raises(UnreadablePackage, match="invalid JSON at line 1"):
        Package.open(tmp_path)


def test_a_descriptor_past_a_bound_is_a_limit(tmp_path: Path) -> None:
    nested = {"name": "a", "resources": [], "notes": {"a": {"b": {"c": {"d": 1}}}}}
    (tmp_path / "datapackage.json").write_text(json.dumps(nested), "utf-8")
    try:
        set_limits(["depth=3"])
        with pytest.raises(LimitExceeded, match="raise with --limit depth=N") as caught:
            Package.open(tmp_path)
        assert not isinstance(caught.value, UnreadablePackage)
    finally:
        set_limits()


def test_an_unknown_engine_and_a_missing_suite_are_told_apart(tmp_path: Path) -> None:
    from tekser.validate import validate_package

    with pytest.raises(MissingEngine, match="unknown engine 'abacus'"):
        validate_package(FIXTURE, engine="abacus")
    with pytest.raises(MalformedSuite, match="no such checks folder"):
        validate_package(FIXTURE, checks=tmp_path / "nowhere")
    (tmp_path / "checks" / "rules").mkdir(parents=True)
    (tmp_path / "checks" / "rules" / "figures.headless.sql").write_text(
        "SELECT figure_id FROM {batch}\n", "utf-8"
    )
    with pytest.raises(MalformedSuite, match="rule header lacks"):
        validate_package(FIXTURE, checks=tmp_path / "checks")


def test_a_release_over_its_own_package_is_a_refused_write(tmp_path: Path) -> None:
    from tekser.release.publish import publish_package

    package = copy_package(FIXTURE, tmp_path / "ru-mini")
    with pytest.raises(RefusedWrite, match="would replace the package itself"):
        publish_package(package, package)
    (tmp_path / "taken").mkdir()
    with pytest.raises(RefusedWrite, match="exists; give --force to replace it"):
        publish_package(package, tmp_path / "taken")


def test_the_command_line_says_each_in_one_line_with_exit_2(tmp_path: Path) -> None:
    package = copy_package(FIXTURE, tmp_path / "ru-mini")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(UnreadablePackage) as unreadable:
        Package.open(empty)
    said = {
        ("validate", str(empty)): f"Error: {unreadable.value}\n",
        ("validate", str(package), "--checks", str(tmp_path / "nowhere")): (
            f"Error: {tmp_path / 'nowhere'}: no such checks folder\n"
        ),
        ("publish", str(package), "--out", str(package)): (
            f"Error: {package.resolve()}: --out would replace the package itself; choose another\n"
        ),
    }
    for args, line in said.items():
        result = run(*args)
        assert (result.exit_code, result.stderr) == (2, line)


def test_a_commit_over_a_folder_is_a_refused_write(tmp_path: Path) -> None:
    from tekser.core.transaction import FileTransaction

    (tmp_path / "notes.txt").mkdir()
    refused = pytest.raises(RefusedWrite, match=r"notes\.txt: a folder where a file belongs")
    with refused, FileTransaction(tmp_path, "test") as transaction:
        transaction.write(tmp_path / "notes.txt", b"a line\n")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.txt"]
