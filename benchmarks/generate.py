"""Synthetic tekser archives for benchmarks: N seeds of Russian and Kazakh yearbook text with
figures at known spans, their full package, and a planted set of inconsistencies.

Each seed is one district yearbook (two yearbooks per district, so that series of different
sources can be compared): aggregator furniture, running headers, page numbers between pages,
footnote marks, and about 200 figures (cells and members of five kinds of party organisation
and their total, year by year), with events, leaders' terms in both languages, claims about
change, part-whole relations, announcements and bounds. Offsets, lines, pages, prefixes and
suffixes are computed here, as `tekser anchor` would, without anchoring.

Every seed carries a few planted inconsistencies, cycling through every rule of the suite (and
a few of the provenance and coverage stages), and `manifest.json` lists how many findings each
rule must give. The generator is deterministic (one seeded RNG per seed) and writes seed by
seed: nothing but the current seed is held in memory.

Usage: python benchmarks/generate.py FIGURES OUT   (FIGURES: 1000, 10000, 100000, 1000000)
"""

from __future__ import annotations

import argparse
import bisect
import csv
import hashlib
import itertools
import json
import random
import shutil
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[1]
# tekser's standard Table Schemas (contract 0.2), as `tekser init` copies them
SCHEMAS = ROOT / "src" / "tekser" / "schemas" / "tables"
FIGURES_PER_SEED = 200
PLANTS_PER_SEED = 5
CONTEXT = 32
WIDTH = 72
LINES_PER_PAGE = 46
EXTRACTED_ON = "2026-11-25"
AGENT = "benchmarks/generate.py"
METHOD = "generated; span, line, page and context computed by the generator"
OFFICE = "first secretary of the district committee"
SOURCE_PERIOD = ("1920-01-01", "1945-12-31")

TABLES = {
    "sources": "data/sources.csv",
    "pages": "data/pages.csv",
    "figures": "data/figures.csv",
    "terms": "data/terms.csv",
    "events": "data/events.csv",
    "claims": "data/claims.csv",
    "part_whole": "data/part_whole.csv",
    "bounds": "data/bounds.csv",
    "announcements": "data/announcements.csv",
    "provenance": "provenance/provenance.csv",
    "exclusions": "provenance/exclusions.csv",
}

# Kinds of organisation: first and last year of their series, yearly growth by segment
# (first year of the segment → factor), base number of cells, members per cell.
ORGANISATIONS: dict[str, dict[str, Any]] = {
    "aul": {
        "years": (1921, 1940),
        "growth": {1921: 1.05, 1930: 0.85, 1934: 1.04},
        "cells": (600, 1500),
        "per_cell": (8, 12),
        "ru": "аульных и сельских ячейках",
        "ru_gen": "аульных и сельских ячеек",
        "kk": "ауыл және село ұяларында",
        "kk_nom": "ауыл және село ұясы",
    },
    "town": {
        "years": (1921, 1940),
        "growth": {1921: 1.05},
        "cells": (300, 700),
        "per_cell": (10, 14),
        "ru": "городских ячейках",
        "ru_gen": "городских ячеек",
        "kk": "қала ұяларында",
        "kk_nom": "қала ұясы",
    },
    "kolkhoz": {
        "years": (1921, 1940),
        "growth": {1921: 1.15},
        "cells": (120, 250),
        "per_cell": (5, 8),
        "ru": "колхозных ячейках",
        "ru_gen": "колхозных ячеек",
        "kk": "колхоз ұяларында",
        "kk_nom": "колхоз ұясы",
    },
    "sovkhoz": {
        "years": (1926, 1940),
        "growth": {1926: 1.08},
        "cells": (100, 200),
        "per_cell": (6, 9),
        "ru": "совхозных ячейках",
        "ru_gen": "совхозных ячеек",
        "kk": "совхоз ұяларында",
        "kk_nom": "совхоз ұясы",
    },
    "mts": {
        "years": (1931, 1940),
        "growth": {1931: 1.10},
        "cells": (100, 160),
        "per_cell": (5, 7),
        "ru": "ячейках МТС",
        "ru_gen": "ячеек МТС",
        "kk": "МТС ұяларында",
        "kk_nom": "МТС ұясы",
    },
}
TOTAL = "all"  # the district's total: the sum of the five kinds
TOTAL_YEARS = (1926, 1940)  # from the first year that all but the MTS cells are counted
TOTAL_WORDS = {
    "ru": "всех ячейках округа",
    "ru_gen": "ячеек по округу в целом",
    "kk": "округтің барлық ұяларында",
    "kk_nom": "округ бойынша ұя",
}

MONTHS_RU = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]
MONTHS_RU_IN = [
    "январе",
    "феврале",
    "марте",
    "апреле",
    "мае",
    "июне",
    "июле",
    "августе",
    "сентябре",
    "октябре",
    "ноябре",
    "декабре",
]
MONTHS_KK = [
    "қаңтарда",
    "ақпанда",
    "наурызда",
    "сәуірде",
    "мамырда",
    "маусымда",
    "шілдеде",
    "тамызда",
    "қыркүйекте",
    "қазанда",
    "қарашада",
    "желтоқсанда",
]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]

