"""Proposals for the unaccounted numbers of one seed: figures with their unit, statistic, date
and quote, or exclusions with their category — each with a confidence and its reasons."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from itertools import pairwise

from tekser.authoring.drafting.bare_years import counted_not_year, unlikely_years
from tekser.authoring.drafting.carry import carry_degrees, carry_units
from tekser.authoring.drafting.dates import find_dates
from tekser.authoring.drafting.describe import SUFFIX as _SUFFIX
from tekser.authoring.drafting.describe import _sign as sign_unit
from tekser.authoring.drafting.describe import (
    absorb_unit_numbers,
    join_subunits,
    settle,
    share_base,
    unit_entry,
    unit_of,
)
from tekser.authoring.drafting.describe import after_words as _after
from tekser.authoring.drafting.describe import form_in as _form_in
from tekser.authoring.drafting.fractions import join_fractions
from tekser.authoring.drafting.lexicon import Lexicon, fold
from tekser.authoring.drafting.model import Exclusion, Figure, SeedDraft, inside, year_like
from tekser.authoring.drafting.placing import (
    assign_dates,
    date_exclusions,
    drop_covered,
    place_quote,
)
from tekser.authoring.drafting.relations import structure_words
from tekser.authoring.drafting.segment import Segmented, segment
from tekser.seeds.counted import find_counted_words
from tekser.seeds.numbers import NumberError, read_number, scales
from tekser.seeds.printed import PrintedNumber, find_numbers, money_sign_at
from tekser.seeds.text import SourceText


def draft_seed(
    source: SourceText,
    tags: list[str],
    lexicons: dict[str, Lexicon],
    unaccounted: list[tuple[int, int]],
) -> SeedDraft:
    """Proposals for the numbers of `source` that hold an unaccounted run of digits."""
    text = source.text
    ordered = [lexicons[k] for k in lexicons]
    bare: dict[str, Lexicon] = {}  # a language without a lexicon: CLDR's words only
    abbreviations = [f for lexicon in ordered for f in lexicon.abbreviations]
    seg = segment(text, list(source.line_starts), tags, abbreviations)
    draft = SeedDraft(seg)
    draft.dates = unlikely_years(find_dates(seg, ordered))
    patterns = _exclusion_matches(text, ordered)
    runs = sorted(unaccounted)
    printed = _numbers(seg, tags)
    fractions = join_fractions(text, printed)  # "3 25-100": one number, 3.25
    numbers = [n for n in printed if _holds_run(runs, n)]
    date_spans = [(d.start, d.end) for d in draft.dates]
    used_patterns: set[int] = set()
    for number in numbers:
        hit = inside([(a, b) for a, b, *_ in patterns], number.start, number.end)
        if hit >= 0:
            used_patterns.add(hit)
            continue
        if inside(date_spans, number.start, number.end) >= 0:
            continue
        language = seg.language_at(number.start)
        primary = language.split("-")[0].casefold()
        lexicon = lexicons.get(primary) or bare.setdefault(primary, Lexicon(primary))
        if _ZEROS.fullmatch(number.printed) and re.search(
            r"[0-9][^\s0-9]{1,2}(?:[ \t]*\r?\n[ \t]*)?$",
            text[max(0, number.start - 8) : number.start],
        ):
            draft.exclusions.append(
                Exclusion(
                    number.start,
                    number.end,
                    "ocr-fragment",
                    f"Groups of zeros (“{number.printed}”) cut from the number before them by a "
                    "stray mark of the scan: part of that number, no figure of their own.",
                    60,
                )
            )
            continue
        if number.printed in ("2", "3") and _EXPONENT.search(
            text, max(0, number.start - 6), number.start
        ):
            draft.exclusions.append(
                Exclusion(
                    number.start,
                    number.end,
                    "unit-exponent",
                    f"The power of the unit before it (“{text[number.start - 3 : number.end]}”: "
                    "square or cubic), printed on the line: part of the unit, no figure.",
                    70,
                )
            )
            continue
        ordinal = _ordinal(text, number, lexicon)
        if ordinal is not None:
            draft.exclusions.append(ordinal)
            continue
        figure = _figure(seg, number, language, lexicon)
        if figure is not None:
            if number.start in fractions:
                figure.note = fractions[number.start]
                figure.reasons.append("a whole and its hundredths printed as a fraction")
            draft.figures.append(figure)
    for index in sorted(used_patterns):
        start, end, category, reason, confidence = patterns[index]
        draft.exclusions.append(Exclusion(start, end, category, reason, confidence))
    _bounds_named_again(draft)
    lists = _partners(draft)
    for figure in draft.figures:  # a money form's sign inside the number names its unit
        inner = money_sign_at(figure.number.printed, figure.language)
        if inner < 0 or not sign_unit(seg, figure, figure.number.start + inner):
            unit_of(seg, figure)
    absorb_unit_numbers(draft)
    for chain in lists:
        last = chain[-1]
        for member in chain[:-1]:
            if member.unit_from not in ("after", "sign") and last.unit_from in ("after", "sign"):
                member.unit, member.measure = last.unit, last.measure
                member.statistic, member.unit_from = last.statistic, "partner"
                member.reasons = [r for r in member.reasons if "unit" not in r]
                member.reasons.append(f"unit {last.unit} of {last.number.printed}, the list's last")
    for figure in draft.figures:
        partner = figure.partner
        if (
            figure.unit_from not in ("after", "sign")
            and partner is not None
            and partner.unit_from in ("after", "sign")
        ):
            figure.unit, figure.measure = partner.unit, partner.measure
            if figure.statistic not in ("lower-bound", "upper-bound"):
                figure.statistic = partner.statistic
            figure.unit_from = "partner"
            figure.reasons = [r for r in figure.reasons if "unit" not in r]
            figure.reasons.append(f"unit {partner.unit} of {partner.number.printed}, the other end")
    years = [f for f in draft.figures if not f.unit_from and not f.scale and year_like(f.number)]
    counts = {id(f): counted_not_year(draft, f) for f in years}
    for figure in years:
        if counts[id(figure)]:
            figure.reasons.append(f"a count, not a year: {counts[id(figure)]}")
            continue
        draft.figures.remove(figure)
        draft.exclusions.append(
            Exclusion(
                figure.number.start,
                figure.number.end,
                "narrative-year",
                "A four-digit number in the range of years, with no unit, scale or date word "
                "around it: read as a year that dates no stated value.",
                50,
            )
        )
    carry_units(draft)
    for figure in draft.figures:
        if figure.partner is not None and figure.partner not in draft.figures:
            figure.partner = None
        _statistic(seg, figure)
    carry_degrees(draft)
    for figure in draft.figures:
        settle(figure)
        share_base(seg, figure)
        _organisation(seg, figure)
    join_subunits(draft)
    assign_dates(draft)
    for figure in draft.figures:
        place_quote(draft, figure, patterns)
    date_exclusions(draft, runs)
    drop_covered(draft)
    draft.exclusions.sort(key=lambda e: e.start)
    return draft


def _bounds_named_again(draft: SeedDraft) -> None:
    """A number with the unit word of a class's bound excluded elsewhere in the text ("farms
    above 160 acres" … "a lot of 160 acres") names that bound again: excluded too."""
    text, seg = draft.seg.raw, draft.seg
    bounds: set[tuple[str, str]] = set()
    for exclusion in draft.exclusions:
        if exclusion.category != "class-bound":
            continue
        after = seg.words(exclusion.end, min(len(text), exclusion.end + 40))
        if not after or text[exclusion.end : after[0][1]].strip():
            continue  # no unit word right after the bounds (a ditto mark, a figure)
        for match in re.finditer(
            r"[0-9][0-9,.]*[0-9]|[0-9]", text[exclusion.start : exclusion.end]
        ):
            bounds.add((match.group(), after[0][0]))
    if not bounds:
        return
    for figure in list(draft.figures):
        after = seg.words(figure.number.end, min(len(text), figure.number.end + 40))
        if not after or text[figure.number.end : after[0][1]].strip():
            continue
        if (figure.number.printed, after[0][0]) not in bounds:
            continue
        draft.figures.remove(figure)
        draft.exclusions.append(
            Exclusion(
                figure.number.start,
                figure.number.end,
                "class-bound",
                f"{figure.number.printed} {after[0][0]} bounds a class elsewhere in the text: "
                "named again, it states no figure.",
                40,
            )
        )


