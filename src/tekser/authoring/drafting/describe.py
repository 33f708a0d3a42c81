"""The unit, base and statistic of a proposed figure from the words around it, in the order an
author would read them: a sign right before or after the number, the drafting lexicon's words
after it, CLDR's currency and unit names (units.py), the counted noun after it, a lexicon word
before it in its clause, a measure of the clause. Then the statistic is made one `validate`
accepts for the value: a decimal is no count, a share over 100 % is a ratio; and a currency's
hundredths printed after it ("5 dollars 30 cents", "5 руб. 30 коп.") are read into its value."""

from __future__ import annotations

import re
from decimal import Decimal

from tekser.authoring.drafting.lexicon import Entry, Form, Lexicon, fold
from tekser.authoring.drafting.model import Exclusion, Figure, SeedDraft, year_like
from tekser.authoring.drafting.nouns import counted_noun, known_word
from tekser.authoring.drafting.segment import Segmented
from tekser.authoring.drafting.units import (
    UnitReading,
    _parse,
    counted_parse,
    lemma,
    named_unit,
    sign_reading,
    slug,
    stopped,
)
from tekser.seeds.numbers import plain, scale_factor
from tekser.seeds.printed import money_sign_at

SUFFIX = re.compile(r"-[ \t]*(?:\r?\n[ \t]*)?([^\W\d_]+)")
# the per cent sign as 19th-century print sets it: a degree sign over a small o ("5 °/o")
_OLD_PERCENT = re.compile(r"[ \t\u00a0]*[°º˚][ \t]?/[ \t]?[oо0](?![^\W\d_])")
_SIGN = re.compile(r"[ \t\u00a0\u202f]*([^\w\s])")
_SIGN_BEFORE = re.compile(r"([^\w\s]|[A-Z]{1,3}[^\w\s])[ \t\u00a0\u202f]?$")
_BETWEEN = re.compile(  # the currency's word(s), then a comma or "and" at most
    r"\s*(?:[^\W\d_]+\.?\s*){1,3}?[,;]?\s*(?:(?:and|und|et|и|мен|пен|бен)\s+)?",
    re.IGNORECASE,
)


_GROUPED = re.compile(r"([0-9]{1,3})[.,]([0-9]{3})")  # 31,406: a group or three decimals
# a number and at most one word before a unit word: the unit is that number's
_OWNED = re.compile(r"[0-9][ \t\u00a0]+(?:[^\W\d_]+[ \t\u00a0]+)?$")
_ROW_END = re.compile(r"[^\w\n]*(\n)")  # nothing but signs to the end of the line
_ROW = re.compile(
    r"[^\n]*[^\W\d_](?:[^\n]|-\n)*?[0-9][\s.,;:*)„\"”»〃]*?(?:\n|$)"
)  # a label (perhaps hyphenated over a line end), then a number


def form_in(forms: list[Form], word: str) -> bool:
    return any(f.matches([word], 0) for f in forms if len(f.parts) == 1)


def unit_entry(lexicon: Lexicon, words: list[str], index: int) -> tuple[Entry, int] | None:
    best: tuple[Entry, int] | None = None
    for entry in lexicon.units:
        length = entry.match(words, index)
        if length and (best is None or length > best[1]):
            best = (entry, length)
    return best


def after_words(seg: Segmented, figure: Figure) -> tuple[int, list[tuple[str, int, int]]]:
    """Where the words after the number begin (past a hyphenated case ending), and those words
    up to the next number or the end of the clause."""
    text, end = seg.raw, figure.number.end
    suffix = SUFFIX.match(text, end)
    if suffix and form_in(figure.lexicon.case_suffixes, fold(suffix.group(1))):
        end = suffix.end()
    digit = re.compile("[0-9]").search(text, end, figure.clause.end)
    stop = digit.start() if digit else figure.clause.end
    row = _ROW_END.match(text, end)
    following = text[row.end() :].lstrip(" \t")[:1] if row else ""
    if row and _ROW.match(text, row.end()) and not following.islower():
        # a table's row: the next line is the next row's (one that opens in lower case goes
        # on with the sentence: "… 90\nper cent of …")
        stop = min(stop, row.start(1))
    return end, seg.words(end, max(end, stop))


