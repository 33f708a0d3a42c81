"""Several files of a package changed as one: all of them, or none.

A `FileTransaction` writes each new content into the staging folder `.tekser-commit.d/` at
the package root (each file fsynced), then the journal `.tekser-commit.json` (fsynced, and
renamed into place): that rename is the commit point. Then each staged file is renamed over
its target, the removals are made, and the staging folder and the journal are removed.

A kill before the commit point leaves the package as it was, and a staging folder the next
command removes (`recover`: rolled back); a kill after it leaves the journal, which the next
command follows to the end (rolled forward). Either way the package holds the old state or
the new one. `pending_commit` says what is pending and changes nothing (for `validate`).

One transaction or recovery at a time per package: each holds an exclusive lock on the
package folder itself (no lock file is made). A journal is a stranger's file like any
other: one that names a path outside the package, or anything tekser did not write, is
refused and nothing is done.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import Any

from tekser.core.errors import RefusedWrite, TekserError

JOURNAL = ".tekser-commit.json"
STAGING = ".tekser-commit.d"
_COMMAND = "command"  # in the staging folder: what was being committed, for a roll back
_STAGED = re.compile(r"[0-9]{1,6}")
_JOURNAL_BYTES = 1 << 20  # a journal lists paths; one larger is not tekser's
_KIND = "tekser-commit"


def say(note: str) -> None:
    """Tell the person running tekser, on stderr, what was done before their command."""
    print(f"tekser: {note}", file=sys.stderr, flush=True)


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on `folder` for the block: a lock on the folder itself, so that
    no file is made, released when the process ends however it ends."""
    try:
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise TekserError(f"{folder}: cannot open the folder ({exc.strerror})") from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # releases the lock


def fsync_folder(folder: Path) -> None:
    """Make the entries of `folder` (a rename, a new file) durable; a no-op where a folder
    cannot be opened for it."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def write_synced(path: Path, data: bytes, mode: int) -> None:
    """Create `path` (it must not exist, nor be a link) holding `data`, with `mode`, on disk."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fchmod(stream.fileno(), mode)
        os.fsync(stream.fileno())