# -- numbers -----------------------------------------------------------------------------------

_ZEROS = re.compile(r"000(?:[,.]000)*")  # "$48,316:000": the groups after a stray mark
# a metric unit of length glued to the power after it ("km2", "km.2", "m.3"): square or cubic
_EXPONENT = re.compile(r"(?<![^\W\d_])(?:[kdcm]?m|qkm)\.?$")


def _numbers(seg: Segmented, tags: list[str]) -> list[PrintedNumber]:
    """The numbers of the seed, read line block by line block in each block's language."""
    found: list[PrintedNumber] = []
    starts = seg.line_starts
    index = 0
    while index < len(starts):
        language, end = seg.languages[index], index
        while end + 1 < len(starts) and seg.languages[end + 1] == language:
            end += 1
        begin = starts[index]
        stop = starts[end + 1] if end + 1 < len(starts) else len(seg.raw)
        block = seg.raw[begin:stop]
        numbers = find_numbers(block, language)
        # small numbers and fractions in words: proposed only where draft gives their span
        numbers = sorted([*numbers, *find_counted_words(block, language, numbers)], key=_at)
        for number in numbers:
            found.append(replace(number, start=number.start + begin, end=number.end + begin))
        index = end + 1
    return found


def _at(number: PrintedNumber) -> int:
    return number.start