def _primary(figure: Figure) -> str:
    return figure.language.split("-")[0].casefold()


def set_entry(figure: Figure, entry: Entry, where: str, reason: str) -> None:
    figure.unit = entry.values["unit"]
    figure.measure = entry.values.get("measure", figure.unit)
    figure.unit_statistic = entry.values.get("statistic", "count")
    if figure.statistic not in ("lower-bound", "upper-bound"):
        figure.statistic = figure.unit_statistic
    figure.unit_from = where
    figure.reasons.append(f"{reason} ({entry.source}: {figure.unit})")


def _set_reading(figure: Figure, reading: UnitReading, where: str) -> None:
    figure.unit, figure.measure = reading.unit, reading.measure
    figure.unit_statistic = reading.statistic
    if figure.statistic not in ("lower-bound", "upper-bound"):
        figure.statistic = reading.statistic
    figure.unit_from = where
    figure.reasons.append(reading.reason)


def _sign(seg: Segmented, figure: Figure, end: int) -> bool:
    """A unit sign right after the number, or a currency sign right before it."""
    lexicon, language = figure.lexicon, _primary(figure)
    old = _OLD_PERCENT.match(seg.raw, end)
    if old:
        figure.unit = figure.measure = "percent"
        figure.unit_statistic, figure.unit_from = "share", "sign"
        if figure.statistic not in ("lower-bound", "upper-bound"):
            figure.statistic = "share"
        figure.reasons.append(
            f"per cent sign “{old.group().strip()}” after it, as old print has it"
        )
        return True
    sign = _SIGN.match(seg.raw, end)
    if sign:
        for entry in lexicon.units:
            if sign.group(1) in entry.signs:
                set_entry(figure, entry, "sign", f"unit sign “{sign.group(1)}”")
                return True
        reading = sign_reading(language, sign.group(1), "after")
        if reading is not None:
            _set_reading(figure, reading, "sign")
            return True
    start = figure.number.start
    before = _SIGN_BEFORE.search(seg.raw[max(0, start - 5) : start])
    for symbol in dict.fromkeys([before.group(1), before.group(1)[-1]] if before else []):
        for entry in lexicon.units:  # only a currency's sign stands before its number
            if symbol in entry.signs and entry.values.get("statistic") == "amount":
                set_entry(figure, entry, "sign", f"unit sign “{symbol}” before it")
                return True
        reading = sign_reading(language, symbol, "before")
        if reading is not None:
            _set_reading(figure, reading, "sign")
            return True
    return False


def _digit_form(seg: Segmented, figure: Figure, end: int) -> bool:
    """A lexicon unit whose words hold a number, right after the figure ("45 pour 100")."""
    for entry in figure.lexicon.units:
        for form in entry.forms:
            if not any(stem.isdigit() for stem, _ in form.parts):
                continue
            pattern = r"[\s\u00a0]+".join(
                re.escape(stem) + (r"(?!\w)\.?" if exact or stem.isdigit() else r"\w*")
                for stem, exact in form.parts
            )
            match = re.compile(r"[\s\u00a0]*" + pattern, re.IGNORECASE).match(seg.raw, end)
            if match:
                figure.unit_span = (end, match.end())
                set_entry(figure, entry, "after", f"unit “{match.group().strip()}” after it")
                return True
    return False


