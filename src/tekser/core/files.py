"""Files as tekser writes them: atomically (replaced whole or not at all), and CSV in one
form."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename.

    A crash leaves either the old file or the new one, never a torn file.
    """
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp_name, path.stat().st_mode & 0o7777)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    """Write UTF-8 text atomically, keeping newlines exactly as given."""
    write_atomic(path, text.encode("utf-8"))


def csv_text(
    rows: Iterable[Mapping[str, object]], header: Sequence[str], *, with_header: bool = True
) -> str:
    """Rows as every CSV tekser writes: the header (unless `with_header` is false, to append),
    `\n` line ends, each row's cells in the header's order (a key the header lacks is an
    error)."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(header), lineterminator="\n")
    if with_header:
        writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@contextlib.contextmanager
def scratch_folder(prefix: str) -> Iterator[Path]:
    """A private temporary folder, removed with all it holds on leaving — also when Ctrl-C or
    SIGTERM lands while it is being made (`tempfile.TemporaryDirectory` leaves it behind when
    the interruption falls between making the folder and registering its removal)."""
    path = Path(tempfile.gettempdir()) / f"{prefix}{secrets.token_hex(8)}"
    ours = True
    try:
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            ours = False  # another's folder of that name: not ours to remove
            raise
        yield path
    finally:
        if ours:
            shutil.rmtree(path, ignore_errors=True)
