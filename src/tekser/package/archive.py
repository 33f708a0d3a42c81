"""Zipped packages, unpacked safely into a temporary folder for validation."""

from __future__ import annotations

import contextlib
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from tekser.core.errors import LimitExceeded, UnreadablePackage
from tekser.core.files import scratch_folder
from tekser.core.limits import exceeded, limits
from tekser.package.descriptor import DESCRIPTORS

_CHUNK = 1 << 20


@contextlib.contextmanager
def unpacked_package(archive: Path) -> Iterator[Path]:
    """The folder of the package inside a zip archive — its root, or its one top-level
    folder — unpacked into a temporary folder that is removed afterwards.

    Raises TekserError for a file that is not a zip, a member that would be written outside
    the folder (an absolute path, `..`, a symbolic link: a "zip slip"), an archive that
    unpacks to more than `--limit unpacked-bytes`, or to more than `unpacked-ratio` times its
    own size (a zip bomb, not a data package: by the sizes its members declare, and again by
    the bytes they give, as they are unpacked), or one with no descriptor.
    """
    try:
        bundle = zipfile.ZipFile(archive)
    except (OSError, zipfile.BadZipFile) as exc:
        raise UnreadablePackage(f"{archive}: not a zip archive ({exc})") from None
    with bundle, scratch_folder("tekser-zip-") as scratch:
        target = Path(scratch)
        members = bundle.infolist()
        bound, name = _bound(archive)
        declared = sum(member.file_size for member in members)
        if declared > bound:
            raise LimitExceeded(_too_large(archive, declared, bound, name, "declare"))
        for member in members:
            _check_member(archive, member)
        try:
            written = 0
            for member in members:
                written = _unpack(bundle, member, target, written, bound, archive, name)
        except (OSError, zipfile.BadZipFile, RuntimeError, EOFError, ValueError) as exc:
            raise UnreadablePackage(f"{archive}: cannot unpack ({exc})") from None
        yield _package_folder(archive, target)


def _bound(archive: Path) -> tuple[int, str]:
    """The most an archive may unpack to, and the limit that sets it."""
    bounds = limits()
    ratio = bounds.unpacked_ratio * archive.stat().st_size
    if ratio < bounds.unpacked_bytes:
        return ratio, "unpacked-ratio"
    return bounds.unpacked_bytes, "unpacked-bytes"


def _too_large(archive: Path, size: int, bound: int, name: str, how: str) -> str:
    what = f"{archive}: the bytes its members {how}"
    if name == "unpacked-ratio":
        what += f" (at most {limits().unpacked_ratio} times its own size)"
    return f"{exceeded(what, size, bound, name)}; refused"


def _check_member(archive: Path, member: zipfile.ZipInfo) -> None:
    name = PurePosixPath(member.filename.replace("\\", "/"))
    mode = member.external_attr >> 16
    if name.is_absolute() or ".." in name.parts or (name.parts and ":" in name.parts[0]):
        raise UnreadablePackage(
            f"{archive}: member {member.filename!r} would be written outside the package; refused"
        )
    if stat.S_ISLNK(mode):
        raise UnreadablePackage(f"{archive}: member {member.filename!r} is a symbolic link")


def _unpack(
    bundle: zipfile.ZipFile,
    member: zipfile.ZipInfo,
    target: Path,
    written: int,
    bound: int,
    archive: Path,
    name: str,
) -> int:
    """Unpack one member, counting the bytes it gives (a header may lie about its size);
    the bytes unpacked so far, TekserError past `bound`."""
    path = target.joinpath(*PurePosixPath(member.filename.replace("\\", "/")).parts)
    if member.is_dir():
        path.mkdir(parents=True, exist_ok=True)
        return written
    path.parent.mkdir(parents=True, exist_ok=True)
    with bundle.open(member) as source, path.open("wb") as out:
        while chunk := source.read(_CHUNK):
            written += len(chunk)
            if written > bound:  # only a header that lies gets here
                raise LimitExceeded(
                    f"{archive}: its members give more than {bound:,} bytes as they are "
                    f"unpacked, more than they declare (raise with --limit {name}=N); refused"
                )
            out.write(chunk)
    return written


def _package_folder(archive: Path, target: Path) -> Path:
    if any((target / name).is_file() for name in DESCRIPTORS):
        return target
    folders = [path for path in target.iterdir() if path.is_dir()]
    if len(folders) == 1 and any((folders[0] / name).is_file() for name in DESCRIPTORS):
        return folders[0]
    raise UnreadablePackage(
        f"{archive}: no data package inside (no {', '.join(DESCRIPTORS)} at its root or in "
        "its one top-level folder)"
    )