def absorb_unit_numbers(draft: SeedDraft) -> None:
    """A number inside another figure's unit words ("100" of "45 pour 100") is no figure: an
    exclusion that says whose unit it is."""
    for figure in list(draft.figures):
        if figure.unit_span is None:
            continue
        start, end = figure.unit_span
        for other in list(draft.figures):
            if start <= other.number.start and other.number.end <= end:
                draft.figures.remove(other)
                draft.exclusions.append(
                    Exclusion(
                        other.number.start,
                        other.number.end,
                        "unit-word",
                        f"Part of the unit “{seg_text(draft, start, end)}” of "
                        f"{figure.number.printed} before it ({figure.unit}), not a figure.",
                        80,
                    )
                )


def seg_text(draft: SeedDraft, start: int, end: int) -> str:
    return " ".join(draft.seg.raw[start:end].split())


_PAREN = re.compile(r"[ \t]*\([^()\n]{1,60}\)")
# a word broken by a hyphen that a flattened text kept inside its line: "чело- вѣкъ"
_BROKEN = re.compile(r"-[ \t]+([^\W\d_]+)(?![-\w])")


def _line_broken(seg: Segmented, after: list[tuple[str, int, int]], lexicon: Lexicon) -> bool:
    """Whether the first word after a number ends its line and goes on in the next one with no
    hyphen left (an OCR copy drops it: "Ein⏎wohner"): the next line opens in lower case, and the
    two make a lexicon unit, or a word simplemma knows where the first alone is none."""
    (first, _, end), (second, start, _) = after[0], after[1]
    if "\n" not in seg.raw[end:start] or seg.raw[end:start].strip():
        return False
    if not seg.raw[start : start + 1].islower():
        return False
    joined = first + second
    if unit_entry(lexicon, [joined], 0):
        return True
    return not known_word(lexicon.language, first) and known_word(lexicon.language, joined)


def _past_parenthesis(seg: Segmented, figure: Figure) -> bool:
    """A unit printed after a parenthesis that follows the number: "11,2 (10,5) v. H.",
    "3,8 (Ende 1908 3,0) Prozent" — the words right after the closing bracket."""
    paren = _PAREN.match(seg.raw, figure.number.end)
    if not paren:
        return False
    sentence = seg.sentence(figure.number.start)
    stop = re.compile("[0-9(]").search(seg.raw, paren.end(), max(paren.end(), sentence.end))
    words = [w for w, _, _ in seg.words(paren.end(), stop.start() if stop else sentence.end)]
    found = unit_entry(figure.lexicon, words, 0)
    if found:
        label = found[0].label(words, 0)
        set_entry(figure, found[0], "after", f"unit “{label}” after the parenthesis after it")
        return True
    reading = named_unit(_primary(figure), words, lambda w: stopped(figure.lexicon, w))
    if reading is not None and reading.unit != "unspecified":
        _set_reading(figure, reading, "after")
        return True
    return False


