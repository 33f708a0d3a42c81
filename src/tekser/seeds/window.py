"""A window of a seed around a span: a few dozen code points either side, on one line.

Every command that shows a person where a number or a quote sits in its source (`scan`,
`review`, the human report of `validate`) shows this window, never whole seed lines: a seed
whose lines are paragraphs (a JSON text corpus, one paragraph a line) would otherwise fill the
screen with one number.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

ELLIPSIS = "…"
LINE_BREAK = "⏎"
_LINE_BREAKS = re.compile(r"\r\n|\r|\n")
_SPACE = re.compile(r"\s")


@dataclass(frozen=True, slots=True)
class Window:
    """The text around a span, flattened to one line: `before`, `span` and `after` as shown
    (line breaks as ⏎, `…` where the seed was cut), and what of the seed it shows.

    `start`/`end` are the code-point offsets of the seed the window shows (end exclusive);
    `first_line`/`last_line` the 1-based seed lines they lie on.
    """

    before: str
    span: str
    after: str
    start: int
    end: int
    first_line: int
    last_line: int

    @property
    def text(self) -> str:
        """The window as one line of text."""
        return self.before + self.span + self.after

    def marked(self, opening: str = "⟦", closing: str = "⟧") -> str:
        """The window as one line, the span between `opening` and `closing`."""
        return f"{self.before}{opening}{self.span}{closing}{self.after}"

    @property
    def lines(self) -> str:
        """The seed lines the window shows: `12` or `12–14`."""
        if self.first_line == self.last_line:
            return str(self.first_line)
        return f"{self.first_line}–{self.last_line}"


def window(
    text: str,
    start: int,
    end: int,
    *,
    width: int = 40,
    line_starts: Sequence[int] | None = None,
) -> Window:
    """The window of `text` around the span [start, end): about `width` code points of the
    text either side, cut at whitespace (mid-word only when a single word is longer than
    `width`), `…` where it was cut. The span is kept whole, however long.

    `line_starts` (the offsets at which the lines of `text` start, as
    `SourceText.line_starts` has them) saves counting the lines of a long text on every call.
    """
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span {start}–{end} is not inside a text of {len(text)} code points")
    width = max(width, 0)
    begin = _cut_before(text, start, width)
    stop = _cut_after(text, end, width)
    before = text[begin:start]
    after = text[end:stop]
    if begin > 0:
        before = ELLIPSIS + before.lstrip()
    # the text's final line ending is no part of the text
    after = after.rstrip() + ELLIPSIS if stop < len(text) else after.rstrip("\r\n")
    first, last = _lines(text, begin, max(begin, stop - 1), line_starts)
    return Window(
        before=_flat(before),
        span=_flat(text[start:end]),
        after=_flat(after),
        start=begin,
        end=stop,
        first_line=first,
        last_line=last,
    )


def _cut_before(text: str, start: int, width: int) -> int:
    """Where the window begins: at the first word that starts within `width` of `start`. The
    word nearest the span is shown whole if it is no longer than `width`, else its last
    `width` code points."""
    limit = start - width
    if limit <= 0:
        return 0
    begin = start
    # A word starts at `limit` when whitespace precedes it; else after the first whitespace.
    space = _SPACE.search(text, limit - 1, start)
    if space is not None:
        begin = space.end()
        while begin < start and text[begin].isspace():
            begin += 1
    if begin < start:
        return begin  # a whole word at least
    # No whole word fits: the nearest word, before the whitespace beside the span, if any.
    word_end = start
    while word_end > limit and text[word_end - 1].isspace():
        word_end -= 1
    if word_end == limit:
        return limit
    word = word_end
    floor = max(0, word_end - width)
    while word > floor and not text[word - 1].isspace():
        word -= 1
    return word


def _cut_after(text: str, end: int, width: int) -> int:
    """Where the window ends: after the last word that ends within `width` of `end`. The word
    nearest the span is shown whole if it is no longer than `width`, else its first `width`
    code points."""
    length = len(text)
    limit = end + width
    if limit >= length:
        return length
    stop = end
    for space in _SPACE.finditer(text, end, limit + 1):
        stop = space.start()
    if stop > end and not text[end:stop].isspace():
        return stop  # a whole word at least
    word = end
    while word < limit and text[word].isspace():
        word += 1
    if word == limit:
        return limit
    word_end = word
    ceiling = min(length, word + width)
    while word_end < ceiling and not text[word_end].isspace():
        word_end += 1
    return word_end


def _lines(text: str, first: int, last: int, line_starts: Sequence[int] | None) -> tuple[int, int]:
    if line_starts is not None:
        return bisect.bisect_right(line_starts, first), bisect.bisect_right(line_starts, last)
    line = text.count("\n", 0, first) + 1
    return line, line + text.count("\n", first, last)


def _flat(text: str) -> str:
    return _LINE_BREAKS.sub(LINE_BREAK, text)