FILLER_RU = [
    "Партийная работа в аулах велась в крайне тяжёлых условиях, при нехватке грамотных "
    "работников и большой удалённости населённых пунктов друг от друга.",
    "Окружной комитет неоднократно указывал на слабость политико-воспитательной работы в "
    "низовых ячейках и на формальный характер многих собраний.",
    "Отчёты ячеек поступали нерегулярно, а их сведения нередко расходились с данными "
    "окружных статистических бюро.",
    "Значительная часть коммунистов не имела даже начального образования, что затрудняло "
    "изучение партийных решений на местах.",
    "Инструкторы окружкома объезжали отдалённые аулы лишь несколько раз в году.",
    "Переход к сплошной коллективизации резко изменил состав и численность сельских ячеек.",
    "Многие ячейки существовали лишь на бумаге и не проводили собраний месяцами.",
]
FILLER_KK = [
    "Ауылдардағы партия жұмысы сауатты қызметкерлердің жетіспеуі жағдайында жүргізілді.",
    "Округтік комитет төменгі ұялардағы саяси тәрбие жұмысының әлсіздігін бірнеше рет атап "
    "көрсетті.",
    "Ұялардың есептері уақытында түспеді, олардың мәліметтері жиі округтік статистика "
    "бюросының деректерімен сәйкес келмеді.",
    "Коммунистердің едәуір бөлігі бастауыш білімі де жоқ адамдар болды.",
    "Ұжымдастыру науқаны ауыл ұяларының құрамын түбегейлі өзгертті.",
]
SURNAMES = [
    "Иванов",
    "Сейфуллин",
    "Петров",
    "Нурмаков",
    "Смирнов",
    "Жандосов",
    "Кузнецов",
    "Ходжанов",
    "Исаев",
    "Рыскулов",
    "Мирзоян",
    "Голощекин",
    "Садвакасов",
    "Курамысов",
]
INITIALS = "АБВГДЕЖЗИКЛМНОПРСТ"

# Planted inconsistencies, each yielding a known number of findings of known rules.
KINDS = [
    "announcement-missing",
    "bound-violated",
    "claim-absent",
    "claim-direction",
    "claim-pace",
    "claim-unchecked",
    "date-outside",
    "year-misprint",
    "event-disagree",
    "term-disagree",
    "parts-exceed",
    "sum-mismatch",
    "wrong-language",
    "series-break",
    "repeated-value",
    "term-gap",
    "normalised-value",
    "long-quote",
    "value-range",
    "stray-number",
    "unexplained-value",
]
# A bound is joined with every figure of its measure: a handful per archive, not one per seed.
CAPS = {"bound-violated": 3}


def alpha(number: int) -> str:
    """A number as lower-case letters (person ids may not hold digits)."""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def plants_of(seeds: int) -> list[list[str]]:
    """Which kinds each seed carries: five consecutive kinds per seed, cycling, so that every
    kind is planted even in the smallest archive and the two seeds of a district never carry
    the same kind; capped kinds stop at their cap."""
    used: Counter[str] = Counter()
    plan: list[list[str]] = []
    for seed in range(seeds):
        kinds = []
        for j in range(PLANTS_PER_SEED):
            kind = KINDS[(seed * PLANTS_PER_SEED + j) % len(KINDS)]
            if kind == "series-break" and partner(seed, seeds) is None:
                continue  # a break between series needs the district's other yearbook
            if used[kind] >= CAPS.get(kind, 1 << 60):
                continue
            used[kind] += 1
            kinds.append(kind)
        plan.append(kinds)
    return plan


def partner(seed: int, seeds: int) -> int | None:
    other = seed + 1 if seed % 2 == 0 else seed - 1
    return other if 0 <= other < seeds else None


@dataclass
class Quote:
    """A quote placed in the seed text, waiting for its offsets."""

    provenance_id: str
    start: int
    end: int
    language: str
    citation: str = ""


@dataclass
class Seed:
    """One seed being written: its lines, offsets, quotes and rows."""

    index: int
    source_id: str
    lines: list[str] = field(default_factory=list)
    offset: int = 0
    quotes: list[Quote] = field(default_factory=list)
    page_breaks: list[int] = field(default_factory=list)  # last line of each page
    page_lines: int = 0
    footnote: int = 0
    rows: dict[str, list[list[Any]]] = field(default_factory=dict)
    exclusion_quotes: list[tuple[str, int, int, str]] = field(default_factory=list)

    def add_line(self, line: str) -> int:
        start = self.offset
        self.lines.append(line)
        self.offset += len(line) + 1
        self.page_lines += 1
        return start

    def row(self, table: str, values: list[Any]) -> None:
        self.rows.setdefault(table, []).append(values)

    def next_footnote(self) -> str:
        self.footnote += 1
        return f"[{self.footnote}]"


