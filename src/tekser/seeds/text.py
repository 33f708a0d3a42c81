"""Source texts as stored: code-point offsets, lines, pages and number tokens."""

from __future__ import annotations

import bisect
import hashlib
import os
import re
import unicodedata
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from tekser.core.errors import TekserError
from tekser.core.limits import limits
from tekser.seeds.regular import read_bounded

# A number is a maximal run of ASCII digits; "1/I 1901" holds two, "3(7)" two.
NUMBER = re.compile(r"[0-9]+")


@dataclass(frozen=True, slots=True)
class NumberToken:
    """One run of digits in a source text, at code-point offsets [start, end)."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class SourceText:
    """The text of a seed exactly as stored: no newline translation, no normalisation."""

    path: Path
    text: str
    sha256: str
    _line_starts: array[int] = field(default_factory=lambda: array("q"), repr=False)

    @classmethod
    def read(cls, path: Path) -> SourceText:
        """Read a seed as UTF-8; raise TekserError with a one-line reason when it cannot be:
        missing, not a regular file (a FIFO, a device, a folder: refused before it is opened),
        larger than the `seed-bytes` limit (refused by its size, before it is read), not
        UTF-8."""
        if not os.path.exists(path):  # (an unreadable one is said so by read_bounded)
            raise TekserError(f"{path}: source file not found")
        data = read_bounded(
            Path(path),
            shown=str(path),
            where="",
            limit=limits().seed_bytes,
            limit_name="seed-bytes",
        )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise TekserError(
                f"{path}: not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                "re-encode the source as UTF-8"
            ) from None
        return cls(path=Path(path), text=text, sha256=hashlib.sha256(data).hexdigest())

    @property
    def line_starts(self) -> Sequence[int]:
        if not self._line_starts:
            # machine integers, not Python ones: an archive holds millions of lines
            starts = array("q", [0])
            starts.extend(m.end() for m in re.finditer("\n", self.text))
            self._line_starts = starts
        return self._line_starts

    def line_of(self, offset: int) -> int:
        """The 1-based line that holds code point `offset`."""
        return bisect.bisect_right(self.line_starts, offset)

    def line_text(self, line: int) -> str:
        """Line `line` (1-based) without its line ending."""
        starts = self.line_starts
        begin = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.text)
        return self.text[begin:end].rstrip("\r\n")

    def numbers(self) -> Iterator[NumberToken]:
        """Every run of digits in the text, in order."""
        for match in NUMBER.finditer(self.text):
            yield NumberToken(match.start(), match.end(), match.group())

    def diagnose_change(self, expected_sha256: str) -> str:
        """Explain, when it can, how a text whose hash differs was changed."""
        variants = {
            "its line endings were converted to CRLF": self.text.replace("\r\n", "\n"),
            "its line endings were converted from CRLF": self.text.replace("\n", "\r\n"),
            "it was re-normalised to decomposed Unicode (NFD)": unicodedata.normalize(
                "NFC", self.text
            ),
            "it was re-normalised to composed Unicode (NFC)": unicodedata.normalize(
                "NFD", self.text
            ),
        }
        for reason, original in variants.items():
            if original != self.text:
                digest = hashlib.sha256(original.encode("utf-8")).hexdigest()
                if digest == expected_sha256:
                    return reason
        return "its content changed"


_LETTER_HYPHEN = re.compile(r"(?<=[^\W\d_])-\s*(?=[^\W\d_])")
_LINE_BREAK_HYPHEN = re.compile(r"-[ \t]*\r?\n\s*")


def clean_form(text: str) -> str:
    """A form for comparing printed words across line breaks.

    A hyphen between letters is dropped (a word broken across lines and a hyphenated word
    compare equal), a hyphen broken across lines elsewhere ("1901-\n1905") is kept without the
    break, and whitespace runs become one space.
    """
    if "-" in text:
        text = _LETTER_HYPHEN.sub("", text)
        text = _LINE_BREAK_HYPHEN.sub("-", text)
    # str.split() splits on exactly what `\s` matches: runs of whitespace become one space
    return " ".join(text.split())


def digit_runs(text: str) -> list[str]:
    """The runs of digits in `text`, in order."""
    return NUMBER.findall(text)


# Thousands grouped by a no-break, narrow no-break or thin space ("6 480") are one number:
# such a space is marked with a word joiner (not whitespace, so clean_form keeps it).
_GLUE = "\u2060"
_GROUP_SPACES = ("\u00a0", "\u202f", "\u2009")
_GROUP_SPACE = re.compile(rf"(?<=[0-9])[{''.join(_GROUP_SPACES)}](?=[0-9]{{3}}(?![0-9]))")
_TYPED_GROUP_SPACE = re.compile(r"(?<=[0-9])\s(?=[0-9]{3}(?![0-9]))")


def holds_token(quote: str, token: str) -> bool:
    """Whether `token` occurs in `quote` as printed, as a whole number: not inside a longer
    run of digits, nor as one group of a number grouped by thousands ("480" of "6 480")."""
    if any(space in quote for space in _GROUP_SPACES):
        quote = _GROUP_SPACE.sub(_GLUE, quote)
    cleaned_quote = clean_form(quote)
    if token.isascii() and token.isdigit():
        return _holds_number(cleaned_quote, token)
    cleaned_token = clean_form(_TYPED_GROUP_SPACE.sub(_GLUE, token))
    if not cleaned_token:
        return False
    return _token_pattern(cleaned_token).search(cleaned_quote) is not None


@lru_cache(maxsize=4096)
def _token_pattern(cleaned_token: str) -> re.Pattern[str]:
    pattern = re.escape(cleaned_token).replace(_GLUE, f"[{_GLUE} ]")
    if cleaned_token[0].isdigit():
        pattern = rf"(?<![0-9])(?<![0-9]{_GLUE})" + pattern
    if cleaned_token[-1].isdigit():
        pattern += rf"(?![0-9])(?!{_GLUE}[0-9])"
    return re.compile(pattern)


_DIGITS = frozenset("0123456789")


def _holds_number(quote: str, digits: str) -> bool:
    """`holds_token` for a token of ASCII digits alone, without a regular expression: the
    digits, with no digit (nor a digit and a word joiner) on either side."""
    length = len(quote)
    position = quote.find(digits)
    while position != -1:
        before, after = position - 1, position + len(digits)
        clear_before = before < 0 or (
            quote[before] not in _DIGITS
            and not (quote[before] == _GLUE and before > 0 and quote[before - 1] in _DIGITS)
        )
        clear_after = after >= length or (
            quote[after] not in _DIGITS
            and not (quote[after] == _GLUE and after + 1 < length and quote[after + 1] in _DIGITS)
        )
        if clear_before and clear_after:
            return True
        position = quote.find(digits, position + 1)
    return False
