"""The fast path of `find_numbers` finds exactly the tokens of the plain one.

`find_numbers` takes a digit run that nothing can extend as it stands and finds number words by
testing each distinct letter run once (`tekser.seeds.prescan`); `_find_numbers_slow` reads every
digit run in full, and `words.finditer` / `_BROKEN.finditer` are the plain word scans. Both are
run on the bundled seeds, on a generated benchmark seed and on generated strings that mix
digits, marks, spaces and number words, and must agree token for token (span, printed form,
value, flags); `number_spans` must give the same spans. The per-line language detection is held to
the word-by-word one drafting first had, and a seed in several languages is read line by line.
"""

from __future__ import annotations

import bisect
import itertools
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tekser.seeds.languages import language_blocks, line_languages
from tekser.seeds.prescan import broken_words, word_matches
from tekser.seeds.printed import (
    _BROKEN,
    _find_numbers_slow,
    _vocabulary,
    find_numbers,
    number_spans,
)
from tekser.seeds.text import SourceText
from tekser.stages.stated import SeedNumbers, seed_numbers
from tests.conftest import ROOT

LANGUAGES = ("", "ru", "kk", "en", "de", "fr", "de-CH", "sv", "zz")


def _generated_seed(folder: Path) -> str:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import generate  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    generate(200, folder)
    return next((folder / "seeds").glob("*.txt")).read_text(encoding="utf-8")


def _assert_same(text: str, language: str) -> None:
    fast, slow = find_numbers(text, language), _find_numbers_slow(text, language)
    assert fast == slow, (language, text[:200])
    assert number_spans(text, language) == [(n.start, n.end) for n in slow]
    words = _vocabulary(language.strip()).words
    if words is not None:
        plain = [(m.span(), m.group()) for m in words.finditer(text)]
        assert [(m.span(), m.group()) for m in word_matches(text, words)] == plain
    plain_broken = [(m.span(), m.group()) for m in _BROKEN.finditer(text)]
    assert [(m.span(), m.group()) for m in broken_words(text, _BROKEN)] == plain_broken


def _bundled_seeds() -> list[Path]:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    seeds += sorted((ROOT / "examples" / "stalin-1934" / "seeds").glob("*.txt"))
    assert len(seeds) >= 2
    return seeds


@pytest.mark.parametrize("language", LANGUAGES)
def test_bundled_seeds_read_the_same(language: str) -> None:
    for seed in _bundled_seeds():
        _assert_same(seed.read_text(encoding="utf-8"), language)


def test_a_generated_benchmark_seed_reads_the_same(tmp_path: Path) -> None:
    text = _generated_seed(tmp_path / "archive")
    numbers = find_numbers(text, "ru")
    assert len(numbers) > 100  # a real seed, full of numbers
    for language in ("", "ru", "kk", "en", "zz"):
        _assert_same(text, language)


def test_the_fast_path_keeps_every_kind_of_token() -> None:
    # the places where a digit run is extended, each next to one that is not
    text = (
        "В 1913 году 450 тысяч, 2 миллиона 300 тысяч; 1911/12 и 1871–80, 12.03.1911, "
        "1 234 567 руб., 81.5 %, 12,5 % — 30—31 миллион; three thousand and $165, 000, 000 00; "
        "dreihunderttausend Mark; 1'234'567.50; две ты-\nсячи рублей; 7 тыс. и 5"
    )
    for language in ("", "ru", "en", "de-CH"):
        _assert_same(text, language)
    printed = [n.printed for n in find_numbers(text, "ru")]
    assert "2 миллиона 300 тысяч" in printed and "1911/12" in printed and "1 234 567" in printed
    assert "450 тысяч" in printed and "7 тыс." in printed and "две ты-\nсячи" in printed


_PIECES = [
    *"0123456789",
    "1911",
    "12",
    "000",
    "345",
    ".",
    ",",
    ", ",
    "/",
    "-",
    "\u2013",
    "\u2014",
    "'",
    "\u2019",
    " ",
    "\u00a0",
    "\u2009",
    "\n",
    "-\n",
    "\n\n",
    "%",
    "‰",
    "$",
    "тысяч",
    "тысяча",
    "ТЫСЯЧ",
    "Тысячё",
    "тыс.",
    "Million",
    "мЫң",
    "İ",
    "ё",
    "миллиона",
    "сто",
    "двадцать",
    "пол",
    "года",
    "мың",
    "thousand",
    "hundred",
    "and",
    "a",
    "half",
    "millions",
    "per cent",
    "Millionen",
    "zwei",
    "drei",
    "hundert",
    "mille",
    "trois",
    "pour",
    "cent",
    "Ста",
    "ɑ",
    "K",
    "ſ",
    "\u0301",
    "word",
    "слово",
    "²",
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pieces=st.lists(st.sampled_from(_PIECES), min_size=1, max_size=24),
    language=st.sampled_from(LANGUAGES),
)
def test_generated_strings_read_the_same(pieces: list[str], language: str) -> None:
    _assert_same("".join(pieces), language)