def _holds_run(runs: list[tuple[int, int]], number: PrintedNumber) -> bool:
    return any(number.start <= a and b <= number.end for a, b in runs)


def _exclusion_matches(text: str, lexicons: list[Lexicon]) -> list[tuple[int, int, str, str, int]]:
    found: list[tuple[int, int, str, str, int]] = []
    taken: list[tuple[int, int]] = []
    for lexicon in lexicons:
        for pattern in lexicon.exclusions:
            for match in pattern.regex.finditer(text):
                start, end = match.span()
                if end <= start or not re.search("[0-9]", match.group()):
                    continue
                if any(a < end and start < b for a, b in taken):
                    continue
                taken.append((start, end))
                reason = (
                    f"{pattern.reason} (pattern {pattern.id} of the {lexicon.language} "
                    "drafting lexicon)"
                )
                found.append((start, end, pattern.category, reason, 85))
    return found


def _ordinal(text: str, number: PrintedNumber, lexicon: Lexicon) -> Exclusion | None:
    match = _SUFFIX.match(text, number.end)
    if match is None:
        return None
    word = fold(match.group(1))
    if _form_in(lexicon.case_suffixes, word) or unit_entry(lexicon, [word], 0) is not None:
        return None
    if any(unit.match([word], 0) for unit in lexicon.units):
        return None
    ordinal = _form_in(lexicon.ordinal_suffixes, word)
    why = "ordinal ending" if ordinal else "word joined by a hyphen"
    return Exclusion(
        number.start,
        match.end(),
        "ordinal",
        f"A number with an {why} (“{match.group()}”): it names or qualifies, it does not count.",
        70 if ordinal else 45,
    )


# -- one figure --------------------------------------------------------------------------------


def _figure(
    seg: Segmented, number: PrintedNumber, language: str, lexicon: Lexicon
) -> Figure | None:
    value = number.value
    if value is None:
        return None
    figure = Figure(number, language, lexicon, seg.clause(number.start))
    figure.value, figure.scale = _scaled(number, value, language)
    if figure.scale:
        figure.reasons.append(f"scale word: {figure.scale}")
    return figure


