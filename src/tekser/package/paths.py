"""Every file a package names, or tekser reads or writes inside it, found one way.

A package may be hostile: a path or a symbolic link along it that leaves the package root is
refused, and so is a file that is not a regular one (a FIFO blocks whoever opens it, a device
such as /dev/zero never ends) — both before anything is opened, and with the path as the
package names it: a link's target is never read, nor named in a message.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from tekser.core.errors import TekserError, UnsafePathError
from tekser.seeds.regular import Kind, check_kind, read_bounded, special_kind

__all__ = ["Kind", "check_kind", "inside", "json_depth", "read_bounded", "special_kind"]


def inside(
    root: Path,
    relative: str | Path,
    *,
    where: str,
    kind: Kind = "file",
    must_exist: bool = False,
) -> Path:
    """The real path of `relative` in the package at `root`, every symbolic link along it
    followed, once it is known to stay inside `root` and to be of `kind`: a regular file, a
    folder, or either (`any`). A path that does not exist is returned as it would be (for a
    file to be created) unless `must_exist`.

    Raises UnsafePathError for a path, or a link along it, that leaves the package, and for a
    FIFO, a device or a socket; TekserError for a folder where a file belongs (and the other
    way round) or a missing path that must exist. Nothing is opened; messages name `relative`
    as given, never where a link points."""
    shown = Path(relative).as_posix()
    parts = re.split(r"[\\/]", str(relative))
    if Path(relative).is_absolute() or str(relative).startswith("~") or ".." in parts:
        raise UnsafePathError(f"{where}: path {shown!r} leaves the package and is refused")
    if "\0" in str(relative):
        raise UnsafePathError(f"{where}: path {shown!r} holds a NUL character and is refused")
    base = Path(root).resolve()
    try:
        full = (base / relative).resolve()
    except RuntimeError:  # what pathlib makes of a loop of symbolic links
        raise UnsafePathError(
            f"{where}: path {shown!r} is a loop of symbolic links and is refused"
        ) from None
    except OSError as exc:
        raise TekserError(f"{where}: {shown}: cannot be resolved ({exc.strerror})") from None
    if not full.is_relative_to(base):
        raise UnsafePathError(
            f"{where}: path {shown!r} resolves outside the package and is refused (not read)"
        )
    try:
        mode = os.stat(full).st_mode
    except FileNotFoundError:
        if must_exist:
            raise TekserError(f"{where}: {shown}: not found") from None
        return full
    except OSError as exc:
        raise TekserError(f"{where}: {shown}: cannot be read ({exc.strerror})") from None
    check_kind(mode, shown, where=where, kind=kind)
    return full


# a JSON string (its escapes included), or one bracket outside strings
_JSON_TOKEN = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)
_OPENING = frozenset(b"[{")


def json_depth(data: bytes) -> int:
    """How deeply the arrays and objects of a JSON text nest, found by one pass over its
    brackets outside strings — never by parsing it, which recurses once a level (a line of
    10^5 `[` is a RecursionError). For a text that is not JSON, an estimate."""
    depth = deepest = 0
    for match in _JSON_TOKEN.finditer(data):
        first = match.group()[0]
        if first in _OPENING:
            depth += 1
            deepest = max(deepest, depth)
        elif first != ord('"'):
            depth = max(depth - 1, 0)
    return deepest
