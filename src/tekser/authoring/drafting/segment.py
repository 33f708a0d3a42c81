"""A seed cut for drafting: words joined across line-end hyphens, the language of each line,
paragraphs, sentences and clauses, as code-point spans of the seed as stored."""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field

from tekser.authoring.drafting.lexicon import WORD, Form, any_form, fold
from tekser.seeds.languages import line_languages

_JOIN = re.compile(r"(?<=[^\W\d_])[-\u00ad][ \t]*\r?\n[ \t]*(?=[^\W\d_])|\u00ad")
# a sentence ends at . ! ? … (after closing quotes or brackets) before a capital, a digit,
# an opening quote or bracket, or the end of a paragraph
_SENTENCE_END = re.compile(r"[.!?…]+[\"»”)\]]*(?=\s+[\"«“(\[]?(\w)|\s*$)")
_CLAUSE_MARK = re.compile(r"[,;:](?![0-9])")
_TRIM = ' \t\r\n"«»“”„,;:–—-(['


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(slots=True)
class Segmented:
    """The seed's text as stored (`raw`), and its analysis."""

    raw: str
    languages: list[str]  # the language of each line (0-based)
    line_starts: list[int]
    paragraphs: list[Span] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    clauses: list[Span] = field(default_factory=list)

    def line_index(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset) - 1

    def language_at(self, offset: int) -> str:
        return self.languages[self.line_index(offset)]

    def _containing(self, spans: list[Span], offset: int) -> Span:
        index = bisect.bisect_right([s.start for s in spans], offset) - 1
        if index >= 0 and spans[index].start <= offset < spans[index].end:
            return spans[index]
        return Span(offset, offset + 1)

    def clause(self, offset: int) -> Span:
        return self._containing(self.clauses, offset)

    def sentence(self, offset: int) -> Span:
        return self._containing(self.sentences, offset)

    def paragraph(self, offset: int) -> Span:
        return self._containing(self.paragraphs, offset)

    def words(self, start: int, end: int) -> list[tuple[str, int, int]]:
        """The words of [start, end) (joined across line-end hyphens), folded, with spans."""
        text = self.raw[start:end]
        joined = _JOIN.sub("", text)
        if joined == text:
            return [
                (fold(m.group()), start + m.start(), start + m.end()) for m in WORD.finditer(text)
            ]
        found = []
        for match in re.finditer(
            r"[^\W\d_]+(?:(?:[-'][^\W\d_]+)|(?:[-\u00ad][ \t]*\r?\n[ \t]*"
            r"[^\W\d_]+)|\u00ad[^\W\d_]+)*",
            text,
        ):
            found.append(
                (fold(_JOIN.sub("", match.group())), start + match.start(), start + match.end())
            )
        return found


def segment(
    text: str, line_starts: list[int], tags: list[str], abbreviations: list[Form]
) -> Segmented:
    """Paragraphs (a blank line, or a line that ends as a corpus string ends: `",`), sentences
    and clauses (commas, semicolons and colons that are not decimal marks)."""
    seg = Segmented(text, line_languages(text, line_starts, tags), list(line_starts))
    starts = [0]
    for index, begin in enumerate(line_starts[1:], start=1):
        previous = text[line_starts[index - 1] : begin].rstrip()
        this_end = line_starts[index + 1] if index + 1 < len(line_starts) else len(text)
        blank = not previous.strip() or not text[begin:this_end].strip()
        if blank or previous.endswith(('",', '"', "”,")):
            starts.append(begin)
    bounds = [*starts, len(text)]
    seg.paragraphs = [Span(a, b) for a, b in itertools.pairwise(bounds) if b > a]
    for paragraph in seg.paragraphs:
        begin = paragraph.start
        for match in _SENTENCE_END.finditer(text, paragraph.start, paragraph.end):
            after = match.group(1)
            if after and not (after.isupper() or after.isdigit()):
                continue  # a lower-case word follows: not the end of a sentence
            dot = match.group().lstrip(".!?…")
            before = WORD.findall(text[max(begin, match.start() - 12) : match.start()])
            word = before[-1] if before else ""
            head = text[match.start() - len(word) - 1 : match.start() - len(word)] if word else ""
            initial = len(word) == 1 and word.isupper()
            if (
                text[match.start()] == "."
                and not dot
                and word
                and (initial or any_form(abbreviations, word) or head == ".")
            ):
                continue  # an initial, т. 2, ж.ж.: no sentence ends here
            seg.sentences.append(Span(begin, match.end()))
            begin = match.end()
        if begin < paragraph.end:
            seg.sentences.append(Span(begin, paragraph.end))
    for sentence in seg.sentences:
        begin = sentence.start
        for match in _CLAUSE_MARK.finditer(text, sentence.start, sentence.end):
            seg.clauses.append(Span(begin, match.start()))
            begin = match.end()
        seg.clauses.append(Span(begin, sentence.end))
    return seg


def trim(text: str, start: int, end: int, keep: tuple[int, int]) -> tuple[int, int]:
    """[start, end) without the whitespace, quotes and punctuation at its ends, never cutting
    into `keep`."""
    while start < keep[0] and text[start] in _TRIM:
        start += 1
    while end > keep[1] and text[end - 1] in _TRIM + ".":
        end -= 1
    return start, end