def _scaled(number: PrintedNumber, value: Decimal, language: str) -> tuple[Decimal, str]:
    """The value in the scale of the token's last scale word (N millions M thousands → a value
    in thousands), or as read when the token ends in digits."""
    words = re.findall(r"[^\W\d_]+\.?", number.printed)
    if not words or number.printed.rstrip()[-1:].isdigit():
        return value, ""
    try:
        multiplier = read_number(words[-1], language)
    except NumberError:
        return value, ""
    names = {factor: name for name, factor in scales().items()}
    if multiplier not in names or (multiplier < 1000 and not re.search("[0-9]", number.printed)):
        return value, ""  # "five hundred" is 500, not 5 hundreds
    scaled = value / multiplier
    return (
        scaled.normalize() if scaled != scaled.to_integral_value() else scaled.to_integral_value()
    ), names[multiplier]


# the words that set a share's base after it ("of the average"): a statistics word after them
# is the base, not the share's statistic
_OF_WORDS = frozenset({"of", "de", "du", "des", "der", "vom", "от", "af", "van", "di", "del"})
_SIGNS_END = re.compile(r"[\s–—\-$£€¥₽₸₤₣ℳ¤]+$")  # spaces, dashes, currency signs


def _statistic(seg: Segmented, figure: Figure) -> None:
    if figure.statistic in ("lower-bound", "upper-bound") and figure.partner is not None:
        return  # a range: set by _partners
    lexicon = figure.lexicon
    before = [w for w, _, _ in seg.words(figure.clause.start, figure.number.start)][-4:]
    _, after_words = _after(seg, figure)
    after = [w for w, _, _ in after_words][:4]
    clause = [w for w, _, _ in seg.words(figure.clause.start, figure.clause.end)]
    gap = seg.raw[figure.clause.start : figure.number.start]
    for entry in lexicon.statistics:
        position, wanted = entry.values["position"], entry.values.get("unit")
        if wanted and wanted != figure.unit:
            continue
        if (  # "5 per cent of the estimates": a share of a plan, not a plan
            position == "clause"
            and not wanted
            and figure.unit in ("percent", "per-mille")
            and entry.values["statistic"] in ("plan", "target")
        ):
            continue
        hit = ""
        if position == "before" and before:
            for size in (3, 2, 1):
                index = len(before) - size
                if index >= 0 and entry.match(before, index) == size:
                    tail = _SIGNS_END.sub("", gap)  # "over $250,000": past the sign
                    if fold(tail).endswith(before[-1]):
                        hit = " ".join(before[index:])
                        break
            if hit and figure.partner is not None and _form_in(lexicon.to_words, hit):
                hit = ""  # "rose from 100 to 150": the to-word of a change bounds nothing
        elif position == "after":
            for index in range(min(3, len(after))):
                if entry.match(after, index):
                    hit = entry.label(after, index)
                    break
        elif position == "clause":
            # "12 per cent of the average": the share's base, not an average
            reach, share = len(clause), figure.unit in ("percent", "per-mille")
            if share and entry.values["statistic"] == "average":
                reach = len(seg.words(figure.clause.start, figure.number.start))
            hit = next(
                (
                    entry.label(clause, i)
                    for i in range(reach)
                    if entry.match(clause, i)
                    and not (share and _OF_WORDS.intersection(clause[max(0, i - 3) : i]))
                ),
                "",
            )
        if hit:
            figure.statistic = entry.values["statistic"]
            figure.reasons.append(f"statistic {figure.statistic} from “{hit}” ({entry.source})")
            return


def _organisation(seg: Segmented, figure: Figure) -> None:
    sentence = seg.sentence(figure.number.start)
    before = seg.words(sentence.start, figure.number.start)
    words = [w for w, _, _ in before]
    for index in range(len(words) - 1, -1, -1):
        for entry in figure.lexicon.organisations:
            if entry.match(words, index):
                figure.organisation = entry.values["organisation"]
                figure.reasons.append(f"organisation {figure.organisation} from “{words[index]}”")
                return
    after = [w for w, _, _ in seg.words(figure.number.end, figure.clause.end)]
    for index in range(len(after)):
        for entry in figure.lexicon.organisations:
            if entry.match(after, index):
                figure.organisation = entry.values["organisation"]
                figure.reasons.append(f"organisation {figure.organisation} from “{after[index]}”")
                return


