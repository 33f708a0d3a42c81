"""The language of each line of a seed in several languages, from its letters: what `draft`
proposes in, and what coverage and `scan` read each line's numbers in."""

from __future__ import annotations

import re
from collections.abc import Sequence

_KAZAKH = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_WORD = re.compile(r"[^\W\d_]{2,}")
_NOT_CYRILLIC = re.compile(r"[^ \u0400-\u04ff]")
_KAZAKH_LETTER = re.compile(f"[{''.join(sorted(_KAZAKH))}]")
# what a word says of its line's language: (Latin letters, Cyrillic letters, Kazakh), by word
_LETTERS: dict[str, tuple[int, int, bool]] = {}


def _count(words: list[str]) -> tuple[int, int, bool]:
    """The Latin letters, the Cyrillic letters and whether a Cyrillic word is Kazakh (a Kazakh
    letter or a Latin `i`), of a line's words."""
    latin = cyrillic = 0
    kazakh = False
    for word in words:
        known = _LETTERS.get(word)
        if known is None:
            known = _LETTERS[word] = _letters(word)
        latin, cyrillic, kazakh = latin + known[0], cyrillic + known[1], kazakh or known[2]
    return latin, cyrillic, kazakh


def _letters(word: str) -> tuple[int, int, bool]:
    """A word's Latin letters (all of it, when it is ASCII), its Cyrillic letters (all of it,
    when one letter is Cyrillic), and whether it is a Cyrillic word with a Kazakh letter or a
    Latin `i`."""
    if len(_LETTERS) > 1 << 18:
        _LETTERS.clear()
    cyrillic = any("\u0400" <= c <= "\u04ff" for c in word)
    kazakh = cyrillic and bool(_KAZAKH & set(word) or "i" in word)
    return (len(word) if word.isascii() else 0, len(word) if cyrillic else 0, kazakh)


def line_languages(text: str, line_starts: Sequence[int], tags: list[str]) -> list[str]:
    """A language tag of the source for each line, from its letters (Kazakh letters, or a Latin
    `i` in a Cyrillic word → kk; other Cyrillic → ru; Latin → en), the tag before it when the
    line says nothing; only tags of `tags` are given (the first one for the rest)."""
    primaries = {tag.split("-")[0].casefold(): tag for tag in tags}
    default = tags[0] if tags else "und"
    found: list[str] = []
    previous = default
    for index, begin in enumerate(line_starts):
        end = line_starts[index + 1] if index + 1 < len(line_starts) else len(text)
        words = _WORD.findall(text, begin, end)
        joined = " ".join(words)
        if not _NOT_CYRILLIC.search(joined):  # Cyrillic words alone (or none): no Latin `i`
            latin, cyrillic = 0, len(joined) - len(words) + 1 if words else 0
            kazakh = _KAZAKH_LETTER.search(joined) is not None
        else:
            latin, cyrillic, kazakh = _count(words)
        guess = ""
        if latin > cyrillic and latin >= 6:
            guess = "en"
        elif kazakh:
            guess = "kk"
        elif cyrillic:
            guess = "ru"
        if guess in primaries:
            previous = primaries[guess]
        elif guess and guess == "kk" and "ru" in primaries and "kk" not in primaries:
            previous = primaries["ru"]
        found.append(previous)
    return found


def language_blocks(
    text: str, line_starts: Sequence[int], tags: list[str]
) -> list[tuple[int, int, str]]:
    """The seed as runs of lines of one language, (start, end, tag) in order, covering it: one
    run in the one tag of a seed in one language ("" for none given), else `line_languages`'."""
    if len(tags) <= 1 or not line_starts:
        return [(0, len(text), tags[0] if tags else "")]
    blocks: list[tuple[int, int, str]] = []
    for begin, language in zip(line_starts, line_languages(text, line_starts, tags), strict=True):
        if blocks and blocks[-1][2] == language:
            continue
        if blocks:
            blocks[-1] = (blocks[-1][0], begin, blocks[-1][2])
        blocks.append((begin, len(text), language))
    if blocks[0][0] > 0:
        blocks[0] = (0, blocks[0][1], blocks[0][2])
    return blocks
