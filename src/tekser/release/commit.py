"""The zip of a release, and putting a built release in place: where it may go, and the moves
that make it appear whole or not at all."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
import stat
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from tekser.core.errors import RefusedWrite, TekserError
from tekser.core.transaction import fsync_folder, locked, say, write_synced
from tekser.package.descriptor import DESCRIPTOR, Package
from tekser.release.model import DIR_MODE, FILE_MODE, SUMS, ZIP_EPOCH, utc

ZIP_LEVEL = 9


def write_zip(folder: Path, archive: Path, *, prefix: str, when: str) -> None:
    """Zip `folder` under the top folder `prefix`, reproducibly: entries sorted, one fixed
    timestamp, fixed permissions, deflate at a fixed level, no extra fields."""
    moment = max(utc(when) or ZIP_EPOCH, ZIP_EPOCH)
    date_time = moment.timetuple()[:6]
    entries: list[tuple[str, Path | None]] = [(f"{prefix}/", None)]
    for found in folder.rglob("*"):
        relative = found.relative_to(folder).as_posix()
        entries.append(
            (f"{prefix}/{relative}/", None) if found.is_dir() else (f"{prefix}/{relative}", found)
        )
    with zipfile.ZipFile(archive, "w") as bundle:
        for name, path in sorted(entries, key=lambda entry: entry[0]):
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.create_system = 3  # unix, so that the permissions below are read
            if path is None:
                info.external_attr = (stat.S_IFDIR | DIR_MODE) << 16 | 0x10  # 0x10: MS-DOS folder
                bundle.writestr(info, b"")
            else:
                info.external_attr = (stat.S_IFREG | FILE_MODE) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                bundle.writestr(
                    info,
                    path.read_bytes(),
                    compress_type=zipfile.ZIP_DEFLATED,
                    compresslevel=ZIP_LEVEL,
                )
    archive.chmod(FILE_MODE)
    stamp = moment.timestamp()
    os.utime(archive, (stamp, stamp))


@dataclass(frozen=True, slots=True)
class Destination:
    """Where a release goes: the folder `target`, the zip beside it (if any), and `top`, the
    first folder of the path that does not exist yet — `target` itself when its parent
    exists, else the highest missing parent, created with the release in one rename."""

    target: Path
    archive: Path | None
    top: Path

    @property
    def staging_parent(self) -> Path:
        """The folder the release is built in: beside `top`, on the same file system."""
        return self.top.parent


def destination(out: Path | str, *, zip_: bool) -> Destination:
    """The release folder `out` names, absolute, with its zip and the first missing folder."""
    absolute = Path(os.path.abspath(out))
    if not absolute.name:
        raise TekserError(f"{out}: --out must name a folder to create")
    top = absolute
    while not _exists(top.parent):
        top = top.parent
    if not top.parent.is_dir():
        raise TekserError(f"{top.parent}: not a folder (choose another --out)")
    resolved = top.parent.resolve()
    target = resolved / absolute.relative_to(top.parent)
    archive = target.with_name(target.name + ".zip") if zip_ else None
    return Destination(target, archive, resolved / top.name)


def _exists(path: Path) -> bool:
    return path.exists() or path.is_symlink()


def is_release(path: Path) -> bool:
    """An empty folder, or one that holds a release (its descriptor and SHA256SUMS)."""
    if path.is_symlink() or not path.is_dir():
        return False
    return not any(path.iterdir()) or ((path / SUMS).is_file() and (path / DESCRIPTOR).is_file())


def check_target(package: Package, where: Destination, *, force: bool) -> None:
    """Refuse to write where the release would clobber the package, or an existing release
    without `force`, or anything that is not a release even with it."""
    target, archive = where.target, where.archive
    if target == package.root or package.root.is_relative_to(target):
        raise RefusedWrite(f"{target}: --out would replace the package itself; choose another")
    if where.top != target and _exists(where.top):
        raise TekserError(f"{where.top} appeared while publishing; publish again")
    for path in (target, archive):
        if path is not None and _exists(path) and not force:
            raise RefusedWrite(f"{path} exists; give --force to replace it")
    if _exists(target) and not is_release(target):
        raise RefusedWrite(f"{target} is not a tekser release (no {SUMS}); refusing to replace it")
    if archive is not None and _exists(archive) and (archive.is_symlink() or not archive.is_file()):
        raise RefusedWrite(f"{archive} is not a file; refusing to replace it")


class KeptAside(TekserError):
    """Publishing failed after the previous release was moved aside, and it could not be put
    back: it is kept in the staging folder the message names."""


def journal_path(target: Path) -> Path:
    """Where a publish into `target` records, once its release is whole, that it is putting
    it in place: a hidden file beside `target`."""
    return target.parent / f".{target.name}.tekser-publish.json"


_SUMS = re.compile(r"[0-9a-f]{64}")
_STAGING = re.compile(r"\.[^/\\]+\.[0-9a-f]{12}\.publishing")


def commit(staging: Path, where: Destination, *, force: bool) -> None:
    """Move the built release (`staging/release`, and `staging/release.zip`) into place.

    When `out`'s parents are missing, they are built inside `staging` around the release and
    its zip, and the highest of them is renamed into place: one rename, as for the release
    itself. Otherwise a journal beside the target (`journal_path`) marks the commit point,
    then the zip is moved in, then the release, swapped with an old one in one step (with
    `force`; where folders cannot be swapped, the old one is moved aside first), and the
    journal is removed. A kill after the journal leaves it for the next publish into `out`
    to finish (`settle_release`): only where folders cannot be swapped is `out` ever without
    a release, between two moves, and then until that next publish. Any error puts back what
    was moved (and raises KeptAside if even that fails).
    """
    if where.top != where.target:
        tree = staging / "tree"
        inner = tree / where.target.parent.relative_to(where.top.parent)
        inner.mkdir(mode=DIR_MODE, parents=True)
        relative = inner.relative_to(tree)
        for folder in (relative, *relative.parents[:-1]):  # parents[-1] is "."
            (tree / folder).chmod(DIR_MODE)
        os.rename(staging / "release", inner / where.target.name)
        if where.archive is not None:
            os.rename(staging / "release.zip", inner / where.archive.name)
        os.rename(tree / where.top.name, where.top)  # last: every folder appears at once
        return
    target, archive = where.target, where.archive
    sums = hashlib.sha256((staging / "release" / SUMS).read_bytes()).hexdigest()
    journal = {
        "kind": "tekser-publish",
        "staging": staging.name,
        "target": target.name,
        "archive": None if archive is None else archive.name,
        "force": force,
        "sums": sums,  # the new release's: whether it is in place, once a kill hides that
    }
    with locked(target.parent):
        note = _settle_locked(target)
        if note:
            say(note)
        write_synced(staging / "journal", json.dumps(journal).encode("utf-8"), 0o600)
        os.replace(staging / "journal", journal_path(target))  # the commit point
        fsync_folder(target.parent)
        try:
            _place(staging, target, archive, force=force, sums=sums)
        except (Exception, KeyboardInterrupt) as exc:
            lost = _put_back(staging, target, archive, sums)
            if lost:
                raise KeptAside(
                    f"publishing failed ({exc!r}) and the previous release could not be put "
                    f"back; it is kept in {staging}, and the next publish into {target} "
                    "finishes the new one"
                ) from exc
            os.unlink(journal_path(target))
            raise
        os.unlink(journal_path(target))
        fsync_folder(target.parent)


def _place(staging: Path, target: Path, archive: Path | None, *, force: bool, sums: str) -> None:
    """The moves of a commit, each skipped once done: the zip, then the release, which
    takes the old one's place in one step where the system can swap two folders (else the
    old one is moved aside first, and a kill between the two leaves the journal)."""
    release, previous = staging / "release", staging / "previous"
    built = staging / "release.zip"
    if archive is not None and built.is_file():
        if _exists(archive):
            if not force:
                raise TekserError(f"{archive} appeared while publishing; publish again")
            if not _exists(staging / "previous.zip"):
                os.link(archive, staging / "previous.zip")
        os.replace(built, archive)
    if _moved_in(staging, sums):
        return
    if force and _exists(target):
        if _exchange(release, target):  # the new release in, the old out, at one instant
            return
        os.rename(target, previous)
    os.rename(release, target)


def _moved_in(staging: Path, sums: str) -> bool:
    """Whether the built release has left `staging` for its place: `staging/release` is gone
    or, once swapped, holds the old release (whose SHA256SUMS does not hash to `sums`)."""
    try:
        return hashlib.sha256((staging / "release" / SUMS).read_bytes()).hexdigest() != sums
    except OSError:
        return True


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux `renameat2` with RENAME_EXCHANGE); False, having
    done nothing, where the system or its file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        swap = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_cwd, exchange = -100, 2  # AT_FDCWD, RENAME_EXCHANGE
    if swap(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _put_back(staging: Path, target: Path, archive: Path | None, sums: str) -> list[str]:
    """Undo what `_place` did, unless the new release is in place: the old release and zip
    back, a new zip removed. Returns what could not be put back."""
    lost: list[str] = []
    if _moved_in(staging, sums):
        return lost
    try:
        if _exists(staging / "previous") and not _exists(target):
            os.rename(staging / "previous", target)
        if archive is not None and not (staging / "release.zip").exists():
            if _exists(staging / "previous.zip"):
                os.replace(staging / "previous.zip", archive)
            elif _exists(archive):
                os.unlink(archive)  # the new zip, where there was none
    except OSError as exc:
        lost.append(str(exc.filename))
    return lost


def _settle_locked(target: Path) -> str | None:
    path = journal_path(target)
    if not os.path.lexists(path):
        return None
    try:
        if path.is_symlink() or path.stat().st_size > 4096:
            raise ValueError("not tekser's")
        journal = json.loads(path.read_text(encoding="utf-8"))
        staging = journal["staging"]
        named = journal["archive"]
        if not (
            journal.get("kind") == "tekser-publish"
            and isinstance(staging, str)
            and _STAGING.fullmatch(staging)
            and journal["target"] == target.name
            and named in (None, f"{target.name}.zip")
            and isinstance(journal["force"], bool)
            and isinstance(journal["sums"], str)
            and _SUMS.fullmatch(journal["sums"])
        ):
            raise ValueError("not tekser's")
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        raise TekserError(
            f"{path}: not a publish journal tekser wrote; check {target}, then remove it"
        ) from None
    folder = target.parent / staging
    zipped = None if named is None else target.with_name(named)
    try:
        if folder.is_dir() and not folder.is_symlink():
            _place(folder, target, zipped, force=journal["force"], sums=journal["sums"])
            shutil.rmtree(folder)
        os.unlink(path)
    except OSError as exc:
        raise TekserError(
            f"{path}: cannot finish the interrupted publish into {target} "
            f"({exc.strerror}: {exc.filename})"
        ) from None
    fsync_folder(target.parent)
    return (
        f"finished an interrupted `publish{' --force' if journal['force'] else ''}` into "
        f"{target}: the release it was putting in place is there now"
    )


def settle_release(where: Destination) -> str | None:
    """Resolve what earlier publishes into `where`, killed, left beside it, and say so on
    stderr: finish the one that was putting its release in place (its journal written: the
    old release maybe aside, the new one not yet in), and remove the staging folder of each
    killed before that (it holds no release anyone needs; a live publish's is locked, and
    kept). Returns the note, or None when nothing was left."""
    notes = []
    if where.top == where.target and os.path.lexists(journal_path(where.target)):
        with locked(where.target.parent):
            notes.append(_settle_locked(where.target))
    swept = _sweep(where)
    if swept:
        notes.append(
            f"removed the staging folder(s) of {len(swept)} interrupted publish(es) into "
            f"{where.target} ({', '.join(swept)}); nothing of them had been put in place"
        )
    note = "; ".join(n for n in notes if n) or None
    if note:
        say(note)
    return note


class Claim:
    """A publish's hold on its staging folder, for as long as the publish lives (or its
    process: a kill releases it), so that no other publish takes it for a leftover."""

    def __init__(self, folder: Path) -> None:
        self._handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        fcntl.flock(self._handle, fcntl.LOCK_EX)
        if os.fstat(self._handle).st_nlink == 0:  # swept before it was claimed
            self.release()
            raise TekserError(f"{folder} was removed while publishing; publish again")

    def release(self) -> None:
        if self._handle >= 0:
            os.close(self._handle)
            self._handle = -1

    def __del__(self) -> None:
        with contextlib.suppress(OSError):
            self.release()


def _sweep(where: Destination) -> list[str]:
    """Remove the staging folders beside `where.top` that no live publish holds."""
    pattern = re.compile(re.escape(f".{where.top.name}.") + r"[0-9a-f]{12}\.publishing")
    swept: list[str] = []
    try:
        entries = list(where.staging_parent.iterdir())
    except OSError:
        return swept
    for entry in entries:
        if not pattern.fullmatch(entry.name) or entry.is_symlink() or not entry.is_dir():
            continue
        try:
            handle = os.open(entry, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            shutil.rmtree(entry)
            swept.append(entry.name)
        except OSError:
            continue  # held by a publish still running (or not ours to remove)
        finally:
            os.close(handle)
    return swept