class Paragraph:
    """A paragraph of sentences, some of them holding quotes, wrapped into lines by turning
    spaces into line breaks (so offsets inside the paragraph do not move)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.quotes: list[tuple[str, int, int, str, str]] = []

    def text(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def quote(self, provenance_id: str, text: str, language: str, citation: str = "") -> None:
        self.quotes.append(
            (provenance_id, self.length, self.length + len(text), language, citation)
        )
        self.text(text)

    def write(self, seed: Seed) -> None:
        body = "".join(self.parts).strip()
        assert not self.parts or "".join(self.parts) == body, "paragraphs carry no outer space"
        chars = list(body)
        position = 0
        while len(body) - position > WIDTH:
            cut = body.rfind(" ", position, position + WIDTH)
            if cut <= position:
                cut = body.find(" ", position + WIDTH)
                if cut == -1:
                    break
            chars[cut] = "\n"
            position = cut + 1
        wrapped = "".join(chars)
        start = seed.offset
        for line in wrapped.split("\n"):
            seed.add_line(line)
        for provenance_id, a, b, language, citation in self.quotes:
            seed.quotes.append(Quote(provenance_id, start + a, start + b, language, citation))


class Writer:
    """The package's CSV files, open for the whole run, written row by row."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[str, IO[str]] = {}
        self.writers: dict[str, Any] = {}
        self.columns: dict[str, list[str]] = {}
        for table, relative in TABLES.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = path.open("w", encoding="utf-8", newline="")
            schema = json.loads((SCHEMAS / f"{table}.schema.json").read_text("utf-8"))
            columns = [f["name"] for f in schema["fields"]]
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            self.files[table], self.writers[table], self.columns[table] = handle, writer, columns

    def write(self, table: str, rows: list[list[Any]]) -> None:
        width = len(self.columns[table])
        for row in rows:
            assert len(row) <= width, (table, row)
        # the optional columns added to the standard schemas since, at their end, left empty
        self.writers[table].writerows(row + [""] * (width - len(row)) for row in rows)

    def close(self) -> None:
        for handle in self.files.values():
            handle.close()


def date_ru(year: int, month: int = 1, day: int = 1) -> str:
    return f"{day} {MONTHS_RU[month - 1]} {year} г."


def date_kk(year: int, month: int = 1, day: int = 1) -> str:
    return f"{day}/{ROMAN[month - 1]} {year}"


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(INITIALS)}. {rng.choice(SURNAMES)}"


