"""The zip of a release, and putting a built release in place: where it may go, and the moves
that make it appear whole or not at all."""

from __future__ import annotations

import os
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

from tekser.core.errors import TekserError
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
        raise TekserError(f"{target}: --out would replace the package itself; choose another")
    if where.top != target and _exists(where.top):
        raise TekserError(f"{where.top} appeared while publishing; publish again")
    for path in (target, archive):
        if path is not None and _exists(path) and not force:
            raise TekserError(f"{path} exists; give --force to replace it")
    if _exists(target) and not is_release(target):
        raise TekserError(f"{target} is not a tekser release (no {SUMS}); refusing to replace it")
    if archive is not None and _exists(archive) and (archive.is_symlink() or not archive.is_file()):
        raise TekserError(f"{archive} is not a file; refusing to replace it")


class KeptAside(TekserError):
    """Publishing failed after the previous release was moved aside, and it could not be put
    back: it is kept in the staging folder the message names."""


def commit(staging: Path, where: Destination, *, force: bool) -> None:
    """Move the built release (`staging/release`, and `staging/release.zip`) into place.

    When `out`'s parents are missing, they are built inside `staging` around the release and
    its zip, and the highest of them is renamed into place: one rename, as for the release
    itself. With `force`, an old release is moved aside first and deleted with the staging
    folder. Any failure puts back what was moved (and raises KeptAside if even that fails).
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
    done: list[tuple[Path, Path]] = []

    def move(source: Path, destination: Path) -> None:
        os.rename(source, destination)
        done.append((source, destination))

    try:
        if force and _exists(target):
            move(target, staging / "previous")
        if archive is not None:
            if force and _exists(archive):
                move(archive, staging / "previous.zip")
            os.link(staging / "release.zip", archive)  # fails, never clobbers, if one appeared
            done.append((staging / "release.zip", archive))
        move(staging / "release", target)  # last: the release appears whole, or not at all
    except BaseException as exc:
        lost = []
        for source, destination in reversed(done):
            try:
                if source.name == "release.zip":
                    os.unlink(destination)
                else:
                    os.rename(destination, source)
            except OSError:
                lost.append(str(destination))
        if lost:
            raise KeptAside(
                f"publishing failed ({exc!r}) and the previous release could not "
                f"be put back; it is kept in {staging}"
            ) from exc
        raise