def unit_of(seg: Segmented, figure: Figure) -> None:
    """The unit (and measure, and the statistic it implies) of `figure`, with the reason."""
    lexicon, language = figure.lexicon, _primary(figure)
    end, after = after_words(seg, figure)
    if figure.number.words and 0 < figure.value < 1:  # two thirds, un tiers, die Hälfte
        figure.unit = figure.measure = "fraction"
        figure.unit_statistic, figure.unit_from = "share", "after"
        if figure.statistic not in ("lower-bound", "upper-bound"):
            figure.statistic = "share"
        figure.reasons.append(f"a fraction in words (“{figure.number.printed}”): a share")
        return
    if _sign(seg, figure, end):
        return
    words = [w for w, _, _ in after]
    printed = [seg.raw[a:b] for _, a, b in after]
    suffix = SUFFIX.match(seg.raw, figure.number.end)  # a compound: N-hour
    if suffix and not form_in(lexicon.case_suffixes, fold(suffix.group(1))):
        words.insert(0, fold(suffix.group(1)))
        printed.insert(0, suffix.group(1))
    elif after and (broken := _BROKEN.match(seg.raw, after[0][2])):  # "чело- вѣкъ" in a line
        joined = [fold(printed[0] + broken.group(1)), *words[2:]]
        if unit_entry(lexicon, joined, 0):
            words, printed = joined, [printed[0] + broken.group(1), *printed[2:]]
    elif len(after) > 1 and _line_broken(seg, after, lexicon):  # "Ein⏎wohner": no hyphen left
        words = [fold(printed[0] + printed[1]), *words[2:]]
        printed = [printed[0] + printed[1], *printed[2:]]

    def lexicon_at(index: int) -> bool:
        found = unit_entry(lexicon, words, index)
        if found:
            label = found[0].label(words, index)
            set_entry(figure, found[0], "after", f"unit “{label}” after it")
        return found is not None

    def stop(word: str) -> bool:
        return stopped(lexicon, word)

    if _digit_form(seg, figure, end) or lexicon_at(0) or _past_parenthesis(seg, figure):
        return
    reading = named_unit(language, words, stop)
    if reading is not None:
        _set_reading(figure, reading, "after")
        return
    known = lexicon.not_units or language == "ru"  # a language whose stop words tekser knows
    # "1880 zählte": a year, not 1880 things; but a noun in the genitive after it (ru "1124
    # села") is what it counts: a year is followed by its year word
    counts = language == "ru" and bool(words) and "gent" in counted_parse(words[0])[2]
    if known and (not year_like(figure.number) or counts):
        noun = counted_noun(lexicon, list(zip(words, printed, strict=True)), figure.value == 1)
        if noun is not None:
            if noun.length > 1 and lexicon_at(noun.length - 1):
                return
            named = named_unit(language, words[noun.length - 1 :], stop)
            if noun.length > 1 and named is not None:  # 120 silver dollars
                noun = named
            _set_reading(figure, noun, "after")
            return
    # past a preposition ("в 212 от города": from the town) no word says what is counted
    led = language == "ru" and bool(words) and _parse(words[0])[1] == "PREP"
    for index in range(1, min(3, len(words)) if not led else 1):
        if lexicon_at(index):
            return
    if len(words) > 1 and not led:
        reading = named_unit(language, words[1:], stop)
        if reading is not None:
            _set_reading(figure, reading, "after")
            return
    spans = seg.words(figure.clause.start, figure.number.start)[-6:]
    before = [w for w, _, _ in spans]
    for index in range(len(before) - 1, -1, -1):
        found = unit_entry(lexicon, before, index)
        if found and _OWNED.search(seg.raw[max(0, spans[index][1] - 24) : spans[index][1]]):
            continue  # another number's unit ("12 per cent and 85"): not this one's
        shown = seg.raw[spans[index][1] : spans[index][2]]
        if found and len(shown) == 1 and shown.isupper() and index < len(before) - 1:
            continue  # a name's initial ("N. district … 40"); "L. 120" right before it is one
        if found:
            label = found[0].label(before, index)
            set_entry(figure, found[0], "before", f"unit “{label}” before it in its clause")
            return
    for index in range(len(before) - 1, -1, -1):
        for entry in lexicon.measures:
            if entry.match(before, index) and "unit" in entry.values:
                figure.unit, figure.measure = entry.values["unit"], entry.values["measure"]
                figure.unit_from = "measure"
                figure.reasons.append(f"measure “{entry.label(before, index)}” in its clause")
                return
    figure.unit, figure.measure = "unspecified", "unspecified"
    if printed and not stopped(lexicon, words[0]):
        figure.reasons.append(
            f"unknown unit word “{printed[0]}” after it: unit left unspecified, check it "
            "and whether it is a figure"
        )
    else:
        figure.reasons.append("no unit word near it: check the unit and whether it is a figure")


# -- what validate accepts --------------------------------------------------------------------


