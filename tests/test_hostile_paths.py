"""A hostile package's paths and files: nothing outside the package is read or written, no
special file is opened, no decisions line is parsed past its bounds, and every error of the
system is one line (issue 25, items 2, 4 and 5).

Each case is a copy of a real package broken in one way. A case that could hang (a FIFO, a
device) runs the CLI in a subprocess with a timeout; the read-only package and the full disk
are the system's answers injected where tekser writes (tests may run as root, who ignores
permission bits), and the package is proven byte-identical after."""

from __future__ import annotations

import builtins
import errno
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result

from tekser.cli.common import reports_errors
from tekser.core.errors import TekserError, UnsafePathError
from tekser.decisions.log import LOG, read_log
from tekser.package.paths import inside, json_depth, read_bounded
from tests.conftest import ROOT, copy_package, run, run_json, tree_digest

SECRET = "TEKSER_TEST_SECRET=4f1c9e0b-hostile"
KOLKHOZ_1931 = "jan1.kolkhoz.cells.1931-01-01"
MISPRINT = "dates.printed-year-outside-period"
SEED = "seeds/ainakulov-2013-lower-party-cells.txt"
TEKSER = str(Path(sys.executable).with_name("tekser"))
TIMEOUT = 120  # seconds: a CLI run that hangs on a FIFO fails instead of blocking the suite
TINY_SEED = (
    "Отчёт\n\nВ 1931 году в области было 1200 колхозов, а в 1932 году — 1450 колхозов.\n"
    "Число членов партии выросло до 3500 человек.\n"
)


# --- helpers -----------------------------------------------------------------------------------


