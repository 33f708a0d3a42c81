"""Progress and timings of `tekser validate`: each stage shown on stderr of an interactive
terminal (a real pseudo-terminal of 80×24) and nothing anywhere else — not on a pipe, not in
CI, not with a machine format; `--timings FILE`; the observer of the library call, which
changes nothing of the report."""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path
from typing import Any

import pexpect
import pytest

from tekser.core.report import Report
from tekser.progress import STAGES, Timings, observing, stage
from tekser.validate import validate_package
from tests.conftest import ROOT, copy_package, run

TEKSER = str(Path(sys.executable).with_name("tekser"))
ESCAPES = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()=>].?")
# a stage's line once it is done: ✓, the stage, what it worked on, its seconds
DONE = re.compile(r"✓ (?P<stage>[a-z]+)(?: · [^\r\n]*?)? +\d+\.\d s")
HIDE_CURSOR, SHOW_CURSOR = "\x1b[?25l", "\x1b[?25h"


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled package, the same for every run of the module: its checks/ too,
    which its report names as the package's own."""
    package = copy_package(ROOT, tmp_path_factory.mktemp("progress") / "package")
    shutil.copytree(ROOT / "checks", package / "checks")
    return package


def terminal_env(**extra: str) -> dict[str, str]:
    """The environment of a person at a terminal: no CI, no colour overrides."""
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24", **extra}
    for name in ("CI", "NO_COLOR", "FORCE_COLOR", "TEKSER_DEBUG"):
        if name not in extra:
            env.pop(name, None)
    return env


def plain(raw: str) -> str:
    return ESCAPES.sub("", raw).replace("\r", "\n")


def done_stages(raw: str) -> list[str]:
    """The stages shown done, each once, in the order first shown."""
    seen: list[str] = []
    for match in DONE.finditer(plain(raw)):
        if match["stage"] not in seen:
            seen.append(match["stage"])
    return seen


