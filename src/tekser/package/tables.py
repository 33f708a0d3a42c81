"""The bounds of a CSV table, checked before anything parses it: the cells of its header
(`--limit columns`), the bytes of a line (`--limit line-bytes`) and of a field
(`--limit field-bytes`).

A header of 10^4 cells costs frictionless minutes, a line of a gigabyte gigabytes of memory:
such a table is refused before frictionless, pyarrow or Python's `csv` reads it. The check
must cost nothing on a table of a million honest rows, so it never looks at every byte: the
file is mapped, and from the start of a line it looks for the last line end within the next
`min(line-bytes, field-bytes)` bytes, searching backwards from there (`memrchr`): one search
a window, each touching only the end of the window. Only a line longer than that is looked at
whole, for its length and the longest stretch between two delimiters in it.

What is bounded is a raw line, the bytes between two `\\n`: a record whose quoted fields hold
line ends may be longer, each of its lines within the bound; a quoted field that holds line
ends or delimiters is bounded by the CSV readers' own field limit, set to `field-bytes` where
tekser reads (`Package.iter_records`) and before frictionless does (`stages.structure`). A
file whose lines end in `\\r` alone counts as one line.
"""

from __future__ import annotations

import mmap
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from tekser.core.limits import exceeded, limits
from tekser.seeds.regular import special_kind

# the delimiters frictionless tries when a dialect names none
DELIMITERS = ",\t;|"
_COUNT_CHUNK = 1 << 20
_LINE = "\0line\0"  # where a message names the line, once it is counted


@dataclass(frozen=True, slots=True)
class Overrun:
    """A table past one of its bounds: the rule (`too-many-columns`, `line-too-long`,
    `field-too-large`, `not-a-file`), the line it is on (1 is the first) and one line to
    say so (while the table is scanned: the line's offset, and `{line}` in the message)."""

    rule: str
    message: str
    line: int | None = None


def table_overrun(path: Path, shown: str, *, delimiters: str = DELIMITERS) -> Overrun | None:
    """The first bound the table at `path` passes, or None (also for a file that is missing
    or cannot be opened: whoever reads it next says why). `delimiters` are those its cells
    may be separated by (the dialect's, when it names one). A FIFO, a device or a socket is
    an overrun of its own, found without opening it for reading a byte."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        return _scan(descriptor, shown, delimiters)
    except (OSError, ValueError):  # a file that shrank meanwhile: whoever reads it says so
        return None
    finally:
        os.close(descriptor)


def not_a_file(path: Path, shown: str) -> Overrun | None:
    """An overrun when `path` is there but is not a regular file — a FIFO blocks whoever
    opens it, a device never ends — found without opening it; else None."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    return _kind(mode, shown)


def _kind(mode: int, shown: str) -> Overrun | None:
    if stat.S_ISREG(mode):
        return None
    kind = special_kind(mode) or "a folder"
    return Overrun("not-a-file", f"{shown}: is {kind}, not a regular file; not read")


def _scan(descriptor: int, shown: str, delimiters: str) -> Overrun | None:
    info = os.fstat(descriptor)
    if (overrun := _kind(info.st_mode, shown)) is not None:
        return overrun
    if info.st_size == 0:
        return None
    with mmap.mmap(descriptor, 0, access=mmap.ACCESS_READ) as data:
        overrun = _header(data, shown, delimiters) or _lines(data, shown, delimiters)
    if overrun is None or overrun.rule == "too-many-columns" or overrun.line is None:
        return overrun
    line = _line_number(descriptor, overrun.line)  # until here, the line's offset
    return Overrun(overrun.rule, overrun.message.replace(_LINE, str(line)), line)


def _header(data: mmap.mmap, shown: str, delimiters: str) -> Overrun | None:
    """Too many cells in the first record (each delimiter counted apart, the largest count
    taken: a dialect frictionless detects is not known here)."""
    bound, reach = limits().columns, min(len(data), limits().line_bytes + 1)
    separators = re.escape(delimiters.encode("utf-8"))
    # a quoted cell whole (its doubled quotes included), a lone quote, a separator, a line end
    token = re.compile(rb'"[^"]*(?:""[^"]*)*"|"|[' + separators + rb"\n\r]")
    counts = dict.fromkeys(delimiters.encode("utf-8"), 1)
    for match in token.finditer(data, 0, reach):
        first = match.group()[0]
        if first == ord('"'):
            if match.end() - match.start() == 1:
                break  # a quote never closed: the rest is one cell
            continue
        if first in (ord("\n"), ord("\r")):
            break
        counts[first] += 1
        if counts[first] > bound:
            break
    cells = max(counts.values())
    if cells <= bound:
        return None
    what = f"{shown}: the number of cells of its header"
    end = data.find(b"\n", 0, reach)
    head = data[: end if end >= 0 else reach]
    if b'"' not in head:  # counted whole, cheaply
        cells = max(head.count(delimiter) + 1 for delimiter in counts)
        return Overrun("too-many-columns", f"{exceeded(what, cells, bound, 'columns')}", 1)
    more = f"{what} is more than {bound:,}, the most allowed (raise with --limit columns=N)"
    return Overrun("too-many-columns", more, 1)


def _lines(data: mmap.mmap, shown: str, delimiters: str) -> Overrun | None:
    """A line longer than `line-bytes`, or one holding a field longer than `field-bytes`."""
    line_bytes, field_bytes = limits().line_bytes, limits().field_bytes
    wide, size = min(line_bytes, field_bytes), len(data)
    separators = [d.encode("utf-8") for d in delimiters]
    start = 0
    while (begin := _overlong(data, start, size, [b"\n"], wide)) is not None:
        # the line's end, looked for no further than the bound: a line of a gigabyte is
        # not read through (nor are its pages mapped in)
        end = data.find(b"\n", begin + wide, begin + line_bytes + 1)
        if end < 0 and size - begin > line_bytes:
            what = f"{shown}: line {_LINE} is longer than {line_bytes:,} bytes, the most allowed"
            more = f"{what} (raise with --limit line-bytes=N); not read"
            return Overrun("line-too-long", more, begin)
        end = size if end < 0 else end
        field = _overlong(data, begin, end, separators, field_bytes)
        if end - begin > field_bytes and field is not None:
            stops = [at for s in separators if (at := data.find(s, field, end)) >= 0]
            length = min(stops, default=end) - field
            what = f"{shown}: line {_LINE}: the length in bytes of a field"
            message = f"{exceeded(what, length, field_bytes, 'field-bytes')}; not read"
            return Overrun("field-too-large", message, begin)
        start = end + 1
    return None


def _overlong(
    data: mmap.mmap, start: int, end: int, separators: list[bytes], bound: int
) -> int | None:
    """Where the first stretch of `data[start:end]` without any of `separators` that is
    longer than `bound` begins, or None. From each stretch's start it finds the last
    separator within `bound` bytes, searching backwards: on honest text a few bytes a
    window."""
    at = start
    while end - at > bound:
        last = max(data.rfind(s, at, at + bound + 1) for s in separators)
        if last < 0:
            return at
        at = last + 1
    return None


def _line_number(descriptor: int, offset: int) -> int:
    """The line (1 is the first) that byte `offset` of the open file is on, counted through
    a buffer (the file is not mapped in whole)."""
    lines, at = 1, 0
    while at < offset:
        chunk = os.pread(descriptor, min(_COUNT_CHUNK, offset - at), at)
        if not chunk:
            break
        lines += chunk.count(b"\n")
        at += len(chunk)
    return lines