class SeedGenerator:
    """Writes one seed and its rows; counts the findings its plants must give."""

    def __init__(self, index: int, seeds: int, kinds: list[str], expected: Counter[str]) -> None:
        self.index = index
        self.seeds = seeds
        self.kinds = set(kinds)
        self.expected = expected
        self.district = index // 2
        self.rng = random.Random(f"tekser-benchmark-{index}")
        self.source_id = f"yearbook-{index:05d}"
        self.seed = Seed(index, self.source_id)
        self.series_offset = 1 + self.rng.uniform(-0.035, 0.035)
        self.districts_seeds = 1 if partner(index, seeds) is None else 2

    # -- values ---------------------------------------------------------------------------

    def district_rng(self, kind: str) -> random.Random:
        return random.Random(f"tekser-benchmark-district-{self.district}-{kind}")

    def true_cells(self, kind: str) -> dict[int, float]:
        """The district's trajectory of cells: the same for both of its yearbooks."""
        spec = ORGANISATIONS[kind]
        rng = self.district_rng(kind)
        first, last = spec["years"]
        value = rng.uniform(*spec["cells"])
        values = {}
        factor = 1.0
        for year in range(first, last + 1):
            for since, growth in spec["growth"].items():
                if year >= since:
                    factor = growth
            if year > first:
                value *= factor
            values[year] = value
        return values

    def per_cell(self, kind: str) -> float:
        return self.district_rng(kind + "-members").uniform(*ORGANISATIONS[kind]["per_cell"])

    def baseline(self) -> dict[tuple[str, str], dict[int, int]]:
        """Every series of this yearbook: (kind, measure) → year → value, before plants."""
        series: dict[tuple[str, str], dict[int, int]] = {}
        for kind in ORGANISATIONS:
            cells = self.true_cells(kind)
            ratio = self.per_cell(kind)
            series[(kind, "cells")] = {y: round(v * self.series_offset) for y, v in cells.items()}
            series[(kind, "members")] = {
                y: round(v * ratio * self.series_offset) for y, v in cells.items()
            }
        for measure in ("cells", "members"):
            total: dict[int, int] = {}
            for kind in ORGANISATIONS:
                for year, value in series[(kind, measure)].items():
                    if TOTAL_YEARS[0] <= year <= TOTAL_YEARS[1]:
                        total[year] = total.get(year, 0) + value
            series[(TOTAL, measure)] = total
            # parts that rise and fall may sum to the same total two years running: nudge a
            # town figure (which only rises) so that no series repeats a value by chance
            years = sorted(total)
            for previous, year in itertools.pairwise(years):
                if total[year] == total[previous]:
                    series[("town", measure)][year] += 1
                    total[year] += 1
        return series

    def organisation(self, kind: str) -> str:
        return f"d{self.district:05d}-{kind}"

    # -- text -----------------------------------------------------------------------------

    def header(self) -> str:
        return f"ВЕСТНИК СТАТИСТИКИ КАЗАХСТАНА. № {self.index % 12 + 1}({self.index + 40}), 1929"

    def maybe_page_break(self, force: bool = False) -> None:
        seed = self.seed
        if seed.page_lines < LINES_PER_PAGE and not force:
            return
        page = self.first_page + len(seed.page_breaks)
        seed.add_line("")
        seed.add_line(str(page))
        seed.page_breaks.append(len(seed.lines))
        seed.page_lines = 0
        if not force:
            seed.add_line(self.header())
            seed.add_line("")

    def paragraph(self, paragraph: Paragraph) -> None:
        paragraph.write(self.seed)
        self.seed.add_line("")
        self.maybe_page_break()

    def filler(self, language: str, count: int) -> str:
        bank = FILLER_RU if language == "ru" else FILLER_KK
        return " ".join(self.rng.choice(bank) for _ in range(count))

    def generate(self) -> tuple[dict[str, list[list[Any]]], str]:
        seed, rng = self.seed, self.rng
        self.first_page = 100 + (self.index * 7) % 200
        seed.add_line(
            f"Архив ежегодников · файл {self.index + 1} из {self.seeds} · "
            f"{rng.randint(20, 60)} Kb · загружено 09.01.2017"
        )
        seed.add_line("")
        seed.add_line(self.header())
        seed.add_line("")
        title = f"Партийные организации округа № {self.district + 1}: статистика за 1920–1945 гг."
        start = seed.add_line(title)
        seed.exclusion_quotes.append(
            (f"{self.source_id}.title", start, start + len(title), "title-period")
        )
        seed.add_line("")
        self.figures_text()
        self.events_text()
        self.terms_text()
        self.claims_text()
        self.extra_text()
        self.maybe_page_break(force=True)
        text = "\n".join(seed.lines) + "\n"
        self.provenance_rows(text)
        self.exclusion_rows(text)
        self.page_rows()
        return seed.rows, text

    # -- figures ----------------------------------------------------------------------------

    def figures_text(self) -> None:
        series = self.baseline()
        printed_override: dict[tuple[str, str, int], tuple[str, str]] = {}
        date_override: dict[tuple[str, str, int], tuple[int, str]] = {}
        language_override: dict[tuple[str, str, int], str] = {}
        long_quote: tuple[str, str, int] | None = None
        self.values = series
        if "series-break" in self.kinds:
            # a figure half as large again as the district's other yearbook gives for the
            # same year and its neighbours: three pairs within twelve months
            series[("town", "members")][1925] = round(series[("town", "members")][1925] * 1.6)
            self.expected["series.break-between-series"] += 3
        if "repeated-value" in self.kinds:
            series[("town", "members")][1936] = series[("town", "members")][1935]
            self.expected["series.repeated-value"] += 1
        if "normalised-value" in self.kinds:
            value = series[("town", "cells")][1933]
            printed_override[("town", "cells", 1933)] = (
                str(value)[:-2] + str(value)[-1],
                "printed with a digit dropped; the value is the one the district total implies",
            )
            # shown once, by the suite's rule (which restates provenance.normalised-value)
            self.expected["values.normalised"] += 1
        if "unexplained-value" in self.kinds:
            value = series[("sovkhoz", "cells")][1935]
            printed_override[("sovkhoz", "cells", 1935)] = (str(value + 10), "")
            self.expected["provenance.unexplained-value"] += 1
        if "year-misprint" in self.kinds:
            date_override[("sovkhoz", "members", 1931)] = (1391, "printed 1391: read as 1931")
            # shown once, by the suite's rule (which restates provenance.normalised-date)
            self.expected["dates.printed-year-outside-period"] += 1
        if "wrong-language" in self.kinds:
            language_override[("kolkhoz", "members", 1930)] = "en"
            self.expected["provenance.language-not-in-source"] += 1
        if "long-quote" in self.kinds:
            long_quote = ("sovkhoz", "members", 1938)
            self.expected["provenance.quote-length"] += 1

        for kind in [*ORGANISATIONS, TOTAL]:
            words = TOTAL_WORDS if kind == TOTAL else ORGANISATIONS[kind]
            language = "ru" if (self.index + len(kind)) % 3 else "kk"
            paragraph = Paragraph()
            intro = self.filler(language, 2)
            paragraph.text(intro)
            for measure in ("cells", "members"):
                for year, value in series[(kind, measure)].items():
                    where = (kind, measure, year)
                    printed, note = printed_override.get(where, (str(value), ""))
                    printed_year, date_note = date_override.get(where, (year, ""))
                    if where == long_quote:
                        self.paragraph(paragraph)
                        paragraph = Paragraph()
                        paragraph.text(self.filler(language, 1))
                    self.figure(
                        paragraph,
                        kind,
                        measure,
                        year,
                        value,
                        printed,
                        note,
                        printed_year,
                        date_note,
                        language_override.get(where, language),
                        words,
                        long=where == long_quote,
                    )
                    if len(paragraph.parts) > 12:
                        self.paragraph(paragraph)
                        paragraph = Paragraph()
                        paragraph.text(self.filler(language, 1))
            self.paragraph(paragraph)
        if "value-range" in self.kinds:
            # a share above 100 %: a series of its own, so that no other rule compares it
            paragraph = Paragraph()
            paragraph.text(self.filler("ru", 1))
            self.figure(
                paragraph,
                f"s{self.index:05d}-budget",
                "expenditure",
                1935,
                "112.5",
                "112,5",
                "",
                1935,
                "",
                "ru",
                {"ru": "бюджете окружкома", "ru_gen": "процента расходов"},
                statistic="share",
                unit="percent",
            )
            self.paragraph(paragraph)
            self.expected["figures.value-range"] += 1
        self.relations()

    def figure(
        self,
        paragraph: Paragraph,
        kind: str,
        measure: str,
        year: int,
        value: int | str,
        printed: str,
        note: str,
        printed_year: int,
        date_note: str,
        language: str,
        words: dict[str, str],
        long: bool = False,
        statistic: str = "count",
        unit: str = "",
    ) -> None:
        series_id = f"s{self.index:05d}.{kind}.{measure}"
        figure_id = f"{series_id}.{year}"
        provenance_id = f"p.{figure_id}"
        citation = self.seed.next_footnote()
        text_language = "kk" if language == "kk" else "ru"
        if text_language == "ru":
            date = date_ru(printed_year)
            if measure == "members":
                body = f"{date} в {words['ru']} состояло {printed} членов партии"
            elif measure == "cells":
                body = f"{date} было {printed} {words['ru_gen']}"
            else:
                body = f"{date} в {words['ru']} значилось {printed} {words['ru_gen']}"
            lead = "На "
        else:
            date = date_kk(printed_year)
            if measure == "members":
                body = f"{date} жылы {words['kk']} {printed} коммунист болды"
            else:
                body = f"{date} жылы {printed} {words['kk_nom']} болды"
            lead = ""
        if long:
            preamble = self.filler(text_language, 14)
            while len(preamble) < 1520:
                preamble += " " + self.filler(text_language, 1)
            body = preamble + " " + lead + body
            lead = ""
        paragraph.text(" " + lead)
        paragraph.quote(provenance_id, body, language, citation)
        paragraph.text(f" {citation}.")
        organisation = self.organisation(kind) if kind in ORGANISATIONS or kind == TOTAL else kind
        unit = unit or {"cells": "cells", "members": "communists"}.get(measure, "rubles")
        self.seed.row(
            "figures",
            [
                figure_id,
                self.source_id,
                series_id,
                organisation,
                measure,
                statistic,
                unit,
                "",  # scale
                "",  # base_figure_id
                f"{year}-01-01",
                f"{year}-01-01",
                "day",
                date,
                date_note,
                value,
                printed,
                note,
                provenance_id,
                "",
            ],
        )

    def relations(self) -> None:
        """Part-whole relations of the cells: the district total and its parts."""
        cells = {kind: self.values[(kind, "cells")] for kind in [*ORGANISATIONS, TOTAL]}

        def relation(name: str, year: int, whole: str, parts: list[str], exhaustive: bool) -> None:
            relation_id = f"s{self.index:05d}.{name}.{year}"
            whole_id = f"s{self.index:05d}.{whole}.cells.{year}"
            for part in parts:
                part_id = f"s{self.index:05d}.{part}.cells.{year}"
                self.seed.row(
                    "part_whole",
                    [
                        relation_id,
                        whole_id,
                        part_id,
                        "true" if exhaustive else "false",
                        f"p.{part_id}",
                    ],
                )

        kinds = list(ORGANISATIONS)
        relation("total-cells", 1932, TOTAL, kinds, True)
        relation("town-and-aul-cells", 1938, TOTAL, ["aul", "town"], False)
        if "sum-mismatch" in self.kinds:
            relation("total-cells", 1934, TOTAL, [k for k in kinds if k != "mts"], True)
            self.expected["part-whole.sum-mismatch"] += 1
        if "parts-exceed" in self.kinds:
            assert cells["aul"][1936] + cells["town"][1936] > cells["mts"][1936]
            relation("mts-cells", 1936, "mts", ["aul", "town"], False)
            self.expected["part-whole.parts-exceed-whole"] += 1

    # -- events, terms, claims ----------------------------------------------------------------

    def dated(
        self,
        table: str,
        row_id: str,
        language: str,
        sentence: tuple[str, str, str],
        period: tuple[str, str],
        precision: str,
        date_printed: str,
        extra: list[Any],
    ) -> None:
        """One dated statement: its sentence (before, quote, after) and its row."""
        before, quoted, after = sentence
        provenance_id = f"p.{table}.{row_id}"
        paragraph = Paragraph()
        citation = self.seed.next_footnote()
        paragraph.text(self.filler(language, 1) + " " + before)
        paragraph.quote(provenance_id, quoted, language, citation)
        paragraph.text(after.replace("{fn}", citation))
        self.paragraph(paragraph)
        self.seed.row(
            table,
            [
                row_id,
                self.source_id,
                *extra,
                language,
                period[0],
                period[1],
                precision,
                date_printed,
                "",
                provenance_id,
            ],
        )

    def event(
        self,
        key: str,
        language: str,
        year: int,
        month: int,
        ordinal: int,
        period: tuple[str, str] | None = None,
        printed: str | None = None,
    ) -> None:
        last_day = 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31
        period = period or (f"{year}-{month:02d}-01", f"{year}-{month:02d}-{last_day}")
        if language == "ru":
            date = printed or f"в {MONTHS_RU_IN[month - 1]} {year} г."
            quoted = f"{date} состоялся {ROMAN[ordinal - 1]} пленум окружного комитета"
        else:
            date = printed or f"{year} жылы {MONTHS_KK[month - 1]}"
            quoted = f"{date} округтік комитеттің {ROMAN[ordinal - 1]} пленумы өтті"
        description = f"Plenum {ROMAN[ordinal - 1]} of the district committee"
        self.dated(
            "events",
            f"{key}.{language}",
            language,
            ("", quoted, " {fn}."),
            period,
            "month",
            date,
            [key, "plenum", "district committee", ROMAN[ordinal - 1], description],
        )

    def events_text(self) -> None:
        for number, (year, month) in enumerate(((1927, 3), (1931, 11)), start=1):
            key = f"plenum-{self.index}-{number}"
            for language in ("ru", "kk"):
                self.event(key, language, year, month, number + 2)
        if "event-disagree" in self.kinds:
            key = f"plenum-{self.index}-3"
            self.event(key, "ru", 1928, 3, 5)
            self.event(key, "kk", 1929, 3, 5)
            self.expected["events.restatements-disagree"] += 1
        if "date-outside" in self.kinds:
            printed = "зимой 1945 г."
            self.event(
                f"plenum-{self.index}-4",
                "ru",
                1945,
                12,
                9,
                period=("1945-12-01", "1946-02-28"),
                printed=printed,
            )
            self.expected["dates.outside-source-period"] += 1

    def terms_text(self) -> None:
        terms = [(1921, 1926), (1926, 1933), (1933, 1938)]
        by_language: dict[str, list[tuple[int, int]]] = {"ru": list(terms), "kk": list(terms)}
        if "term-disagree" in self.kinds:
            by_language["kk"][1] = (1926, 1932)
            self.expected["languages.terms-disagree"] += 1
        if "term-gap" in self.kinds:
            for language in by_language:
                by_language[language][2] = (1936, 1938)
            self.expected["terms.overlap-or-gap"] += 2
        names = [person_name(self.rng) for _ in terms]
        for language, spans in by_language.items():
            for number, ((first, last), name) in enumerate(zip(spans, names, strict=True)):
                person = f"secretary-{alpha(self.index)}-{alpha(number)}"
                if language == "ru":
                    date = f"{first}–{last} гг."
                    quoted = f"{date} первым секретарём окружкома был {name}"
                else:
                    date = f"{first}–{last} жж."
                    quoted = f"{date} округтік комитеттің бірінші хатшысы {name} болды"
                self.dated(
                    "terms",
                    f"{person}.{language}",
                    language,
                    ("В " if language == "ru" else "", quoted, " {fn}."),
                    (f"{first}-01-01", f"{last}-12-31"),
                    "years",
                    date,
                    [person, name, OFFICE],
                )

    def claim(
        self,
        name: str,
        kind: str,
        measure: str,
        direction: str,
        pace: str,
        years: tuple[int, int],
        wording: str,
    ) -> None:
        first, last = years
        date = f"{first}–{last} гг."
        words = ORGANISATIONS[kind]
        subject = {
            "cells": f"число {words['ru_gen']}",
            "members": f"число коммунистов в {words['ru']}",
        }[measure]
        verb = {
            ("rise", ""): "росло",
            ("fall", ""): "сокращалось",
            ("rise", "slow"): "медленно росло",
            ("rise", "sharp"): "резко выросло",
            ("fall", "sharp"): "резко сократилось",
            ("absent", ""): "было равно нулю: таких ячеек не существовало",
        }[(direction, pace)]
        self.dated(
            "claims",
            f"s{self.index:05d}.{name}",
            "ru",
            ("В ", f"{date} {subject} {verb}", " {fn}."),
            (f"{first}-01-01", f"{last}-12-31"),
            "years",
            date,
            [self.organisation(kind), measure, direction, pace, wording],
        )

    def claims_text(self) -> None:
        self.claim(
            "aul-cells-rise",
            "aul",
            "cells",
            "rise",
            "slow",
            (1921, 1928),  # both readings agree: the step out of 1928 rises too
            "Aul and village cells grew slowly.",
        )
        self.claim(
            "aul-members-fall",
            "aul",
            "members",
            "fall",
            "sharp",
            (1930, 1932),  # both readings agree: into 1930 and out of 1932 they fall
            "Members of aul and village cells fell sharply.",
        )
        self.claim(
            "sovkhoz-absent",
            "sovkhoz",
            "cells",
            "absent",
            "",
            (1921, 1925),
            "There were no sovkhoz cells.",
        )
        if "claim-direction" in self.kinds:
            self.claim(
                "aul-cells-rise-wrong",
                "aul",
                "cells",
                "rise",
                "",
                (1928, 1931),
                "Aul and village cells grew.",
            )
            self.expected["claims.direction-contradicted"] += 1
            # and read as the changes within the years, the step out of 1931 falls too: in this
            # yearbook's series and in its partner's (a claim is checked against every series
            # of its organisation and measure)
            self.expected["claims.reading-contradicted"] += self.districts_seeds
        if "claim-pace" in self.kinds:
            self.claim(
                "aul-members-sharp",
                "aul",
                "members",
                "rise",
                "sharp",
                (1934, 1936),
                "Members of aul and village cells rose sharply.",
            )
            self.expected["claims.pace-contradicted"] += 1
        if "claim-unchecked" in self.kinds:
            self.claim("mts-rise", "mts", "cells", "rise", "", (1921, 1925), "MTS cells grew.")
            self.expected["claims.unchecked"] += 1
        if "claim-absent" in self.kinds:
            self.claim(
                "sovkhoz-absent-wrong",
                "sovkhoz",
                "cells",
                "absent",
                "",
                (1921, 1927),
                "There were no sovkhoz cells.",
            )
            self.expected["claims.absence-contradicted"] += 1

    def announcement(self, name: str, kind: str, years: tuple[int, int]) -> None:
        first, last = years
        date = f"{first}–{last} гг."
        words = ORGANISATIONS[kind]
        self.dated(
            "announcements",
            f"s{self.index:05d}.{name}",
            "ru",
            ("В ", f"{date} число {words['ru_gen']} изменялось следующим образом", ": {fn}"),
            (f"{first}-01-01", f"{last}-12-31"),
            "years",
            date,
            [self.organisation(kind), "cells", f"The number of {kind} cells changed as follows."],
        )

    def bound(
        self,
        name: str,
        kind: str,
        maximum: int | None,
        minimum: int | None,
        years: tuple[int, int],
        printed: str,
    ) -> None:
        first, last = years
        date = f"{first}–{last} гг."
        limit = f"не более {printed}" if maximum is not None else f"не менее {printed}"
        organisation = "all" if kind == "all" else self.organisation(kind)
        self.dated(
            "bounds",
            f"s{self.index:05d}.{name}",
            "ru",
            ("В ", f"{date} в каждой ячейке состояло {limit} членов партии", " {fn}."),
            (f"{first}-01-01", f"{last}-12-31"),
            "years",
            date,
            [
                organisation,
                "members",
                "cells",
                minimum if minimum is not None else "",
                maximum if maximum is not None else "",
                printed,
                "Members per cell were bounded.",
            ],
        )

    def extra_text(self) -> None:
        self.announcement("kolkhoz-1926-1930", "kolkhoz", (1926, 1930))
        if "announcement-missing" in self.kinds:
            self.announcement("aul-1941-1943", "aul", (1941, 1943))
            self.expected["announcements.data-missing"] += 1
        if self.index == 0:
            self.bound("min-members", "all", None, 3, (1921, 1940), "3")
        if "bound-violated" in self.kinds:
            self.bound("max-members", "aul", 2, None, (1930, 1930), "2")
            self.expected["bounds.ratio-violated"] += self.districts_seeds
        if "stray-number" in self.kinds:
            paragraph = Paragraph()
            paragraph.text(self.filler("ru", 1) + " Подробнее см. таблицу 7 в приложении.")
            self.paragraph(paragraph)
            self.expected["coverage.unaccounted"] += 1

    # -- rows that need the whole text ----------------------------------------------------------

    def page_rows(self) -> None:
        first = 1
        for number, last in enumerate(self.seed.page_breaks):
            self.seed.row("pages", [self.source_id, self.first_page + number, first, last])
            first = last + 1

    def page_of(self, line: int) -> int | str:
        number = bisect.bisect_left(self.seed.page_breaks, line)
        return self.first_page + number if number < len(self.seed.page_breaks) else ""

    def provenance_rows(self, text: str) -> None:
        starts = [0]
        starts.extend(i + 1 for i, char in enumerate(text) if char == "\n")
        self.line_starts = starts
        for quote in self.seed.quotes:
            line = bisect.bisect_right(starts, quote.start)
            self.seed.row(
                "provenance",
                [
                    quote.provenance_id,
                    self.source_id,
                    quote.start,
                    quote.end,
                    text[quote.start : quote.end],
                    text[max(0, quote.start - CONTEXT) : quote.start],
                    text[quote.end : quote.end + CONTEXT],
                    self.page_of(line),
                    line,
                    quote.citation,
                    quote.language,
                    AGENT,
                    METHOD,
                    EXTRACTED_ON,
                ],
            )

    def exclusion_rows(self, text: str) -> None:
        patterns = [
            (
                "aggregator",
                "aggregator",
                r"Архив ежегодников · файл \d+ из \d+ · \d+ Kb · "
                r"загружено \d{2}\.\d{2}\.\d{4}",
                "The aggregator's furniture above the yearbook: file number, size, upload date.",
            ),
            (
                "header",
                "running-header",
                r"ВЕСТНИК СТАТИСТИКИ КАЗАХСТАНА\. № \d+\(\d+\), \d{4}",
                "The running header of every page: journal, issue and year.",
            ),
            ("pages", "page-number", r"(?m)^\d{1,3}$", "Page numbers printed between pages."),
            ("footnotes", "footnote-mark", r"\[\d+\]", "Footnote marks after sentences."),
        ]
        for name, category, pattern, reason in patterns:
            self.seed.row(
                "exclusions",
                [
                    f"{self.source_id}.{name}",
                    self.source_id,
                    category,
                    reason,
                    pattern,
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                ],
            )
        for exclusion_id, start, end, category in self.seed.exclusion_quotes:
            line = bisect.bisect_right(self.line_starts, start)
            self.seed.row(
                "exclusions",
                [
                    exclusion_id,
                    self.source_id,
                    category,
                    "The title's period, not a statement.",
                    "",
                    text[start:end],
                    start,
                    end,
                    text[max(0, start - CONTEXT) : start],
                    text[end : end + CONTEXT],
                    self.page_of(line),
                    line,
                ],
            )