def one_error_line(result: Result | subprocess.CompletedProcess[str], *needles: str) -> str:
    """Exit 2 and one `Error: …` line on stderr, no traceback, naming every needle."""
    code = result.exit_code if isinstance(result, Result) else result.returncode
    assert code == 2, (code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


def cli(*args: str, timeout: int = TIMEOUT) -> subprocess.CompletedProcess[str]:
    """`tekser ARGS…` in a subprocess, killed (and the test failed) past `timeout` seconds."""
    return subprocess.run(
        [TEKSER, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "TEKSER_DEBUG": ""},
        check=False,
    )


def secret_file(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "environ"
    path.write_text(f"HOME=/root\n{SECRET}\nPATH=/usr/bin\n", encoding="utf-8")
    return path


def edit_descriptor(package: Path, change: Any) -> None:
    path = package / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")


@pytest.fixture(scope="module")
def misprint_id(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The id of an open finding of the bundled package (ids do not depend on its place)."""
    package = copy_package(ROOT, tmp_path_factory.mktemp("ids") / "package")
    (package / LOG).unlink(missing_ok=True)
    _, report = run_json("validate", str(package))
    for finding in report["findings"]:
        named = {r.get("id") or r.get("record_id") for r in finding["records"]}
        if finding["rule"] == MISPRINT and KOLKHOZ_1931 in named:
            return str(finding["finding_id"])
    raise AssertionError(f"no {MISPRINT} finding for {KOLKHOZ_1931}")


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A package `tekser init` made around a short seed, with proposals in drafts/."""
    seed = tmp_path / "report.txt"
    seed.write_text(TINY_SEED, encoding="utf-8")
    package = tmp_path / "tiny"
    assert run("init", str(package), "--seed", str(seed), "--language", "ru").exit_code == 0
    drafted = run("draft", str(package))
    assert drafted.exit_code == 0, drafted.output
    assert (package / "drafts" / "figures.csv").is_file()
    return package


# --- the one resolver -------------------------------------------------------------------------


def test_inside_refuses_what_leaves_the_package_and_names_no_target(tmp_path: Path) -> None:
    root = tmp_path / "package"
    (root / "data").mkdir(parents=True)
    (root / "data" / "t.csv").write_text("a\n1\n")
    outside = secret_file(tmp_path / "outside")
    (root / "link.csv").symlink_to(outside)
    (root / "folder").symlink_to(outside.parent, target_is_directory=True)
    (root / "loop").symlink_to(root / "loop")
    os.mkfifo(root / "pipe.csv")

    assert inside(root, "data/t.csv", where="t") == (root / "data" / "t.csv").resolve()
    assert inside(root, "data/new.csv", where="t") == (root / "data" / "new.csv").resolve()
    assert inside(root, "data", where="t", kind="dir").is_dir()
    refusals = {
        "link.csv": "resolves outside the package",
        "folder/environ": "resolves outside the package",
        "../outside/environ": "leaves the package",
        str(outside): "leaves the package",
        "loop": "loop of symbolic links",
        "pipe.csv": "is a FIFO (named pipe), not a regular file",
        "data/t.csv\0": "holds a NUL character",
    }
    for relative, needle in refusals.items():
        with pytest.raises(UnsafePathError) as refused:
            inside(root, relative, where="table t")
        message = str(refused.value)
        assert message.startswith("table t: ") and needle in message, message
        assert SECRET not in message
        if relative != str(outside):  # a link's target is never named
            assert str(outside.parent) not in message, message
    with pytest.raises(TekserError, match="data is a folder where a file belongs"):
        inside(root, "data", where="t")
    with pytest.raises(TekserError, match=r"t\.csv is a file where a folder belongs"):
        inside(root, "data/t.csv", where="t", kind="dir")
    with pytest.raises(TekserError, match="not found"):
        inside(root, "data/new.csv", where="t", must_exist=True)


def test_read_bounded_refuses_devices_and_sizes_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "seed.txt"
    path.write_bytes(b"x" * 2000)
    assert read_bounded(path, shown="seed.txt", where="s", limit=2000, limit_name="n") == (
        b"x" * 2000
    )
    with pytest.raises(TekserError, match=r"2,000 where at most 1,999 .*--limit n=N"):
        read_bounded(path, shown="seed.txt", where="s", limit=1999, limit_name="n")
    with pytest.raises(UnsafePathError, match="/dev/zero is a character device"):
        read_bounded(Path("/dev/zero"), shown="/dev/zero", where="s", limit=10, limit_name="n")
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(UnsafePathError, match="pipe is a FIFO"):
        read_bounded(tmp_path / "pipe", shown="pipe", where="s", limit=10, limit_name="n")


def test_json_depth_counts_brackets_outside_strings_only() -> None:
    assert json_depth(b'{"a": [1, {"b": 2}]}') == 3
    assert json_depth(b'{"a": "[[[[{{{{", "b": "\\"[[["}') == 1
    assert json_depth(b"[" * 100_000) == 100_000
    assert json_depth(b'"unterminated [[') == 2  # not JSON: an estimate, never an error
    assert json_depth(b"12") == 0


# --- the decisions log ------------------------------------------------------------------------


def test_a_decisions_log_linked_outside_is_refused_unread(bundled: Path, tmp_path: Path) -> None:
    """A log that is a link to the runner's environment: a critical finding, and its text in
    neither the JSON nor the HTML report nor on stderr."""
    outside = secret_file(tmp_path / "proc")
    (bundled / LOG).unlink()
    (bundled / LOG).symlink_to(outside)

    as_json = run("validate", str(bundled), "--format", "json")
    assert as_json.exit_code == 1, as_json.stderr
    report = json.loads(as_json.stdout)
    refused = [f for f in report["findings"] if f["rule"] == "decisions.unreadable"]
    assert len(refused) == 1 and refused[0]["severity"] == "critical"
    assert "provenance/decisions.jsonl" in refused[0]["message"]
    assert "resolves outside the package" in refused[0]["message"]
    assert not [f for f in report["findings"] if f["rule"] == "decisions.corrupt-line"]
    as_html = run("validate", str(bundled), "--format", "html")
    assert as_html.exit_code == 1 and "<html" in as_html.stdout.lower()
    for text in (as_json.stdout, as_json.stderr, as_html.stdout, as_html.stderr):
        assert SECRET not in text and str(outside) not in text


def test_a_decision_schema_linked_outside_is_refused_unread(bundled: Path, tmp_path: Path) -> None:
    outside = secret_file(tmp_path / "proc")
    (bundled / "schemas" / "decision.schema.json").unlink()
    (bundled / "schemas" / "decision.schema.json").symlink_to(outside)
    with pytest.raises(UnsafePathError) as refused:
        read_log(bundled)
    assert "schemas/decision.schema.json" in str(refused.value)
    assert "resolves outside the package" in str(refused.value)
    assert SECRET not in str(refused.value) and str(outside) not in str(refused.value)


def test_decide_never_appends_through_a_link_that_leaves(
    bundled: Path, tmp_path: Path, misprint_id: str
) -> None:
    outside = secret_file(tmp_path / "proc")
    (bundled / LOG).unlink()
    (bundled / LOG).symlink_to(outside)
    before, package = outside.read_bytes(), tree_digest(bundled)
    result = run("decide", misprint_id, "confirm", str(bundled), "--reason", "as printed")
    line = one_error_line(result, "provenance/decisions.jsonl", "resolves outside the package")
    assert SECRET not in line and str(outside) not in line
    assert outside.read_bytes() == before
    assert tree_digest(bundled) == package


def test_a_decisions_log_that_is_a_folder(bundled: Path, misprint_id: str) -> None:
    (bundled / LOG).unlink()
    (bundled / LOG).mkdir()
    before = tree_digest(bundled)
    code, report = run_json("validate", str(bundled))
    assert code == 1
    (refused,) = [f for f in report["findings"] if f["rule"] == "decisions.unreadable"]
    assert refused["severity"] == "critical"
    assert "provenance/decisions.jsonl is a folder where a file belongs" in refused["message"]
    result = run("decide", misprint_id, "confirm", str(bundled), "--reason", "as printed")
    one_error_line(result, "provenance/decisions.jsonl is a folder where a file belongs")
    assert tree_digest(bundled) == before


def test_decision_lines_past_their_bounds_are_corrupt_lines_never_parsed(bundled: Path) -> None:
    """A line of 10^5 `[` (a RecursionError to json.loads) and a line of 2 MB with the
    decision-bytes limit at 1M: each a `decisions.corrupt-line` saying which bound, its text
    shown in part; the decisions around them still count."""
    kept = (bundled / LOG).read_bytes()
    lines = len(kept.splitlines())
    huge = json.dumps({"finding_id": "x", "reason": "y" * (2 * 1024 * 1024)})
    (bundled / LOG).write_bytes(kept + b"[" * 100_000 + b"\n" + huge.encode() + b"\n")
    decisions, corrupt = read_log(bundled)
    assert len(decisions) == lines
    assert [bad.line for bad in corrupt] == [lines + 1, lines + 2]

    code, report = run_json("validate", str(bundled), "--limit", "decision-bytes=1M")
    assert code == 1
    bad = [f for f in report["findings"] if f["rule"] == "decisions.corrupt-line"]
    assert sorted(f["records"][0]["line"] for f in bad) == [lines + 1, lines + 2]
    messages = {f["records"][0]["line"]: f["message"] for f in bad}
    assert "nesting is 100,000 where at most 64" in messages[lines + 1]
    assert "--limit depth=N" in messages[lines + 1]
    assert "2,097,1" in messages[lines + 2] and "--limit decision-bytes=N" in messages[lines + 2]
    assert all(f["severity"] == "critical" for f in bad)
    assert all(len(f["records"][0]["text"]) <= 201 for f in bad)
    assert all(len(f["message"]) < 400 for f in bad)
    assert report["summary"]["by_status"]["confirmed"] > 0  # the log's decisions still apply


# --- seeds ------------------------------------------------------------------------------------


def _fifo(folder: Path) -> Path:
    os.mkfifo(folder / "seed.txt")
    return folder / "seed.txt"


@pytest.mark.parametrize(
    ("make", "needle"),
    [
        pytest.param(lambda folder: Path("/dev/zero"), "is a character device", id="dev-zero"),
        pytest.param(_fifo, "is a FIFO (named pipe)", id="fifo"),
        pytest.param(lambda folder: folder, "is a folder where a file belongs", id="folder"),
    ],
)
def test_init_refuses_a_seed_that_is_no_regular_file(
    tmp_path: Path, make: Any, needle: str
) -> None:
    seed = make(tmp_path)
    result = cli("init", str(tmp_path / "new"), "--seed", str(seed))
    one_error_line(result, str(seed), needle)
    assert not (tmp_path / "new").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_init_refuses_a_seed_over_the_limit_by_its_size(tmp_path: Path) -> None:
    seed = tmp_path / "report.txt"
    seed.write_text(TINY_SEED * 20, encoding="utf-8")
    size = seed.stat().st_size
    result = run("init", str(tmp_path / "new"), "--seed", str(seed), "--limit", "seed-bytes=1K")
    one_error_line(result, f"{size:,} where at most 1,024", "--limit seed-bytes=N")
    assert not (tmp_path / "new").exists()


def _seed_only_in_sources(package: Path) -> None:
    """The seed named by the sources table alone, not as a resource frictionless opens too."""
    edit_descriptor(
        package,
        lambda d: d.update(resources=[r for r in d["resources"] if r.get("path") != SEED]),
    )


def test_a_seed_that_is_a_fifo_is_a_finding_never_opened(bundled: Path) -> None:
    _seed_only_in_sources(bundled)
    (bundled / SEED).unlink()
    os.mkfifo(bundled / SEED)
    result = cli("validate", str(bundled), "--format", "json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    (finding,) = [f for f in report["findings"] if f["rule"] == "source.unreadable"]
    assert finding["severity"] == "critical"
    assert "is a FIFO (named pipe), not a regular file" in finding["message"]


def test_a_seed_over_the_limit_is_a_finding(bundled: Path) -> None:
    _seed_only_in_sources(bundled)
    code, report = run_json("validate", str(bundled), "--limit", "seed-bytes=1K")
    assert code == 1
    (finding,) = [f for f in report["findings"] if f["rule"] == "source.unreadable"]
    assert finding["severity"] == "critical"
    assert "--limit seed-bytes=N" in finding["message"] and "not read" in finding["message"]


def test_a_table_that_is_a_fifo_is_a_finding_of_every_stage_without_hanging(
    bundled: Path,
) -> None:
    """Every stage that would read the table says why it did not; none opens it."""
    (bundled / "data" / "bounds.csv").unlink()
    os.mkfifo(bundled / "data" / "bounds.csv")
    result = cli("validate", str(bundled), "--format", "json")
    assert result.returncode == 1, result.stderr
    critical = {
        f["rule"]: f["message"]
        for f in json.loads(result.stdout)["findings"]
        if f["severity"] == "critical"
    }
    assert "structure.not-a-file" in critical
    assert all("data/bounds.csv: is a FIFO (named pipe)" in m for m in critical.values())


def test_a_seed_resource_that_is_a_fifo_is_a_finding_without_hanging(bundled: Path) -> None:
    (bundled / SEED).unlink()
    os.mkfifo(bundled / SEED)
    result = cli("validate", str(bundled), "--format", "json", timeout=60)
    assert result.returncode == 1, result.stderr
    rules = {f["rule"] for f in json.loads(result.stdout)["findings"]}
    assert "source.unreadable" in rules


# --- lexicons ---------------------------------------------------------------------------------


def test_a_lexicon_linked_outside_is_refused_unread(tiny: Path, tmp_path: Path) -> None:
    outside = secret_file(tmp_path / "proc")
    (tiny / "lexicon").mkdir()
    (tiny / "lexicon" / "ru.json").symlink_to(outside)
    result = run("draft", str(tiny), "--force")
    line = one_error_line(result, "lexicon/ru.json", "resolves outside the package")
    assert SECRET not in line and str(outside) not in line


def test_a_lexicon_nested_too_deep_is_refused_before_parsing(tiny: Path) -> None:
    (tiny / "lexicon").mkdir()
    (tiny / "lexicon" / "ru.json").write_text("[" * 100_000, encoding="utf-8")
    one_error_line(run("draft", str(tiny), "--force"), "nesting is 100,000", "--limit depth=N")


# --- drafts/ ----------------------------------------------------------------------------------


def test_a_draft_linked_outside_is_refused_unread(tiny: Path, tmp_path: Path) -> None:
    outside = secret_file(tmp_path / "proc")
    before = outside.read_bytes()
    (tiny / "drafts" / "figures.csv").unlink()
    (tiny / "drafts" / "figures.csv").symlink_to(outside)
    line = one_error_line(
        run("draft", str(tiny), "--accept"), "drafts/figures.csv", "resolves outside the package"
    )
    assert SECRET not in line and str(outside) not in line
    forced = run("draft", str(tiny), "--force")  # nor written through
    one_error_line(forced, "drafts/figures.csv", "resolves outside the package")
    assert outside.read_bytes() == before
    result = run("validate", str(tiny), "--format", "json")
    assert SECRET not in result.stdout and str(outside) not in result.stdout
    (pending,) = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "draft.pending"]
    assert "resolves outside the package" in pending["message"]
    assert pending["severity"] == "critical"


def test_a_draft_that_is_a_fifo_is_refused_without_hanging(tiny: Path) -> None:
    (tiny / "drafts" / "proposals.csv").unlink()
    os.mkfifo(tiny / "drafts" / "proposals.csv")
    one_error_line(cli("draft", str(tiny), "--accept"), "drafts/proposals.csv is a FIFO")
    result = cli("validate", str(tiny), "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    (pending,) = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "draft.pending"]
    assert "drafts/proposals.csv is a FIFO (named pipe)" in pending["message"]
    assert (pending["severity"], result.returncode) == ("critical", 1)


# --- errors of the system: one line, nothing half-written -------------------------------------

_WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


class Refusing:
    """The system's answer `code` to every change under `root` after the first `after`: a
    read-only file system (EROFS: nothing may change) or a full disk (ENOSPC: nothing may be
    created or grow; renames and removals still work)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, root: Path, code: int, after: int = 0):
        self.root, self.code, self.left = str(root.resolve()), code, after
        self.refused = 0
        real = {name: getattr(os, name) for name in ("open", "mkdir", "link", "symlink")}
        real_open = builtins.open

        def under(path: Any) -> bool:
            if isinstance(path, int):
                return False
            return os.path.abspath(os.fsdecode(path)).startswith(self.root + os.sep)

        def refuse(path: Any) -> None:
            if self.left > 0:
                self.left -= 1
                return
            self.refused += 1
            raise OSError(self.code, os.strerror(self.code), os.fsdecode(path))

        def opening(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if flags & _WRITING and under(path):
                refuse(path)
            return int(real["open"](path, flags, *args, **kwargs))

        def io_opening(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            if any(c in mode for c in "wax+") and under(file):
                refuse(file)
            return real_open(file, mode, *args, **kwargs)

        def creating(name: str) -> Any:
            def call(path: Any, *args: Any, **kwargs: Any) -> Any:
                target = args[0] if name in ("link", "symlink") and args else path
                if under(target) or under(path):
                    refuse(target)
                return real[name](path, *args, **kwargs)

            return call

        monkeypatch.setattr(os, "open", opening)
        monkeypatch.setattr(builtins, "open", io_opening)
        monkeypatch.setattr(io, "open", io_opening)
        for name in ("mkdir", "link", "symlink"):
            monkeypatch.setattr(os, name, creating(name))
        if code == errno.EROFS:
            for name in ("replace", "rename", "unlink", "remove", "rmdir", "chmod", "utime"):
                real[name] = getattr(os, name)

                def changing(path: Any, *args: Any, _name: str = name, **kwargs: Any) -> Any:
                    other = args[0] if _name in ("replace", "rename") and args else path
                    if under(path) or under(other):
                        refuse(path)
                    return real[_name](path, *args, **kwargs)

                monkeypatch.setattr(os, name, changing)


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES, errno.ENOSPC], ids=errno.errorcode.get)
def test_decide_on_a_package_it_cannot_write(
    bundled: Path, misprint_id: str, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    before = tree_digest(bundled)
    with monkeypatch.context() as patch:
        refusing = Refusing(patch, bundled, code)
        result = run("decide", misprint_id, "confirm", str(bundled), "--reason", "as printed")
    one_error_line(result, "provenance/decisions.jsonl", os.strerror(code))
    assert refusing.refused
    assert tree_digest(bundled) == before


def test_decide_on_a_disk_that_fills_mid_line_leaves_the_log_as_it_was(
    bundled: Path, misprint_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The system writes half the line, then says the disk is full: the half is cut off."""
    before = tree_digest(bundled)
    log = str((bundled / LOG).resolve())
    real_write = os.write

    def filling(descriptor: int, data: Any) -> int:
        if os.path.realpath(f"/proc/self/fd/{descriptor}") == log and len(data) > 1:
            real_write(descriptor, bytes(data[: len(data) // 2]))
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(descriptor, data)

    with monkeypatch.context() as patch:
        patch.setattr(os, "write", filling)
        result = run("decide", misprint_id, "confirm", str(bundled), "--reason", "as printed")
    one_error_line(result, "No space left on device", "the log is as it was")
    assert tree_digest(bundled) == before


@pytest.mark.parametrize("code", [errno.EROFS, errno.ENOSPC], ids=errno.errorcode.get)
def test_anchor_on_a_package_it_cannot_write(
    bundled: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    # a cleared span: anchoring has something to write
    path = bundled / "provenance" / "provenance.csv"
    header, first, *rest = path.read_text(encoding="utf-8").split("\n")
    cells = first.split(",")
    names = header.split(",")
    cells[names.index("start")] = cells[names.index("end")] = ""
    path.write_text("\n".join([header, ",".join(cells), *rest]), encoding="utf-8")
    before = tree_digest(bundled)
    with monkeypatch.context() as patch:
        refusing = Refusing(patch, bundled, code)
        result = run("anchor", str(bundled))
    one_error_line(result, os.strerror(code))
    assert refusing.refused
    assert tree_digest(bundled) == before


@pytest.mark.parametrize("code", [errno.EROFS, errno.ENOSPC], ids=errno.errorcode.get)
def test_draft_accept_on_a_package_it_cannot_write(
    tiny: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    before = tree_digest(tiny)
    with monkeypatch.context() as patch:
        refusing = Refusing(patch, tiny, code)
        result = run("draft", str(tiny), "--accept")
    one_error_line(result, os.strerror(code))
    assert refusing.refused
    assert tree_digest(tiny) == before


@pytest.mark.parametrize("after", [0, 6, 100])
def test_publish_onto_a_full_disk(
    bundled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, after: int
) -> None:
    """The disk fills at once, after a few files of the package's copy, or as the release is
    written (of some 127 files and folders): one line, the package unchanged, and nothing left
    where the release was to go."""
    releases = tmp_path / "releases"
    releases.mkdir()
    before = tree_digest(bundled)
    with monkeypatch.context() as patch:
        refusing = Refusing(patch, releases, errno.ENOSPC, after=after)
        result = run("publish", str(bundled), "--out", str(releases / "x"))
    one_error_line(result, "No space left on device")
    assert refusing.refused
    assert tree_digest(bundled) == before
    assert list(releases.iterdir()) == []


# --- the net under every command --------------------------------------------------------------


def test_an_error_of_the_system_is_one_line_and_a_library_bug_is_not_hidden(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def probe(kind: str) -> None:
        if kind == "system":
            raise PermissionError(errno.EACCES, "Permission denied", "data/figures.csv")
        raise ConnectionError("a library's own error, with no errno")

    command = click.command()(click.argument("kind")(reports_errors(probe)))
    result = CliRunner().invoke(command, ["system"], prog_name="probe")
    assert result.exit_code == 2
    assert result.stderr == "Error: tekser probe stopped: Permission denied (data/figures.csv)\n"
    with pytest.raises(ConnectionError):
        CliRunner().invoke(command, ["library"], catch_exceptions=False)
    monkeypatch.setenv("TEKSER_DEBUG", "1")
    with pytest.raises(PermissionError):
        CliRunner().invoke(command, ["system"], catch_exceptions=False)


# --- checks/ ----------------------------------------------------------------------------------

RULE = """-- rule: local.secret
-- severity: warning
-- table: figures
-- description: reads nothing but its batch
-- message: {figure_id}
SELECT * FROM {batch} WHERE figure_id = 'no such figure'
"""


@pytest.mark.parametrize("link", ["checks", "checks/rules", "checks/rules/local.secret.sql"])
def test_checks_linked_out_of_the_package_are_refused_unread(
    bundled: Path, tmp_path: Path, link: str
) -> None:
    outside = tmp_path / "outside"
    (outside / "rules").mkdir(parents=True)
    (outside / "rules" / "local.secret.sql").write_text(RULE + f"-- {SECRET}\n", "utf-8")
    (bundled / link).parent.mkdir(parents=True, exist_ok=True)
    target = {"checks": outside, "checks/rules": outside / "rules"}.get(
        link, outside / "rules" / "local.secret.sql"
    )
    (bundled / link).symlink_to(target)
    line = one_error_line(run("validate", str(bundled)), "resolves outside the package")
    assert SECRET not in line and str(outside) not in line


def test_a_rule_file_that_is_a_fifo_is_refused_without_hanging(bundled: Path) -> None:
    (bundled / "checks" / "rules").mkdir(parents=True)
    os.mkfifo(bundled / "checks" / "rules" / "local.secret.sql")
    one_error_line(cli("validate", str(bundled)), "rules/local.secret.sql is a FIFO")


def test_a_rule_past_document_bytes_is_refused(bundled: Path) -> None:
    (bundled / "checks" / "rules").mkdir(parents=True)
    (bundled / "checks" / "rules" / "local.secret.sql").write_text(RULE + "-- x\n" * 400, "utf-8")
    one_error_line(
        run("validate", str(bundled), "--limit", "document-bytes=1K"), "--limit document-bytes"
    )


def test_checks_settings_nested_past_depth_are_refused(bundled: Path) -> None:
    (bundled / "checks").mkdir()
    (bundled / "checks" / "suite.json").write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    one_error_line(run("validate", str(bundled)), "suite.json", "--limit depth")


# --- publish ------------------------------------------------------------------------------------


def test_publish_refuses_a_decisions_log_linked_out_of_the_package(
    bundled: Path, tmp_path: Path
) -> None:
    """Left out of the release, the log would publish the package as if nothing were
    decided (with --allow-undecided): publish stops instead, and nothing is published."""
    outside = tmp_path / "log.jsonl"
    outside.write_bytes((bundled / "provenance" / "decisions.jsonl").read_bytes())
    (bundled / "provenance" / "decisions.jsonl").unlink()
    (bundled / "provenance" / "decisions.jsonl").symlink_to(outside)
    out = tmp_path / "release"
    result = run("publish", str(bundled), "--out", str(out), "--allow-undecided")
    one_error_line(result, "provenance/decisions.jsonl", "nothing is published")
    assert not out.exists()