class Pty:
    """A pseudo-terminal of 80×24, read to its end in a thread of its own."""

    def __init__(self) -> None:
        self.master, self.slave = os.openpty()
        fcntl.ioctl(self.slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.chunks: list[bytes] = []
        self.reader = threading.Thread(target=self._read, daemon=True)

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # EIO: every writer has closed its side
                return
            if not chunk:
                return
            self.chunks.append(chunk)

    def start(self) -> None:
        os.close(self.slave)  # the child holds it now; the end of the child ends the reading
        self.reader.start()

    def text(self) -> str:
        self.reader.join(timeout=60)
        os.close(self.master)
        return b"".join(self.chunks).decode("utf-8", "replace")


def run_on(
    args: list[str], *, stdout_tty: bool, stderr_tty: bool, **env: str
) -> tuple[int, str, str]:
    """`tekser ARGS…` with stdout and stderr each on a pseudo-terminal of its own or a pipe:
    its exit code, stdout and stderr (as the terminal received them)."""
    out, err = Pty() if stdout_tty else None, Pty() if stderr_tty else None
    process = subprocess.Popen(
        [TEKSER, *args],
        stdin=subprocess.DEVNULL,
        stdout=out.slave if out else subprocess.PIPE,
        stderr=err.slave if err else subprocess.PIPE,
        env=terminal_env(**env),
    )
    for pty in (out, err):
        if pty is not None:
            pty.start()
    piped_out, piped_err = process.communicate(timeout=120)
    stdout = out.text() if out else piped_out.decode("utf-8", "replace")
    stderr = err.text() if err else piped_err.decode("utf-8", "replace")
    return process.returncode, stdout, stderr


@pytest.fixture(scope="module")
def piped(package: Path) -> tuple[int, str, str]:
    """`tekser validate` on the module's package with both streams piped, run once: what
    two tests below read."""
    return run_on(["validate", str(package)], stdout_tty=False, stderr_tty=False)


def test_progress_in_a_real_terminal(package: Path) -> None:
    child = pexpect.spawn(TEKSER, ["validate", str(package)], env=terminal_env(),
                          encoding="utf-8", dimensions=(24, 80), timeout=120)  # fmt: skip
    child.expect(pexpect.EOF)
    raw = child.before or ""
    child.close()
    assert child.exitstatus == 0
    assert done_stages(raw) == list(STAGES)
    assert "✓ structure · 12 resources" in plain(raw)
    assert "consistency · " in plain(raw) and " rules" in plain(raw)
    # the lines go before the report is printed, and the cursor is given back
    shown = raw.rindex(SHOW_CURSOR)
    assert raw.index(HIDE_CURSOR) < shown < raw.index("tekser validate")
    assert "coverage: " in plain(raw[shown:])


def test_progress_is_on_stderr_and_the_report_unchanged(
    package: Path, piped: tuple[int, str, str]
) -> None:
    code, stdout, stderr = run_on(["validate", str(package)], stdout_tty=True, stderr_tty=True)
    assert code == 0
    assert done_stages(stderr) == list(STAGES)
    assert done_stages(stdout) == []
    assert HIDE_CURSOR not in stdout
    # what stdout shows is exactly the report of a run without progress (on a pipe, 80 columns)
    assert terminal_env()["COLUMNS"] == "80"
    assert plain(stdout).split() == plain(piped[1]).split()


@pytest.mark.parametrize(
    ("stdout_tty", "stderr_tty"),
    [(False, False), (False, True), (True, False)],
    ids=["both-piped", "into-a-pager", "stderr-to-a-log"],
)
def test_nothing_on_a_pipe(
    package: Path, piped: tuple[int, str, str], stdout_tty: bool, stderr_tty: bool
) -> None:
    """Either stream piped (`| less`, `> report.txt`, `2> log`): no progress, on either."""
    args = ["validate", str(package)]
    if stdout_tty or stderr_tty:
        code, stdout, stderr = run_on(args, stdout_tty=stdout_tty, stderr_tty=stderr_tty)
    else:
        code, stdout, stderr = piped
    assert code == 0
    assert stderr == ""
    assert done_stages(stdout) == [] and HIDE_CURSOR not in stdout
    assert "tekser validate" in stdout


def test_nothing_in_ci(package: Path) -> None:
    code, stdout, stderr = run_on(
        ["validate", str(package)], stdout_tty=True, stderr_tty=True, CI="true"
    )
    assert code == 0
    assert stderr == ""
    assert "tekser validate" in stdout and HIDE_CURSOR not in stdout


@pytest.mark.parametrize("output_format", ["json", "github"])
def test_nothing_with_a_machine_format(package: Path, output_format: str) -> None:
    args = ["validate", str(package), "--format", output_format]
    code, stdout, stderr = run_on(args, stdout_tty=True, stderr_tty=True)
    assert code == 0
    assert stderr == ""
    assert HIDE_CURSOR not in stdout
    if output_format == "json":
        assert json.loads(stdout)["tekser_version"]


def test_interrupted_run_leaves_the_terminal_clean(package: Path) -> None:
    child = pexpect.spawn(TEKSER, ["validate", str(package)], env=terminal_env(),
                          encoding="utf-8", dimensions=(24, 80), timeout=120)  # fmt: skip
    child.expect("consistency")
    time.sleep(0.3)
    child.kill(signal.SIGTERM)
    child.expect(pexpect.EOF)
    raw = child.before or ""
    child.close()
    assert child.exitstatus == 130
    assert SHOW_CURSOR in raw
    assert plain(raw).strip().endswith("Interrupted.")
    assert "Traceback" not in raw


SWALLOWED = """
import os, signal, sys, time

import click
from tekser.cli.common import reports_errors

@click.command()
@reports_errors
def command() -> None:
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the signal arrives here
    except KeyboardInterrupt:
        if os.environ["HOW"] == "import-error":
            raise ImportError("initialization failed") from None
    if os.environ["HOW"] == "exit-0":
        sys.exit(0)

command()
"""


@pytest.mark.parametrize("how", ["carries-on", "import-error", "exit-0"])
def test_an_interruption_a_library_swallowed_still_ends_the_command(how: str) -> None:
    """An extension module interrupted while it loads raises ImportError, which an optional
    import takes for a missing library: the command still ends as interrupted, exit 130."""
    ended = subprocess.run([sys.executable, "-c", SWALLOWED], capture_output=True, text=True,
                           env={**os.environ, "HOW": how}, timeout=60, check=False)  # fmt: skip
    assert (ended.returncode, ended.stderr, ended.stdout) == (130, "Interrupted.\n", "")


def test_timings_file(package: Path, tmp_path: Path) -> None:
    target = tmp_path / "timings.json"
    timed = run("validate", str(package), "--format", "json", "--timings", str(target))
    untimed = run("validate", str(package), "--format", "json")
    assert timed.exit_code == untimed.exit_code == 0
    assert timed.stdout == untimed.stdout  # the report is not touched
    assert timed.stderr == ""
    assert sorted(path.name for path in tmp_path.iterdir()) == ["timings.json"]
    timings = json.loads(target.read_text(encoding="utf-8"))
    assert list(timings) == ["stages", "parts", "other", "total"]
    assert list(timings["stages"]) == list(STAGES)
    assert list(timings["other"]) == ["report"]
    spent = [*timings["stages"].values(), *timings["other"].values()]
    assert all(isinstance(s, float) and s >= 0 for s in spent)
    assert sum(spent) <= timings["total"]


def test_timings_of_a_plain_csv_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bare file has one stage, structure."""
    monkeypatch.chdir(tmp_path)  # frictionless takes a bare file's path as given: relative
    Path("table.csv").write_text("id,name\n1,a\n2,b\n", encoding="utf-8")
    target = tmp_path / "timings.json"
    result = run("validate", "table.csv", "--timings", str(target))
    assert result.exit_code == 0
    assert list(json.loads(target.read_text(encoding="utf-8"))["stages"]) == ["structure"]


def test_timings_into_a_missing_folder_is_one_line_exit_2(package: Path, tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "timings.json"
    result = run("validate", str(package), "--timings", str(target))
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: ") and "no-such-folder" in line
    assert not target.parent.exists()


def test_no_timings_for_an_unreadable_package(tmp_path: Path) -> None:
    target = tmp_path / "timings.json"
    result = run("validate", str(tmp_path / "missing"), "--timings", str(target))
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ")
    assert not target.exists()


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[str, str, str]] = []

    def begin(self, name: str, detail: str = "") -> None:
        self.events.append(("begin", name, detail))

    def end(self, name: str) -> None:
        self.events.append(("end", name, ""))


def test_the_observer_sees_every_stage_and_changes_nothing(
    package: Path, bundled_report: Report
) -> None:
    recorder = Recorder()
    observed = validate_package(package, progress=recorder)
    # the same report as the bundled package's own, unobserved (validated once per session)
    unobserved = bundled_report.to_dict()
    assert unobserved["package"] == str(ROOT)
    assert observed.to_dict() == unobserved | {"package": str(package)}
    top = [(event, name) for event, name, _ in recorder.events if "/" not in name]
    assert top == [(event, name) for name in STAGES for event in ("begin", "end")]
    details = {name: detail for event, name, detail in recorder.events if event == "begin"}
    assert details["structure"] == "12 resources"
    assert observed.suite is not None  # the suite's rules; report.rules lists every stage's
    assert details["consistency"] == f"{len(observed.suite.rules)} rules"


def test_a_stage_ends_when_it_fails(tmp_path: Path) -> None:
    """A package refused before it is read begins no stage; a stage that raises is ended
    all the same."""
    recorder = Recorder()
    with pytest.raises(Exception, match="no such checks folder"):
        validate_package(ROOT, checks=tmp_path / "none", progress=recorder)
    assert recorder.events == []
    with observing(recorder), pytest.raises(KeyError), stage("structure", "x"):
        raise KeyError("broken")
    assert recorder.events == [("begin", "structure", "x"), ("end", "structure", "")]


def test_parts_and_repeated_stages_are_timed() -> None:
    timings = Timings()
    with observing(timings):
        for _ in range(2):
            with stage("consistency"), stage("consistency/database", "12 tables"):
                time.sleep(0.01)
        with stage("report"):
            pass
    recorded: dict[str, Any] = timings.to_dict()
    assert list(recorded["stages"]) == ["consistency"]
    assert recorded["stages"]["consistency"] >= recorded["parts"]["consistency/database"] >= 0.02
    assert list(recorded["other"]) == ["report"]


def test_without_an_observer_a_stage_does_nothing() -> None:
    with stage("structure"):
        pass  # no observer current: nothing to tell, nothing raised