def new_file_mode() -> int:
    """The mode a new file gets here: 0o666 less the umask."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


class FileTransaction:
    """Files of the package at `root` written and removed together: all, or none.

        with FileTransaction(root, "anchor") as tx:
            tx.write(root / "data" / "figures.csv", data)
            tx.remove(root / "drafts")

    `write` stages the new content at once (the package is untouched until the block ends);
    the block's normal end commits. An exception (or Ctrl-C) in the block removes what was
    staged; any other BaseException is taken for the kill it stands for in tests, and leaves
    everything as a kill would, for the next command to resolve. An error after the commit
    point leaves the journal, and says that the next command will finish the commit.
    """

    def __init__(self, root: Path, command: str) -> None:
        self.root = Path(root).resolve()
        self.command = command
        self.staging = self.root / STAGING
        self._moves: dict[str, str] = {}  # target (relative) -> staged file name
        self._removals: list[str] = []
        self._stack = contextlib.ExitStack()

    def __enter__(self) -> FileTransaction:
        self._stack.enter_context(locked(self.root))
        try:
            note = _recover_locked(self.root)
            if note:
                say(note)
            self.staging.mkdir(mode=0o700)
            write_synced(self.staging / _COMMAND, self.command.encode("utf-8"), 0o600)
        except OSError as exc:
            shutil.rmtree(self.staging, ignore_errors=True)
            self._stack.close()
            raise RefusedWrite(
                f"{self.root}: cannot write the package ({exc.strerror}); nothing changed"
            ) from None
        except BaseException:
            self._stack.close()
            raise
        return self

    def write(self, path: Path, data: bytes) -> None:
        """Stage `data` as the new content of `path` (a file of the package)."""
        relative = self._relative(path)
        again = relative in self._moves
        name = self._moves.setdefault(relative, str(len(self._moves)))
        target = self.root / relative
        mode = target.stat().st_mode & 0o7777 if target.is_file() else new_file_mode()
        staged = self.staging / name
        if again:
            staged.unlink()  # written twice: the last content wins
        try:
            write_synced(staged, data, mode)
        except OSError as exc:
            raise RefusedWrite(
                f"{STAGING}/: cannot write the new {relative} ({exc.strerror}); nothing changed"
            ) from None

    def write_text(self, path: Path, text: str) -> None:
        self.write(path, text.encode("utf-8"))

    def remove(self, path: Path) -> None:
        """Remove `path` (a file, or a folder and all it holds) once the writes are made."""
        self._removals.append(self._relative(path))

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            if kind is None:
                self._commit()
            elif issubclass(kind, (Exception, KeyboardInterrupt)):
                shutil.rmtree(self.staging, ignore_errors=True)  # nothing was committed
        finally:
            self._stack.close()

    def _relative(self, path: Path) -> str:
        full = Path(os.path.abspath(path))
        if not full.is_relative_to(self.root) or full == self.root:
            raise TekserError(f"{path}: not a file of the package at {self.root}")
        relative = full.relative_to(self.root).as_posix()
        _check_relative(self.root, relative)
        return relative

    def _commit(self) -> None:
        if not self._moves and not self._removals:
            shutil.rmtree(self.staging, ignore_errors=True)
            return
        try:
            for relative in self._moves:
                _check_writable(self.root, relative)
        except (Exception, KeyboardInterrupt):
            shutil.rmtree(self.staging, ignore_errors=True)
            raise
        journal = {
            "kind": _KIND,
            "command": self.command,
            "moves": [[name, relative] for relative, name in self._moves.items()],
            "removals": self._removals,
        }
        data = json.dumps(journal, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
        try:
            write_synced(self.staging / "journal", data, 0o600)
            fsync_folder(self.staging)
            os.replace(self.staging / "journal", self.root / JOURNAL)  # the commit point
        except OSError as exc:  # the rename did not happen: nothing is committed
            shutil.rmtree(self.staging, ignore_errors=True)
            raise RefusedWrite(
                f"{self.root}: cannot write the commit journal ({exc.strerror}); nothing changed"
            ) from None
        except (Exception, KeyboardInterrupt):
            shutil.rmtree(self.staging, ignore_errors=True)
            raise
        fsync_folder(self.root)
        try:
            _roll_forward(self.root, journal)
        except KeyboardInterrupt:
            with contextlib.suppress(Exception):
                _roll_forward(self.root, journal)  # past the commit point: finish it
            raise
        except OSError as exc:
            raise RefusedWrite(
                f"the `{self.command}` commit stopped ({exc.strerror}: {exc.filename}); "
                "the next tekser command on this package finishes it"
            ) from None


def _check_relative(root: Path, relative: object) -> str:
    """`relative` if it names a place inside `root` that a commit may write: a plain relative
    path (no `..`, not the journal or the staging folder), whose existing part stays inside
    `root` when links are followed."""
    if not isinstance(relative, str) or not relative or "\\" in relative or "\0" in relative:
        raise TekserError(f"{JOURNAL}: {relative!r} is not a path in the package; refused")
    pure = PurePosixPath(relative)
    if pure.is_absolute() or any(part in ("", ".", "..") for part in relative.split("/")):
        raise TekserError(f"{JOURNAL}: {relative!r} is not a path in the package; refused")
    if pure.parts[0] in (JOURNAL, STAGING):
        raise TekserError(f"{JOURNAL}: {relative!r} is tekser's own commit file; refused")
    if not (root / relative).parent.resolve().is_relative_to(root.resolve()):
        raise TekserError(f"{JOURNAL}: {relative!r} leads outside the package; refused")
    return relative


def _check_writable(root: Path, relative: str) -> None:
    target = root / relative
    if target.is_dir() and not target.is_symlink():
        raise RefusedWrite(f"{relative}: a folder where a file belongs; nothing changed")
    folder = target.parent
    while not folder.exists():
        folder = folder.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise RefusedWrite(f"{folder}: cannot write there (permission denied); nothing changed")


def _read_journal(root: Path) -> dict[str, Any]:
    """The journal at `root`, checked: every path it names stays inside the package."""
    path = root / JOURNAL
    if path.is_symlink() or not path.is_file():
        raise TekserError(f"{JOURNAL}: not a file tekser wrote; check the package, then remove it")
    try:
        with path.open("rb") as handle:
            raw = handle.read(_JOURNAL_BYTES + 1)
    except OSError as exc:
        raise TekserError(f"{JOURNAL}: cannot read ({exc.strerror})") from None
    try:
        if len(raw) > _JOURNAL_BYTES:
            raise ValueError("too large")
        journal = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        journal = None
    if (
        not isinstance(journal, dict)
        or journal.get("kind") != _KIND
        or not isinstance(journal.get("command"), str)
        or not isinstance(journal.get("moves"), list)
        or not isinstance(journal.get("removals"), list)
    ):
        raise TekserError(
            f"{JOURNAL}: not a commit journal tekser wrote; check the package, then remove it"
        )
    for move in journal["moves"]:
        if not (
            isinstance(move, list)
            and len(move) == 2
            and isinstance(move[0], str)
            and _STAGED.fullmatch(move[0])
        ):
            raise TekserError(f"{JOURNAL}: {move!r} is not a move tekser wrote; refused")
        _check_relative(root, move[1])
    for removal in journal["removals"]:
        _check_relative(root, removal)
    return journal


def _roll_forward(root: Path, journal: dict[str, Any]) -> int:
    """Finish the commit `journal` describes; each step is skipped once done, so that a
    commit interrupted again is finished by the next try. Returns the files it concerns."""
    staging = root / STAGING
    folders = {root}
    for name, relative in journal["moves"]:
        source = staging / name
        if source.is_symlink() or not source.is_file():
            continue  # renamed already (or, in a forged journal, nothing of ours)
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
        folders.add(target.parent)
    for relative in journal["removals"]:
        target = root / relative
        if target.is_symlink() or target.is_file():
            target.unlink()
        elif target.is_dir():
            shutil.rmtree(target)
        folders.add(target.parent)
    for folder in folders:
        fsync_folder(folder)
    shutil.rmtree(staging, ignore_errors=True)
    os.unlink(root / JOURNAL)
    fsync_folder(root)
    return len(journal["moves"]) + len(journal["removals"])


def _staged_command(root: Path) -> str:
    path = root / STAGING / _COMMAND
    try:
        if not path.is_symlink():
            with path.open("rb") as handle:
                text = handle.read(200).decode("utf-8", "replace")
                if text.isprintable():
                    return text
    except OSError:
        pass
    return "tekser command"


def _recover_locked(root: Path) -> str | None:
    if os.path.lexists(root / JOURNAL):
        journal = _read_journal(root)
        try:
            count = _roll_forward(root, journal)
        except OSError as exc:
            raise TekserError(
                f"{JOURNAL}: cannot finish the interrupted `{journal['command']}` "
                f"({exc.strerror}: {exc.filename}); nothing else was done"
            ) from None
        return f"finished an interrupted `{journal['command']}` ({count} file(s))"
    staging = root / STAGING
    if os.path.lexists(staging):
        command = _staged_command(root)
        try:
            if staging.is_symlink() or not staging.is_dir():
                staging.unlink()
            else:
                shutil.rmtree(staging)
        except OSError as exc:
            raise TekserError(f"{STAGING}: cannot remove ({exc.strerror})") from None
        fsync_folder(root)
        return (
            f"rolled back an interrupted `{command}` (it had changed nothing; "
            f"its unfinished files in {STAGING}/ are removed)"
        )
    return None


def recover(root: Path) -> str | None:
    """Resolve what an interrupted commit left in the package at `root`: finish it when its
    journal was written (roll forward), else remove its staged files (roll back). Returns
    what was done, in one line, or None when nothing was left. Raises TekserError for a
    journal tekser did not write (nothing is done then)."""
    root = Path(root).resolve()
    if not os.path.lexists(root / JOURNAL) and not os.path.lexists(root / STAGING):
        return None  # the common case: no lock taken, nothing written
    with locked(root):
        return _recover_locked(root)


def settle(root: Path) -> str | None:
    """`recover`, saying on stderr what was done: what each command that writes a package
    calls first. Returns the note (None when there was nothing to do)."""
    note = recover(root)
    if note:
        say(note)
    return note


def pending_commit(root: Path) -> str | None:
    """What an interrupted commit left in the package at `root`, in one line, or None; reads
    only (for `validate`, which never changes a file)."""
    root = Path(root)
    if os.path.lexists(root / JOURNAL):
        try:
            journal = _read_journal(root.resolve())
        except TekserError as exc:
            return str(exc)
        count = len(journal["moves"]) + len(journal["removals"])
        return (
            f"{JOURNAL}: an interrupted `{journal['command']}` was committed but not finished "
            f"({count} file(s)); the next tekser command that writes the package finishes it"
        )
    if os.path.lexists(root / STAGING):
        return (
            f"{STAGING}/: an interrupted `{_staged_command(root)}` left unfinished files (the "
            "package is as before it); the next tekser command that writes the package "
            "removes them"
        )
    return None