def settle(figure: Figure) -> None:
    """Make the statistic one `validate` accepts for the value: a value × scale that is not
    whole is no count (an amount); a share over 100 % (1000 ‰) is a ratio."""
    try:
        stated = figure.value * scale_factor(figure.scale)
    except ValueError:
        return
    grouped = _GROUPED.fullmatch(figure.number.printed.strip())
    if figure.statistic == "count" and grouped and stated != stated.to_integral_value():
        figure.value = stated = Decimal(grouped.group(1) + grouped.group(2))
        figure.note = (
            f"“{figure.number.printed}” read with its mark as a thousands separator: "
            f"a count of {figure.unit} is whole"
        )
        figure.reasons.append(figure.note)
    if figure.statistic == "count" and figure.scale and figure.value % 1:
        figure.statistic = "approximate"
        figure.reasons.append(
            f"{figure.number.printed}: a count printed rounded in its scale, approximate"
        )
    if figure.statistic == "count" and stated != stated.to_integral_value():
        figure.statistic = "amount"
        figure.reasons.append(f"{plain(stated)} is not a whole number: an amount, never a count")
    limit = {"percent": 100, "per-mille": 1000}.get(figure.unit)
    if figure.unit_from == "partner" and limit is not None and figure.value > limit:
        figure.unit = figure.measure = "unspecified"  # no share of a whole: not its partner's
        figure.unit_from, figure.unit_statistic = "", "count"
        if figure.statistic == "share":
            figure.statistic = "count" if stated == stated.to_integral_value() else "amount"
        figure.reasons = [r for r in figure.reasons if "unit" not in r]
        figure.reasons.append(
            f"{figure.number.printed} is over {limit}: not a share like the figure it is "
            "joined to; unit left unspecified, check it"
        )
    if figure.statistic == "share" and limit is not None and figure.value > limit:
        figure.statistic = "ratio"
        figure.reasons.append(
            f"a share cannot exceed {limit} {figure.unit}: a ratio (an index, a plan fulfilment)"
        )


def share_base(seg: Segmented, figure: Figure) -> None:
    """The base of a share where the words after it name it: a measure of the lexicon, or
    "of (the) X", "X-genitive" (ru), "der/des X" (de), "de (la) X" (fr) — best effort."""
    if figure.unit not in ("percent", "per-mille") or figure.statistic != "share":
        return
    _, after = after_words(seg, figure)
    words = [w for w, _, _ in after][:6]
    for index in range(len(words)):
        for entry in figure.lexicon.measures:
            if entry.match(words, index) and index <= 3:
                figure.base = entry.values["measure"]
                figure.reasons.append(f"base {figure.base} from “{entry.label(words, index)}”")
                return
    language = _primary(figure)
    pattern = {
        "en": r"(?:per cent|percent|%)?\s*of\s+(?:the\s+)?([^\W\d_]{3,})",
        "de": r"(?:prozent|%)?\s*(?:der|des)\s+([^\W\d_]{3,})",
        "fr": r"(?:pour\s+cent|%)?\s*(?:de\s+la|de\s+l'|des|du|de)\s*([^\W\d_]{3,})",
    }.get(language)
    begin = figure.unit_span[1] if figure.unit_span else figure.number.end
    tail = seg.raw[begin : figure.clause.end][:80]
    name = ""
    if pattern is not None:
        unit_words = r"^[\s%‰]*(?:[^\W\d_]+[\s.]+){0,2}?"
        match = re.match(unit_words + pattern.split(")?", 1)[-1], tail, re.IGNORECASE)
        if match:
            name = fold(match.group(1))
    elif language == "ru":
        for word in words[1:4]:
            base, pos, grammemes = _parse(word)
            if pos == "NOUN" and "gent" in grammemes:
                name = base
                break
    if name and lemma(language, name) not in ("the", "which", "whom"):
        figure.base = slug(name)
        figure.reasons.append(f"base {figure.base} from “{name}” after it: check it")


# -- a currency and its hundredths -----------------------------------------------------------