def _dashed(text: str, first: Figure, second: Figure) -> bool:
    """Two numbers of one clause joined by a dash only (not years: 1911—1912 is a period)."""
    if first.clause != second.clause or year_like(first.number) or year_like(second.number):
        return False
    return re.fullmatch(r"\s*[-–—]\s*", text[first.number.end : second.number.start]) is not None


def _partners(draft: SeedDraft) -> list[list[Figure]]:
    """Ranges (50-100 шақырым: a lower and an upper bound) and from … to pairs (с X до Y,
    the kk case endings from … to), which share a unit; lists joined by dashes (50— 70—120
    тысяч: one figure each), returned, whose members take the unit of the last. Every member
    without a scale word takes the last member's ("30—31 миллион": 30 million), with a note."""
    text, figures = draft.seg.raw, draft.figures
    chains: list[list[Figure]] = []
    index = 0
    while index < len(figures):
        end = index
        while end + 1 < len(figures) and _dashed(text, figures[end], figures[end + 1]):
            end += 1
        if end > index:
            chains.append(figures[index : end + 1])
        index = end + 1
    for chain in chains:
        first, last = chain[0], chain[-1]
        shown = text[first.number.start : last.number.end]
        kind = "range" if len(chain) == 2 else "list"
        for member in chain[:-1]:
            if (
                last.scale
                and not member.scale
                and not re.search(r"[^\W\d_]", member.number.printed)
            ):
                member.scale = last.scale
                member.note = (
                    f"in the scale of {last.number.printed}, the last member of the {kind} "
                    f"“{shown}”"
                )
                member.reasons.append(
                    f"scale {last.scale} of {last.number.printed}, the {kind}'s last"
                )
        if kind == "range":
            first.partner, last.partner = last, first
            first.statistic, last.statistic = "lower-bound", "upper-bound"
            first.reasons.append(f"range {first.number.printed}–{last.number.printed}: lower")
            last.reasons.append(f"range {first.number.printed}–{last.number.printed}: upper")
        else:
            for member in chain:
                member.reasons.append(f"list “{shown}”: one figure for each member")
    lists = [chain for chain in chains if len(chain) > 2]
    for first, second in pairwise(figures):
        if first.clause != second.clause or _dashed(text, first, second):
            continue
        words = [w for w, _, _ in draft.seg.words(first.number.end, second.number.start)]
        if any(_form_in(first.lexicon.to_words, w) for w in words) and len(words) <= 6:
            first.partner, second.partner = second, first
            if len(words) == 1 and _from_to_range(draft, first):
                shown = text[first.number.start : second.number.end]
                first.statistic, second.statistic = "lower-bound", "upper-bound"
                first.reasons.append(f"range “{shown}”, no change said: lower")
                second.reasons.append(f"range “{shown}”, no change said: upper")
    return lists


def _from_to_range(draft: SeedDraft, first: Figure) -> bool:
    """Whether "from X to Y" (от 4 до 6 рублей, von 3 bis 5 Mark) is a range: the from-word
    right before X, and no word of its clause, or of its sentence before it, says a rise or
    fall (from 100 to 150 rose; grew from 1 to 2 in one town, from 3 to 4 in another)."""
    before = draft.seg.words(first.clause.start, first.number.start)
    if not before or not _form_in(first.lexicon.from_words, before[-1][0]):
        return False
    if draft.seg.raw[before[-1][2] : first.number.start].strip():
        return False  # a sign or a bracket between: "from $4"
    words = structure_words(first.language)
    stems = (*words.rise, *words.fall) if words is not None else ()
    sentence = draft.seg.sentence(first.number.start)
    clause = draft.seg.words(min(sentence.start, first.clause.start), first.clause.end)
    return not any(w.startswith(stem) for w, _, _ in clause for stem in stems)
