"""A kill at any instant of a command that writes several files leaves the old state or the
new one, and the next command resolves whatever the kill left, saying so.

The kill is injected between the steps that change files (every rename, link, unlink and
tree removal), at each step in turn: `Killed` stands for kill -9, a BaseException that no
handler of tekser takes for an error to clean up after. Then the package (or release) must be
byte for byte the old state or the new one, or hold a leftover of the commit that the next
command finishes or rolls back, after which it is exactly one of the two.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import tekser.release.commit as committing
from tekser.authoring.init import init_package
from tekser.core.errors import TekserError
from tekser.core.transaction import JOURNAL, STAGING, FileTransaction, pending_commit, recover
from tekser.release.publish import publish_package
from tests.conftest import ROOT, copy_package, edit_rows, rehash, run, run_json, tree_digest
from tests.test_publish import FIXTURE, with_checks

SEED = ROOT / "examples/stalin-1934/seeds/stalin-1934-xvii-congress-report-agriculture-living.txt"
STEPS: tuple[tuple[Any, str], ...] = (
    (os, "replace"),
    (os, "rename"),
    (os, "link"),
    (os, "unlink"),
    (os, "rmdir"),
    (shutil, "rmtree"),
    (committing, "_exchange"),  # publish swaps the old release and the new in one step
)


class Killed(BaseException):
    """The command stops here, as under kill -9: no `except Exception` runs."""


@contextlib.contextmanager
def killed_before(step: int | None) -> Iterator[list[str]]:
    """Count every step that changes a file; with `step`, raise Killed instead of taking
    step number `step` (so `step` steps are done). Yields the steps taken."""
    done: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        for module, name in STEPS:
            real = getattr(module, name)

            def take(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
                if step is not None and len(done) >= step:
                    raise Killed(f"before {_name} {args[0]}")
                done.append(f"{_name} {args[0]}")
                return _real(*args, **kwargs)

            patch.setattr(module, name, take)
        yield done


def steps_of(command: Callable[[], object]) -> int:
    with killed_before(None) as done:
        command()
    assert done, "the command changed no file"
    return len(done)


def leftover(root: Path) -> bool:
    return (root / JOURNAL).exists() or (root / STAGING).exists()


# --- draft --accept --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A package as an author has it: `tekser init` around a seed, then `tekser draft`."""
    package = init_package(tmp_path_factory.mktemp("drafted") / "package", SEED).folder
    assert run("draft", str(package), "--agent", "A. Author").exit_code == 0
    return package


def accept(package: Path) -> Any:
    return run("draft", str(package), "--accept", "--agent", "A. Author")


def test_draft_accept_killed_at_every_step(drafted: Path, tmp_path: Path) -> None:
    old = tree_digest(drafted)
    done = shutil.copytree(drafted, tmp_path / "done")
    total = steps_of(lambda: accept(done))
    new = tree_digest(done)
    assert new != old and not (done / "drafts").exists()
    outcomes = {"old": 0, "new": 0, "rolled back": 0, "finished": 0}
    for step in range(total):
        package = shutil.copytree(drafted, tmp_path / f"killed-{step}")
        with pytest.raises(Killed), killed_before(step):
            accept(package)
        state = tree_digest(package)
        if state in (old, new):
            outcomes["old" if state == old else "new"] += 1
            assert not leftover(package)
        else:
            assert leftover(package), f"step {step}: neither old nor new, and no journal"
        assert pending_commit(package) is None or leftover(package)
        again = accept(package)  # the next command: resolves, then accepts if there is work
        if state not in (old, new):
            note = again.stderr.splitlines()[0]
            kind = "finished" if note.startswith("tekser: finished") else "rolled back"
            assert note.startswith(f"tekser: {kind} an interrupted `draft --accept`"), note
            outcomes[kind] += 1
        if again.exit_code == 2:  # the commit was finished: nothing is left to accept
            assert "no proposals to accept" in again.stderr
        else:
            assert again.exit_code == 0, again.output
        assert tree_digest(package) == new, f"step {step}"
    # Killed before the commit point: rolled back; after it (the last step is the journal's
    # removal): finished. Old and new only before the first step and after the last.
    assert outcomes == {"old": 0, "new": 0, "rolled back": 1, "finished": total - 1}, outcomes
    assert total >= 8, total


def test_accepted_package_validates_and_accepts_no_more(drafted: Path, tmp_path: Path) -> None:
    package = shutil.copytree(drafted, tmp_path / "package")
    with pytest.raises(Killed), killed_before(3):  # the journal and two files renamed
        accept(package)
    assert "draft --accept" in (pending_commit(package) or "")
    assert pending_commit(package) == pending_commit(package)  # it only reads
    note = recover(package)
    assert note is not None and note.startswith("finished an interrupted `draft --accept`")
    report = json.loads(run("validate", str(package), "--format", "json").stdout)
    bad = [f for f in report["findings"] if f["severity"] == "critical" and f["stage"] in (
        "structure", "provenance")]  # fmt: skip
    assert bad == []
    assert "no proposals to accept" in accept(package).stderr


