"""Reading a file tekser did not write — a seed, a package's file — as a regular file only,
and bounded: a FIFO blocks whoever opens it, a device such as /dev/zero never ends, and a
file of gigabytes is refused by its size before it is read. (Here, below the package layer,
so that a seed named on the command line is read the same way as one a package names.)"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Literal

from tekser.core.errors import TekserError, UnsafePathError
from tekser.core.limits import exceeded

Kind = Literal["file", "dir", "any"]

_SPECIAL = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}
_CHUNK = 1 << 20


def special_kind(mode: int) -> str | None:
    """What a file of `mode` is when it is neither a regular file nor a folder, else None."""
    return _SPECIAL.get(stat.S_IFMT(mode))


def check_kind(mode: int, shown: str, *, where: str, kind: Kind = "file") -> None:
    """Refuse a file of `mode` that is not of `kind` — a regular file, a folder, or either
    (`any`): UnsafePathError for a FIFO, a device or a socket, TekserError for a folder where
    a file belongs or the other way round. `shown` names the file in the message."""
    named = _named(shown, where)
    special = special_kind(mode)
    if special is not None:
        raise UnsafePathError(
            f"{named} is {special}, not a regular file, and is refused (not read)"
        )
    if kind == "file" and stat.S_ISDIR(mode):
        raise TekserError(f"{named} is a folder where a file belongs")
    if kind == "dir" and not stat.S_ISDIR(mode):
        raise TekserError(f"{named} is a file where a folder belongs")


def _named(shown: str, where: str) -> str:
    return f"{where}: {shown}" if where else shown


def read_bounded(path: Path, *, shown: str, where: str, limit: int, limit_name: str) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them (TekserError past it,
    naming the `--limit` to raise); messages begin with `where` (when given) and `shown`.
    The file is looked at before it is opened, opened without
    blocking and looked at again once open, so that a file swapped for a FIFO or a device
    meanwhile is refused all the same; its size is checked before a byte is read."""
    named = _named(shown, where)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise TekserError(f"{named}: not found") from None
    except OSError as exc:
        raise TekserError(f"{named}: cannot be read ({exc.strerror})") from None
    check_kind(mode, shown, where=where)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise TekserError(f"{named}: cannot be read ({exc.strerror})") from None
    with os.fdopen(descriptor, "rb", buffering=0) as handle:
        info = os.fstat(descriptor)
        check_kind(info.st_mode, shown, where=where)
        if info.st_size > limit:
            raise TekserError(_too_large(named, info.st_size, limit, limit_name))
        chunks: list[bytes] = []
        total, want = 0, info.st_size + 1  # one byte more: a file that grew is seen to
        try:
            while total <= limit and (chunk := handle.read(min(want, limit + 1 - total))):
                chunks.append(chunk)
                total += len(chunk)
                want = _CHUNK
        except OSError as exc:
            raise TekserError(f"{named}: cannot be read ({exc.strerror})") from None
    if total > limit:
        raise TekserError(_too_large(named, total, limit, limit_name))
    return b"".join(chunks)


def _too_large(named: str, size: int, limit: int, limit_name: str) -> str:
    return f"{named}: {exceeded('its size in bytes', size, limit, limit_name)}; not read"
