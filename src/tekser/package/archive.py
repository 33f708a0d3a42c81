"""Zipped packages, unpacked safely into a temporary folder for validation."""

from __future__ import annotations

import contextlib
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from tekser.core.errors import TekserError
from tekser.package.descriptor import DESCRIPTORS

# An archive that unpacks to more than this is refused (a zip bomb, not a data package).
MAX_UNPACKED = 8 * 1024**3


@contextlib.contextmanager
def unpacked_package(archive: Path) -> Iterator[Path]:
    """The folder of the package inside a zip archive — its root, or its one top-level
    folder — unpacked into a temporary folder that is removed afterwards.

    Raises TekserError for a file that is not a zip, a member that would be written outside
    the folder (an absolute path, `..`, a symbolic link: a "zip slip"), an archive too large
    to unpack, or one with no descriptor.
    """
    try:
        bundle = zipfile.ZipFile(archive)
    except (OSError, zipfile.BadZipFile) as exc:
        raise TekserError(f"{archive}: not a zip archive ({exc})") from None
    with bundle, tempfile.TemporaryDirectory(prefix="tekser-zip-") as scratch:
        target = Path(scratch)
        members = bundle.infolist()
        if sum(member.file_size for member in members) > MAX_UNPACKED:
            raise TekserError(f"{archive}: unpacks to more than {MAX_UNPACKED} bytes; refused")
        for member in members:
            name = PurePosixPath(member.filename.replace("\\", "/"))
            mode = member.external_attr >> 16
            if name.is_absolute() or ".." in name.parts or (name.parts and ":" in name.parts[0]):
                raise TekserError(
                    f"{archive}: member {member.filename!r} would be written outside the "
                    "package; refused"
                )
            if stat.S_ISLNK(mode):
                raise TekserError(f"{archive}: member {member.filename!r} is a symbolic link")
        try:
            bundle.extractall(target)
        except (OSError, zipfile.BadZipFile, RuntimeError) as exc:
            raise TekserError(f"{archive}: cannot unpack ({exc})") from None
        yield _package_folder(archive, target)


def _package_folder(archive: Path, target: Path) -> Path:
    if any((target / name).is_file() for name in DESCRIPTORS):
        return target
    folders = [path for path in target.iterdir() if path.is_dir()]
    if len(folders) == 1 and any((folders[0] / name).is_file() for name in DESCRIPTORS):
        return folders[0]
    raise TekserError(
        f"{archive}: no data package inside (no {', '.join(DESCRIPTORS)} at its root or in "
        "its one top-level folder)"
    )