def source_row(index: int, path: str, digest: str) -> list[Any]:
    district = index // 2 + 1
    return [
        f"yearbook-{index:05d}",
        path,
        digest,
        "Статистическое бюро (Statistical bureau)",
        f"Партийные организации округа № {district}",
        f"Party organisations of district {district}",
        "Вестник статистики Казахстана",
        str(index + 40),
        1929,
        "",
        "",
        f"Вестник статистики Казахстана, № {index + 40}.",
        "",  # citation_pattern
        "ru kk",
        *SOURCE_PERIOD,
        "",
        "synthetic yearbook (benchmarks/generate.py)",
        EXTRACTED_ON,
        "",
    ]


def _digest(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def descriptor(out: Path, seeds: int, figures: int) -> dict[str, Any]:
    resources: list[dict[str, Any]] = []
    for index in range(seeds):
        path = f"seeds/yearbook-{index:05d}.txt"
        size, digest = _digest(out / path)
        resources.append(
            {
                "name": f"seed-yearbook-{index:05d}",
                "path": path,
                "format": "txt",
                "mediatype": "text/plain",
                "encoding": "utf-8",
                "bytes": size,
                "hash": f"sha256:{digest}",
            }
        )
    for table, path in TABLES.items():
        size, digest = _digest(out / path)
        resources.append(
            {
                "name": table,
                "type": "table",
                "path": path,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": f"schemas/{table}.schema.json",
                "bytes": size,
                "hash": f"sha256:{digest}",
            }
        )
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": f"tekser-benchmark-{figures}",
        "title": f"Synthetic archive of {seeds} district yearbooks ({figures} figures)",
        "version": "0.1.0",
        "created": "2026-11-25T00:00:00Z",
        "licenses": [
            {
                "name": "CC0-1.0",
                "path": "https://creativecommons.org/publicdomain/zero/1.0/",
                "title": "CC0 1.0",
            }
        ],
        "contributors": [{"title": "benchmarks/generate.py", "roles": ["creator"]}],
        "resources": resources,
    }