# --- anchor ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def loose(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled package with every span of provenance and exclusions blanked (hashes made
    true again): anchor rewrites both tables and the descriptor."""
    package = copy_package(ROOT, tmp_path_factory.mktemp("loose") / "package")
    spans = ("start", "end", "prefix", "suffix", "line", "page")

    def blank(rows: list[dict[str, str]]) -> None:
        for row in rows:
            if not row.get("pattern"):
                row.update(dict.fromkeys(spans, ""))

    edit_rows(package / "provenance" / "provenance.csv", blank)
    edit_rows(package / "provenance" / "exclusions.csv", blank)
    rehash(package)
    return package


def test_anchor_killed_at_every_step(loose: Path, tmp_path: Path) -> None:
    old = tree_digest(loose)
    done = shutil.copytree(loose, tmp_path / "done")
    total = steps_of(lambda: run("anchor", str(done)))
    new = tree_digest(done)
    assert {"provenance/provenance.csv", "provenance/exclusions.csv", "datapackage.json"} == {
        name for name in new if new[name] != old.get(name)
    }
    for step in range(total):
        package = shutil.copytree(loose, tmp_path / f"killed-{step}")
        with pytest.raises(Killed), killed_before(step):
            run("anchor", str(package))
        state = tree_digest(package)
        assert state in (old, new) or leftover(package), f"step {step}"
        again = run("anchor", str(package))
        assert again.exit_code == 0, again.output
        if state not in (old, new):
            assert again.stderr.startswith("tekser: "), again.stderr
            assert "an interrupted `anchor`" in again.stderr.splitlines()[0]
        assert tree_digest(package) == new, f"step {step}"
    assert total >= 5, total


# --- publish --force ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ru_report(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from tekser.validate import validate_package

    return validate_package(with_checks(FIXTURE, tmp_path_factory.mktemp("ru") / "ru-mini"))


def release_digest(folder: Path) -> dict[str, str]:
    """The release at folder/ru and its zip, nothing else."""
    digest = {f"ru/{k}": v for k, v in tree_digest(folder / "ru").items()} if (
        folder / "ru").is_dir() else {}  # fmt: skip
    if (folder / "ru.zip").is_file():
        digest["ru.zip"] = tree_digest(folder)["ru.zip"]
    return digest


@pytest.mark.parametrize("swap", [True, False], ids=["folders-swapped", "moved-aside"])
def test_publish_force_killed_at_every_step_of_its_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ru_report: Any, swap: bool
) -> None:
    """Where the system swaps two folders in one step, --out holds the old release or the new
    one at every instant; where it cannot, a kill between moving the old one aside and the
    new one in leaves the journal, and the next publish into --out puts the new one in."""
    import tekser.release.publish as publishing

    monkeypatch.setattr(publishing, "validate_opened", lambda package: ru_report)
    if not swap:
        monkeypatch.setattr(committing, "_exchange", lambda first, second: False)
    package = with_checks(FIXTURE, tmp_path / "ru-mini")

    def publish(folder: Path, epoch: str, *, force: bool = True) -> None:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        publish_package(package, folder / "ru", zip_=True, allow_undecided=True, force=force)

    first, reference = tmp_path / "first", tmp_path / "reference"
    first.mkdir()
    publish(first, "1700000000", force=False)
    old = release_digest(first)
    shutil.copytree(first, reference)
    publish(reference, "1800000000")
    new = release_digest(reference)
    assert old != new and set(old) == set(new)

    from tekser.release.commit import commit as real_commit

    killed_at: list[int | None] = [None]

    def commit(*args: Any, **kwargs: Any) -> None:
        with killed_before(killed_at[0]) as done:
            real_commit(*args, **kwargs)
        killed_at.append(len(done))

    monkeypatch.setattr(publishing, "commit", commit)
    folder = shutil.copytree(first, tmp_path / "count")
    publish(folder, "1800000000")
    total = killed_at[-1]
    assert total is not None and total >= 5 and release_digest(folder) == new

    finished = empty = 0
    for step in range(total):
        folder = shutil.copytree(first, tmp_path / f"killed-{step}")
        assert release_digest(folder) == old
        killed_at[:] = [step]
        with pytest.raises(Killed):
            publish(folder, "1800000000")
        journal = folder / ".ru.tekser-publish.json"
        state, interrupted = release_digest(folder), journal.exists()
        assert state in (old, new) or interrupted, f"step {step}: neither, and no journal"
        # The folder and the zip are each whole, old or new (the zip may be new a moment
        # before the folder); without a swap the folder may be gone, until the next publish.
        assert state.get("ru.zip") in (old["ru.zip"], new["ru.zip"])
        folders = [{k: v for k, v in d.items() if k.startswith("ru/")} for d in (old, new)]
        assert {k: v for k, v in state.items() if k.startswith("ru/")} in folders or not swap
        empty += not (folder / "ru").exists()
        # The next publish into --out (without --force: it refuses to replace) first
        # finishes what the kill left, and says so.
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1900000000")
        gc.collect()  # the killed publish's frames, and with them its hold on its staging folder
        again = run("publish", str(package), "--out", str(folder / "ru"), "--zip",
                    "--allow-undecided")  # fmt: skip
        assert again.exit_code == 2 and "give --force" in again.stderr, again.stderr
        assert not journal.exists(), f"step {step}"
        if interrupted:
            assert again.stderr.startswith("tekser: finished an interrupted `publish --force`")
            assert release_digest(folder) == new, f"step {step}"
            finished += 1
        else:  # killed before its journal: its staging folder is all it left
            assert release_digest(folder) == state, f"step {step}"
            assert "removed the staging folder(s) of 1 interrupted publish(es)" in again.stderr
        assert sorted(path.name for path in folder.iterdir()) == ["ru", "ru.zip"]
    assert finished, "no kill fell between the commit point and the end"
    assert bool(empty) is not swap, empty  # the window the swap closes is there without it


# --- a real kill -9, and errors that are not kills -------------------------------------------

KILLER = """
import os, signal, sys
calls, real = [0], os.replace
def replace(*args, **kwargs):
    if calls[0] == int(os.environ["KILL_AT"]):
        os.kill(os.getpid(), signal.SIGKILL)
    calls[0] += 1
    return real(*args, **kwargs)
