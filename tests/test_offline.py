"""Great Expectations runs offline and quiet: no network, no progress bars, no files left."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT


def test_validate_reaches_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[Any] = []

    def refuse(self: socket.socket, address: Any) -> None:
        attempts.append(address)
        raise OSError("network is not allowed in tests")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    from tekser.validate import validate_package

    report = validate_package(ROOT)
    assert any(stage.name == "consistency" for stage in report.stages)
    assert not [f for f in report.findings if f.rule == "consistency.rule-error"]
    assert attempts == []


def test_validate_is_quiet_and_leaves_no_file(tmp_path: Path) -> None:
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    env.pop("GX_ANALYTICS_ENABLED", None)
    tekser = str(Path(sys.executable).with_name("tekser"))
    result = subprocess.run(
        [tekser, "validate", str(ROOT), "--format", "json"],
        cwd=work, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no progress bars, no warnings, no logging
    json.loads(result.stdout)  # stdout is the report and nothing else
    assert list(work.iterdir()) == []
    assert list(home.iterdir()) == []
    assert list((tmp_path / "tmp").iterdir()) == []  # the temporary database is gone