def _line_languages_plain(text: str, line_starts: list[int], tags: list[str]) -> list[str]:
    """The per-line language as drafting first computed it, word by word (the reference)."""
    kazakh_letters = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
    primaries = {tag.split("-")[0].casefold(): tag for tag in tags}
    found, previous = [], tags[0] if tags else "und"
    for index, begin in enumerate(line_starts):
        end = line_starts[index + 1] if index + 1 < len(line_starts) else len(text)
        words = re.findall(r"[^\W\d_]{2,}", text[begin:end])
        cyrillic = [w for w in words if any("\u0400" <= c <= "\u04ff" for c in w)]
        latin = sum(len(w) for w in words if w.isascii())
        guess = ""
        if latin > sum(map(len, cyrillic)) and latin >= 6:
            guess = "en"
        elif any(kazakh_letters & set(w) or "i" in w for w in cyrillic):
            guess = "kk"
        elif cyrillic:
            guess = "ru"
        if guess in primaries:
            previous = primaries[guess]
        elif guess and guess == "kk" and "ru" in primaries and "kk" not in primaries:
            previous = primaries["ru"]
        found.append(previous)
    return found


def _starts(text: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer("\n", text))]


@pytest.mark.parametrize("tags", [["kk", "ru", "en"], ["ru", "kk"], ["ru"], ["en", "de"], []])
def test_line_languages_read_the_same(tags: list[str], tmp_path: Path) -> None:
    texts = [seed.read_text(encoding="utf-8") for seed in _bundled_seeds()]
    texts.append(_generated_seed(tmp_path / "archive"))
    for text in texts:
        starts = _starts(text)
        assert line_languages(text, starts, tags) == _line_languages_plain(text, starts, tags)


_WORDS = [
    "саны",
    "мың",
    "адам",
    "жылы",
    "тысяч",
    "человек",
    "году",
    "members",
    "district",
    "in",
    "iн",
    "Мiрзоян",
    "ΑΒΓ",
    "Straße",
    "1929",
    "12,5",
    "—",
    "ә",
    "xx",
]


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(
        st.lists(st.sampled_from(_WORDS), max_size=8).map(" ".join), min_size=1, max_size=6
    ),
    tags=st.sampled_from([["kk", "ru", "en"], ["ru", "en"], ["ru"], ["kk"], ["de", "en"]]),
)
def test_generated_lines_get_the_same_languages(lines: list[str], tags: list[str]) -> None:
    text = "\n".join(lines)
    starts = _starts(text)
    assert line_languages(text, starts, tags) == _line_languages_plain(text, starts, tags)
    blocks = language_blocks(text, starts, tags)
    assert blocks[0][0] == 0 and blocks[-1][1] == len(text)
    for (_, end, language), (start, _, following) in itertools.pairwise(blocks):
        assert end == start and language != following
    by_line = _line_languages_plain(text, starts, tags) if len(tags) > 1 else None
    for start, _, language in blocks:
        if by_line is not None:
            assert by_line[bisect.bisect_right(starts, start) - 1] == language


def test_a_seed_in_several_languages_is_read_line_by_line_in_each() -> None:
    # an English line: a typed space does not join digit groups; a Kazakh line: "мың" is a
    # scale word; a Russian line: "тысячи" is one and a typed space joins groups
    text = (
        "Отчёт за год: всего 3 тысячи членов.\n"
        "There were 12 345 cases in the district.\n"
        "Ауданда 5 мың адам бар.\n"
        "В округе 12 345 человек.\n"
    )
    source = SourceText(Path("seed.txt"), text, "")
    numbers = SeedNumbers.read(source, {"languages": "ru en kk"})
    printed = [text[s:e] for s, e in zip(numbers.starts, numbers.ends, strict=True)]
    assert printed == ["3 тысячи", "12", "345", "5 мың", "12 345"]
    assert [n.printed for n in seed_numbers(source, {"languages": "ru en kk"})] == printed
    # read in one language for every line ("" when the seed gives none), as before
    alone = SeedNumbers.read(source, {"languages": ""})
    assert [text[s:e] for s, e in zip(alone.starts, alone.ends, strict=True)] == [
        "3 тысячи",
        "12 345",
        "5 мың",
        "12 345",
    ]