os.replace = replace
from tekser.cli import main
sys.argv[0] = "tekser"
main()
"""


@pytest.mark.parametrize("at", [0, 1, 3])  # before the journal; after it; between the renames
def test_draft_accept_under_a_real_kill_9(drafted: Path, tmp_path: Path, at: int) -> None:
    package = shutil.copytree(drafted, tmp_path / "package")
    old = tree_digest(package)
    command = [sys.executable, "-c", KILLER, "draft", str(package), "--accept", "--agent", "A"]
    ended = subprocess.run(command, env=os.environ | {"KILL_AT": str(at)}, capture_output=True,
                           text=True, timeout=120, check=False)  # fmt: skip
    assert ended.returncode == -signal.SIGKILL, ended.stderr
    assert leftover(package) and tree_digest(package) != old
    again = run("anchor", str(package))  # any command that writes the package resolves it
    assert again.exit_code == 0, again.output
    kind = "rolled back" if at == 0 else "finished"
    assert again.stderr.startswith(f"tekser: {kind} an interrupted `draft --accept`")
    assert not leftover(package)
    if at == 0:
        assert tree_digest(package) == old
        assert accept(package).exit_code == 0
    assert not (package / "drafts").exists()


def test_an_error_past_the_commit_point_is_finished_by_the_next_command(
    drafted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = shutil.copytree(drafted, tmp_path / "package")
    done = shutil.copytree(drafted, tmp_path / "done")
    assert accept(done).exit_code == 0
    real, calls = os.replace, []

    def replace(source: Any, target: Any) -> None:
        calls.append(target)
        if len(calls) == 3:
            raise OSError(28, "No space left on device", str(target))
        real(source, target)

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", replace)
        failed = accept(package)
    assert failed.exit_code == 2
    lines = failed.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: the `draft --accept` commit stopped")
    assert "the next tekser command on this package finishes it" in lines[0]
    assert "no proposals to accept" in accept(package).stderr
    assert tree_digest(package) == tree_digest(done)


def test_an_error_before_the_commit_point_changes_nothing(
    drafted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = shutil.copytree(drafted, tmp_path / "package")
    old = tree_digest(package)
    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", lambda *args: (_ for _ in ()).throw(OSError(5, "I/O")))
        failed = accept(package)
    assert failed.exit_code == 2 and "nothing changed" in failed.stderr, failed.stderr
    assert tree_digest(package) == old


# --- a stranger's journal ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "target", ["../outside.txt", "/tmp/outside.txt", "link/outside.txt", ".tekser-commit.d/0"]
)
def test_a_forged_journal_is_refused_and_nothing_is_written(
    drafted: Path, tmp_path: Path, target: str
) -> None:
    package = shutil.copytree(drafted, tmp_path / "package")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (package / "link").symlink_to(outside)
    (package / STAGING).mkdir()
    (package / STAGING / "0").write_text("planted", encoding="utf-8")
    journal = {"kind": "tekser-commit", "command": "anchor", "moves": [["0", target]],
               "removals": []}  # fmt: skip
    (package / JOURNAL).write_text(json.dumps(journal), encoding="utf-8")
    before, around = tree_digest(package), tree_digest(tmp_path)
    note = pending_commit(package)
    assert note is not None and note.startswith(f"{JOURNAL}: {target!r}"), note
    assert note.endswith("; refused")
    result = run("anchor", str(package))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {JOURNAL}: {target!r}"), result.stderr
    assert tree_digest(package) == before and tree_digest(tmp_path) == around
    assert not Path("/tmp/outside.txt").exists()


def test_a_journal_that_is_not_tekser_s_is_refused(drafted: Path, tmp_path: Path) -> None:
    package = shutil.copytree(drafted, tmp_path / "package")
    (package / JOURNAL).write_text("[" * 100_000, encoding="utf-8")
    before = tree_digest(package)
    assert pending_commit(package) == (
        f"{JOURNAL}: not a commit journal tekser wrote; check the package, then remove it"
    )
    with pytest.raises(TekserError, match="not a commit journal tekser wrote"):
        recover(package)
    assert tree_digest(package) == before


def test_a_transaction_writes_and_removes_together(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "gone").mkdir(parents=True)
    (root / "gone" / "file").write_text("x", encoding="utf-8")
    (root / "kept.txt").write_text("old", encoding="utf-8")
    (root / "kept.txt").chmod(0o640)
    with FileTransaction(root, "test") as transaction:
        transaction.write_text(root / "kept.txt", "first")
        transaction.write_text(root / "kept.txt", "new")
        transaction.write_text(root / "new" / "deep.txt", "made")
        transaction.remove(root / "gone")
        assert (root / "kept.txt").read_text(encoding="utf-8") == "old"  # not before the end
    assert sorted(tree_digest(root)) == ["kept.txt", "new", "new/deep.txt"]
    assert (root / "kept.txt").read_text(encoding="utf-8") == "new"
    assert (root / "kept.txt").stat().st_mode & 0o777 == 0o640
    with (
        pytest.raises(TekserError, match="not a file of the package"),
        FileTransaction(root, "test") as transaction,
    ):
        transaction.write_text(tmp_path / "outside.txt", "no")
    with pytest.raises(ValueError), FileTransaction(root, "test") as transaction:
        transaction.write_text(root / "kept.txt", "never")
        raise ValueError
    assert sorted(tree_digest(root)) == ["kept.txt", "new", "new/deep.txt"]
    assert (root / "kept.txt").read_text(encoding="utf-8") == "new"


def test_a_live_publish_s_staging_folder_is_not_swept(tmp_path: Path) -> None:
    from tekser.release.commit import Claim, destination, settle_release

    where = destination(tmp_path / "ru", zip_=False)
    live, dead = tmp_path / ".ru.0123456789ab.publishing", tmp_path / ".ru.ba9876543210.publishing"
    other = tmp_path / ".ru-x.0123456789ab.publishing"  # another --out's
    for folder in (live, dead, other):
        folder.mkdir()
        (folder / "part").write_text("building", encoding="utf-8")
    claim = Claim(live)
    assert settle_release(where) == (
        f"removed the staging folder(s) of 1 interrupted publish(es) into {where.target} "
        f"({dead.name}); nothing of them had been put in place"
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([live.name, other.name])
    claim.release()
    assert settle_release(where) is not None and not live.exists() and other.exists()
    assert settle_release(where) is None


def test_validate_reports_an_interrupted_commit_and_changes_nothing(
    drafted: Path, tmp_path: Path
) -> None:
    """validate never writes: what a kill left is its finding, critical once committed (the
    files are part old, part new), info before (the package as it was, files beside it)."""
    found = {}
    for step, severity in ((0, "info"), (3, "critical")):
        package = shutil.copytree(drafted, tmp_path / f"killed-{step}")
        with pytest.raises(Killed), killed_before(step):
            accept(package)
        before = tree_digest(package)
        code, report = run_json("validate", str(package), "--fail-on", "critical")
        [finding] = [f for f in report["findings"] if f["rule"] == "package.interrupted-commit"]
        found[step] = finding
        assert finding["severity"] == severity
        if severity == "critical":
            assert code == 1
        assert tree_digest(package) == before
    assert found[0]["message"].startswith(".tekser-commit.d/: an interrupted `draft --accept`")
    assert found[3]["message"].startswith(
        ".tekser-commit.json: an interrupted `draft --accept` was committed but not finished"
    )
