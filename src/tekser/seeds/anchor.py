"""Anchoring: turning a quote into an exact span of its source, and finding it again."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tekser.core.errors import AnchorError
from tekser.seeds.text import SourceText

CONTEXT = 32  # code points of prefix and suffix kept beside each quote (W3C TextQuoteSelector)

# Letters that look alike across scripts, dashes and quotation marks: scraped and OCR'd texts mix
# them freely, and an author typing a quote cannot see which one the source has.
_LOOKALIKES = {
    "а": "a",
    "е": "e",
    "о": "o",
    "р": "p",
    "с": "c",
    "у": "y",
    "х": "x",
    "і": "i",
    "ј": "j",
    "А": "A",
    "В": "B",
    "Е": "E",
    "К": "K",
    "М": "M",
    "Н": "H",
    "О": "O",
    "Р": "P",
    "С": "C",
    "Т": "T",
    "Х": "X",
    "І": "I",
    "Ј": "J",
    "ё": "е",
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "–": "-",
    "—": "-",
    "―": "-",
    "−": "-",
    "«": '"',
    "»": '"',
    "“": '"',
    "”": '"',
    "„": '"',
    "’": "'",
    "‘": "'",
}
# A hyphen before a letter, with or without a line break after it: hyphenated words and
# words broken across lines both fold to the joined word ("ауыл-\nдеревня" ~ "ауылдеревня").
_WORD_HYPHEN = re.compile(r"[-\u00ad][ \t]*(?:\r?\n[ \t]*)?(?=[^\W\d_])")


@dataclass(frozen=True, slots=True)
class Span:
    """A located quote: [start, end) in code points, and the exact text there."""

    start: int
    end: int
    quote: str
    exact: bool = True


def occurrences(text: str, quote: str) -> list[int]:
    """Every start offset of `quote` in `text`, overlapping ones included."""
    found, position = [], text.find(quote)
    while quote and position != -1:
        found.append(position)
        position = text.find(quote, position + 1)
    return found


def _fold(text: str) -> tuple[str, list[int]]:
    """A loose form of `text` for authoring search, with each character's original offset.

    Whitespace runs become one space, a hyphen before a letter disappears (with the line break
    that may follow it), look-alike letters, dashes and quotation marks become one form.
    """
    folded: list[str] = []
    offsets: list[int] = []
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        if char in "-\u00ad" and index and text[index - 1].isalnum():
            hyphen = _WORD_HYPHEN.match(text, index)
            if hyphen:
                index = hyphen.end()
                continue
        if char.isspace():
            folded.append(" ")
            offsets.append(index)
            while index < length and text[index].isspace():
                index += 1
            continue
        folded.append(_LOOKALIKES.get(char, char))
        offsets.append(index)
        index += 1
    return "".join(folded), offsets


def _context_score(source: SourceText, start: int, end: int, prefix: str, suffix: str) -> int:
    """How many code points of the recorded prefix and suffix agree with the text around a span."""
    score = 0
    before = source.text[max(0, start - len(prefix)) : start]
    for a, b in zip(reversed(before), reversed(prefix), strict=False):
        if a != b:
            break
        score += 1
    after = source.text[end : end + len(suffix)]
    for a, b in zip(after, suffix, strict=False):
        if a != b:
            break
        score += 1
    return score


def _choose(
    source: SourceText,
    starts: Sequence[int],
    length_of: dict[int, int],
    *,
    prefix: str,
    suffix: str,
    line: int | None,
) -> list[int]:
    """Narrow candidate starts by line hint, then by best agreement with prefix and suffix."""
    candidates = list(starts)
    if len(candidates) > 1 and line:
        on_line = [start for start in candidates if source.line_of(start) == line]
        candidates = on_line or candidates
    if len(candidates) > 1 and (prefix or suffix):
        scores = {
            start: _context_score(source, start, start + length_of[start], prefix, suffix)
            for start in candidates
        }
        best = max(scores.values())
        # a context that agrees in a few code points (a space, a letter) chooses nothing:
        # at least half of the recorded prefix and suffix must agree
        if 2 * best >= len(prefix) + len(suffix):
            candidates = [start for start in candidates if scores[start] == best]
    return candidates


def relocate(
    source: SourceText, quote: str, *, prefix: str = "", suffix: str = "", line: int | None = None
) -> list[Span]:
    """Exact places of `quote`, narrowed by context; validation uses this to re-anchor drift."""
    starts = occurrences(source.text, quote)
    chosen = _choose(
        source, starts, dict.fromkeys(starts, len(quote)), prefix=prefix, suffix=suffix, line=line
    )
    return [Span(start, start + len(quote), quote) for start in chosen]


def locate(
    source: SourceText,
    quote: str,
    *,
    prefix: str = "",
    suffix: str = "",
    line: int | None = None,
    label: str = "quote",
) -> Span:
    """Find the one place of `quote` in `source`, exactly or, failing that, loosely.

    Raises AnchorError when the quote is absent or when several places fit equally well.
    """
    if not quote.strip():
        raise AnchorError(f"{label}: empty quote")
    spans = relocate(source, quote, prefix=prefix, suffix=suffix, line=line)
    if len(spans) == 1:
        return spans[0]
    if not spans:
        folded_text, offsets = _fold(source.text)
        folded_quote, _ = _fold(quote.strip())
        loose_starts = occurrences(folded_text, folded_quote)
        lengths = {}
        for start in loose_starts:
            original_end = offsets[start + len(folded_quote) - 1] + 1
            lengths[offsets[start]] = original_end - offsets[start]
        originals = [offsets[start] for start in loose_starts]
        chosen = _choose(source, originals, lengths, prefix=prefix, suffix=suffix, line=line)
        spans = [
            Span(start, start + lengths[start], source.text[start : start + lengths[start]], False)
            for start in chosen
        ]
        if len(spans) == 1:
            return spans[0]
        if not spans:
            raise AnchorError(f"{label}: quote not found in {source.path.name}: {quote!r}")
    lines = ", ".join(str(source.line_of(span.start)) for span in spans)
    raise AnchorError(
        f"{label}: quote is ambiguous in {source.path.name} (lines {lines}); "
        "lengthen it, or give `line`, `prefix` or `suffix` to choose one"
    )


def context(source: SourceText, start: int, end: int) -> tuple[str, str]:
    """The prefix and suffix recorded beside a span."""
    return source.text[max(0, start - CONTEXT) : start], source.text[end : end + CONTEXT]