def generate(figures: int, out: Path) -> dict[str, Any]:
    """Write an archive of about `figures` figures to `out` (replaced); return its manifest."""
    seeds = max(1, figures // FIGURES_PER_SEED)
    if out.exists():
        shutil.rmtree(out)
    (out / "seeds").mkdir(parents=True)
    # tekser's standard Table Schemas; the standard suite ships with tekser and runs as it is
    shutil.copytree(SCHEMAS, out / "schemas")
    writer = Writer(out)
    expected: Counter[str] = Counter()
    plan = plants_of(seeds)
    counts: Counter[str] = Counter()
    for index in range(seeds):
        generator = SeedGenerator(index, seeds, plan[index], expected)
        rows, text = generator.generate()
        path = f"seeds/yearbook-{index:05d}.txt"
        data = text.encode("utf-8")
        (out / path).write_bytes(data)
        writer.write("sources", [source_row(index, path, hashlib.sha256(data).hexdigest())])
        for table, table_rows in rows.items():
            writer.write(table, table_rows)
            counts[table] += len(table_rows)
    writer.close()
    counts["sources"] = seeds
    document = descriptor(out, seeds, figures)
    (out / "datapackage.json").write_text(
        json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    manifest = {
        "figures_requested": figures,
        "seeds": seeds,
        "rows": dict(sorted(counts.items())),
        "planted": dict(Counter(kind for kinds in plan for kind in kinds)),
        "expected": dict(sorted(expected.items())),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("figures", type=int, help="about how many figures (e.g. 100000)")
    parser.add_argument("out", type=Path, help="folder to write (replaced if it exists)")
    args = parser.parse_args(argv)
    manifest = generate(args.figures, args.out)
    json.dump(manifest, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
