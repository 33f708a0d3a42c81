"""Great Expectations runs offline and quiet: no network, no progress bars, no files left."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
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
    for name in ("XDG_CACHE_HOME", "TEKSER_CACHE_DIR", "TEKSER_NO_CACHE"):
        env.pop(name, None)  # tekser's cache in its default folder, under HOME
    tekser = str(Path(sys.executable).with_name("tekser"))
    result = subprocess.run(
        [tekser, "validate", str(ROOT), "--format", "json"],
        cwd=work, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no progress bars, no warnings, no logging
    json.loads(result.stdout)  # stdout is the report and nothing else
    assert list(work.iterdir()) == []
    # nothing in HOME but the validation remembered for `tekser decide`, in tekser's cache
    left = [path.relative_to(home) for path in home.rglob("*") if not path.is_dir()]
    assert [path.parent.as_posix() for path in left] == [".cache/tekser/validations"]
    assert list((tmp_path / "tmp").iterdir()) == []  # the temporary database is gone


def test_terminated_validate_leaves_no_file(tmp_path: Path) -> None:
    """SIGTERM (a cancelled CI job) during the consistency stage: the temporary database is
    removed, and the exit code says interrupted (130), not findings (1)."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {**os.environ, "TMPDIR": str(temporary)}
    tekser = str(Path(sys.executable).with_name("tekser"))
    process = subprocess.Popen(
        [tekser, "validate", str(ROOT), "--format", "json"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while not list(temporary.iterdir()) and process.poll() is None:
        assert time.monotonic() < deadline, "validate never reached its consistency stage"
        time.sleep(0.01)
    assert process.poll() is None, "validate ended before it could be terminated"
    process.send_signal(signal.SIGTERM)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert stderr == "Interrupted.\n"
    assert stdout == ""
    assert list(temporary.iterdir()) == []


def test_a_scratch_folder_is_removed_however_it_is_left_and_never_anothers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder a validation works in is gone after an interruption inside it, and a folder
    of the same name that was there before is not taken, nor removed."""
    from tekser.core import files

    monkeypatch.setattr(files.tempfile, "gettempdir", lambda: str(tmp_path))
    with pytest.raises(KeyboardInterrupt), files.scratch_folder("tekser-") as folder:
        (folder / "package.sqlite").write_bytes(b"x")
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setattr(files.secrets, "token_hex", lambda _: "same")
    (tmp_path / "tekser-same").mkdir()
    with pytest.raises(FileExistsError), files.scratch_folder("tekser-"):
        pass
    assert [p.name for p in tmp_path.iterdir()] == ["tekser-same"]