def _subunits(lexicon: Lexicon) -> dict[str, dict[str, int]]:
    """The subunits of currencies a lexicon names → how many of them make each of their
    currencies ("" for any: hundredths, `"subunit": true`); `"subunit": "96 danish-rigsdaler,
    16 marks"` names the currencies of a subunit that is no hundredth."""
    found: dict[str, dict[str, int]] = {}
    for entry in lexicon.units:
        said = entry.values.get("subunit", "")
        if said == "yes":
            found[entry.values["unit"]] = {"": 100}
        elif said:
            parts = (part.split() for part in said.split(","))
            found[entry.values["unit"]] = {unit: int(count) for count, unit in parts}
    return found


def _in_subunits(first: Figure, second: Figure, per: int) -> None:
    """Read an amount and its subunits that are no hundredths (“3 rd. 40 sk.”, 96 to the
    rigsdaler) as one whole number of the subunit."""
    whole = first.value * per + second.value
    first.note = (
        f"{first.number.printed} {first.unit} and {second.number.printed} {second.unit}, "
        f"{per} to the {first.unit}, read as one amount of {plain(whole)} {second.unit}"
    )
    first.value = whole
    first.unit = first.measure = second.unit
    first.reasons.append(
        f"{second.number.printed} {second.unit} read into the amount: {per} make one"
    )


def join_subunits(draft: SeedDraft) -> None:
    """A currency amount followed by its hundredths ("45 dollars and 30 cents", "5 руб. 30
    коп.") is one amount (45.30): the hundredths are read into it, with a note, and their
    number is proposed as an exclusion that says so. A subunit that is no hundredth (the
    skilling, 96 to the rigsdaler) makes the pair one whole amount of the subunit (3 rd. 40
    sk.: 328 skillings)."""
    text = draft.seg.raw
    for first, second in zip(list(draft.figures), list(draft.figures)[1:], strict=False):
        known = _subunits(second.lexicon)
        subunits = set(known)
        bare = second.unit_from not in ("after", "sign") and re.fullmatch(
            "[0-9]{2}", second.number.printed
        )
        if not (second.unit in subunits or bare) or second not in draft.figures:
            continue  # hundredths: named (30 cents, 30 коп.), or two digits (12 fr. 50)
        if first.clause != second.clause or first.statistic not in ("amount", "approximate"):
            continue
        if first.unit in subunits or first.unit_from not in ("after", "sign") or first.scale:
            continue
        if money_sign_at(first.number.printed, first.language) >= 0:
            continue  # a sum whose sign stands inside it ("1:234$567") holds its fraction
        between = text[first.number.end : second.number.start]
        after_sign = first.unit_from == "sign" and between.isspace()  # $245,000,000 00
        if bare and not (after_sign or re.fullmatch(r"\s*[^\W\d_]+\.\s*", between)):
            continue  # two bare digits: only right after "fr." or the amount's sign
        if not _BETWEEN.fullmatch(between) and not after_sign:
            continue
        cents = second.value
        per = known.get(second.unit, {"": 100})
        if "" not in per and first.unit not in per:
            continue  # a subunit of another currency
        ratio = per.get("", per.get(first.unit, 100))
        if cents != cents.to_integral_value() or not 0 <= cents < ratio or first.value % 1:
            continue
        printed = text[first.number.start : second.number.end].strip()
        part = "hundredths" if ratio == 100 else f"{second.unit}, {ratio} to the {first.unit},"
        if ratio != 100:
            _in_subunits(first, second, ratio)
        else:
            first.value = first.value + cents / Decimal(100)
            first.note = (
                f"{first.number.printed} and {second.number.printed} hundredths "
                f"(“{printed}”) read as one amount"
            )
            first.reasons.append(f"hundredths {second.number.printed} read into the amount")
        draft.figures.remove(second)
        draft.exclusions.append(
            Exclusion(
                second.number.start,
                second.number.end,
                "subunit-of-amount",
                f"The {part} of the amount {first.number.printed} before it, read into "
                f"its value ({plain(first.value)} {first.unit}).",
                70,
            )
        )
