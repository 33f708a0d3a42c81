"""The consistency suite, rule by rule: each rule of checks/ fails on a small package built to
break it, and passes on the same package with the inconsistency removed.

Packages are built by tests/builder.py from a short seed text and a few rows; each is validated
once per test session (Great Expectations is imported once). The rule names are read from
checks/, so a rule without a case here fails the suite.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tekser.core.findings import Finding
from tekser.core.report import Report
from tekser.stages.consistency.suite import load_suite
from tekser.validate import validate_package
from tests.builder import CHECKS, build_package
from tests.conftest import ROOT, run

Rows = dict[str, list[dict[str, Any]]]


# --- the rules as checks/ declares them ------------------------------------------------------


def declared_rules(folder: Path = CHECKS) -> dict[str, str]:
    """Every rule of a suite folder and its severity, read from the files themselves."""
    rules: dict[str, str] = {}
    for path in sorted((folder / "rules").glob("*.sql")):
        header = dict(re.findall(r"^-- (rule|severity): *(\S+)", path.read_text("utf-8"), re.M))
        rules[header["rule"]] = header["severity"]
    columns = json.loads((folder / "columns.json").read_text(encoding="utf-8"))
    for expectation in columns["expectations"]:
        rules[expectation["meta"]["rule"]] = expectation.get("severity", "critical")
    return rules


RULES = declared_rules()


# --- cases: one package that breaks a rule, and the same package mended -----------------------


@dataclass(frozen=True)
class Expected:
    """One finding a broken package must give: its evidence (provenance ids, any order) and
    words its message must hold."""

    evidence: list[str]
    message: list[str]


@dataclass(frozen=True)
class Scenario:
    seed: str
    tables: Rows
    expected: list[Expected] = field(default_factory=list)
    source: dict[str, str] = field(default_factory=dict)
    # Other consistency rules the broken package may trip too (none, as far as possible).
    also: frozenset[str] = frozenset()


Case = Callable[[bool], Scenario]
CASES: dict[str, tuple[str, Case]] = {}


def case(rule: str, severity: str) -> Callable[[Case], Case]:
    """Register the case of `rule`: a function of `broken` giving the package to build."""

    def register(function: Case) -> Case:
        assert rule not in CASES, f"two cases for {rule}"
        CASES[rule] = (severity, function)
        return function

    return register


def figure(
    figure_id: str,
    series_id: str,
    organisation: str,
    measure: str,
    period_start: str,
    value: int,
    quote: str,
    **cells: Any,
) -> dict[str, Any]:
    row = {
        "figure_id": figure_id,
        "series_id": series_id,
        "organisation": organisation,
        "measure": measure,
        "period_start": period_start,
        "value": value,
        "quote": quote,
    }
    return row | cells


def jan1(
    organisation: str, measure: str, year: int | str, value: int, quote: str, **cells: Any
) -> dict[str, Any]:
    """A count on 1 January of `year`, printed "1 января <year> г." in its quote, in the series
    `jan1.<organisation>.<measure>`; its id is `<organisation>.<measure>.<year>`."""
    return (
        figure(
            f"{organisation}.{measure}.{year}",
            f"jan1.{organisation}.{measure}",
            organisation,
            measure,
            f"{year}-01-01",
            value,
            quote,
            date_printed=f"1 января {year} г.",
        )
        | cells
    )


def census(organisation: str, measure: str, value: int, quote: str) -> dict[str, Any]:
    """A count of the census of 1927 ("1927 г." in its quote), in `census-1927.<org>.<measure>`;
    its id is `census.<organisation>.<measure>.1927`."""
    return figure(
        f"census.{organisation}.{measure}.1927",
        f"census-1927.{organisation}.{measure}",
        organisation,
        measure,
        "1927-01-01",
        value,
        quote,
        period_end="1927-12-31",
        date_printed="1927 г.",
    )


@case("announcements.data-missing", "warning")
def _announcement(broken: bool) -> Scenario:
    year = "1930" if broken else "1935"
    seed = (
        f"На 1 января {year} г. первичных ячеек было 40.\n"
        "В 1934–1937 гг. число первичных ячеек изменилось так:\n"
    )
    return Scenario(
        seed,
        {
            "figures": [
                jan1(
                    "primary", "cells", year, 40, f"На 1 января {year} г. первичных ячеек было 40"
                ),
            ],
            "announcements": [
                {
                    "announcement_id": "primary.cells.1934-1937",
                    "organisation": "primary",
                    "measure": "cells",
                    "period_start": "1934-01-01",
                    "period_end": "1937-12-31",
                    "date_printed": "1934–1937 гг.",
                    "quote": "В 1934–1937 гг. число первичных ячеек изменилось так:",
                }
            ],
        },
        [
            Expected(
                ["p.primary.cells.1934-1937"],
                ["primary.cells.1934-1937", "primary cells for 1934-01-01…1937-12-31"],
            )
        ],
    )


@case("bounds.ratio-violated", "warning")
def _bound(broken: bool) -> Scenario:
    members = 25 if broken else 35
    sentence = f"На 1 января 1931 г. в колхозах было 10 ячеек и {members} коммунистов"
    seed = f"С 1930 г. ячейки создавались не менее чем из трёх членов партии.\n{sentence}.\n"
    return Scenario(
        seed,
        {
            "bounds": [
                {
                    "bound_id": "min-members-per-cell",
                    "organisation": "all",
                    "numerator": "members",
                    "denominator": "cells",
                    "minimum": 3,
                    "printed": "трёх",
                    "period_start": "1930-01-01",
                    "period_end": "1945-12-31",
                    "date_printed": "С 1930 г.",
                    "date_note": "from 1930 to the end of the period the source covers",
                    "quote": "С 1930 г. ячейки создавались не менее чем из трёх членов партии",
                }
            ],
            "figures": [
                jan1("kolkhoz", "cells", 1931, 10, sentence),
                jan1("kolkhoz", "members", 1931, members, sentence),
            ],
        },
        [
            Expected(
                ["p.min-members-per-cell", "p.kolkhoz.members.1931", "p.kolkhoz.cells.1931"],
                ["kolkhoz on 1931-01-01", "25 members for 10 cells", "2.5 per unit"],
            )
        ],
    )


@case("claims.direction-contradicted", "warning")
def _direction(broken: bool) -> Scenario:
    in_1931 = 18 if broken else 30
    values = {"1928": 12, "1929": 21, "1930": 27, "1931": in_1931, "1932": 33}
    counts = [f"на 1 января {year} г. — {value}" for year, value in values.items()]
    seed = f"В 1928–1932 гг. число совхозных ячеек росло: {', '.join(counts)}.\n"
    return Scenario(
        seed,
        {
            "claims": [
                {
                    "claim_id": "sovkhoz.cells.rise",
                    "organisation": "sovkhoz",
                    "measure": "cells",
                    "direction": "rise",
                    "period_start": "1928-01-01",
                    "period_end": "1932-12-31",
                    "date_printed": "1928–1932 гг.",
                    "quote": "В 1928–1932 гг. число совхозных ячеек росло",
                }
            ],
            "figures": [
                jan1("sovkhoz", "cells", year, value, count)
                for (year, value), count in zip(values.items(), counts, strict=True)
            ],
        },
        [
            Expected(
                ["p.sovkhoz.cells.rise", "p.sovkhoz.cells.1930", "p.sovkhoz.cells.1931"],
                ['the text says "rise"', "from 27 (1930-01-01) to 18 (1931-01-01)"],
            )
        ],
    )


@case("claims.pace-contradicted", "warning")
def _pace(broken: bool) -> Scenario:
    last = 1955 if broken else 60
    seed = (
        "В 1929–1932 гг. число колхозных ячеек медленно росло: "
        f"на 1 января 1929 г. их было 39, на 1 января 1932 г. — {last}.\n"
    )
    return Scenario(
        seed,
        {
            "claims": [
                {
                    "claim_id": "kolkhoz.cells.slow-rise",
                    "organisation": "kolkhoz",
                    "measure": "cells",
                    "direction": "rise",
                    "pace": "slow",
                    "period_start": "1929-01-01",
                    "period_end": "1932-12-31",
                    "date_printed": "1929–1932 гг.",
                    "quote": "В 1929–1932 гг. число колхозных ячеек медленно росло",
                }
            ],
            "figures": [
                jan1("kolkhoz", "cells", 1929, 39, "на 1 января 1929 г. их было 39"),
                jan1("kolkhoz", "cells", 1932, last, f"на 1 января 1932 г. — {last}"),
            ],
        },
        [
            Expected(
                ["p.kolkhoz.cells.slow-rise", "p.kolkhoz.cells.1929", "p.kolkhoz.cells.1932"],
                ['the text says "slow rise"', "from 39 (1929-01-01) to 1955 (1932-01-01)"],
            )
        ],
    )


@case("claims.unchecked", "info")
def _unchecked(broken: bool) -> Scenario:
    values = {"1927": 90} if broken else {"1926": 80, "1927": 90}
    counts = {year: f"на 1 января {year} г. их было {value}" for year, value in values.items()}
    seed = f"В 1925–1927 гг. число аульных ячеек росло: {', '.join(counts.values())}.\n"
    figures = [jan1("aul", "cells", year, value, counts[year]) for year, value in values.items()]
    return Scenario(
        seed,
        {
            "claims": [
                {
                    "claim_id": "aul.cells.rise",
                    "organisation": "aul",
                    "measure": "cells",
                    "direction": "rise",
                    "period_start": "1925-01-01",
                    "period_end": "1927-12-31",
                    "date_printed": "1925–1927 гг.",
                    "quote": "В 1925–1927 гг. число аульных ячеек росло",
                }
            ],
            "figures": figures,
        },
        [
            Expected(
                ["p.aul.cells.rise"],
                ["aul.cells.rise", "no series has two figures of aul cells", '"rise"'],
            )
        ],
    )


@case("dates.outside-source-period", "warning")
def _outside_period(broken: bool) -> Scenario:
    year = "1950" if broken else "1940"
    return Scenario(
        "Следующий пленум крайкома прошёл уже после войны.\n",
        {
            "events": [
                {
                    "event_id": "next-plenum",
                    "event_key": "next-plenum",
                    "period_start": f"{year}-01-01",
                    "period_end": f"{year}-12-31",
                    "date_note": f"no date printed; read as {year} from the context",
                    "quote": "Следующий пленум крайкома прошёл уже после войны",
                }
            ]
        },
        [
            Expected(
                ["p.next-plenum"],
                [
                    "events next-plenum",
                    "period 1950-01-01…1950-12-31",
                    "outside the source's period 1920-01-01…1945-12-31",
                ],
            )
        ],
    )


@case("dates.printed-year-outside-period", "warning")
def _printed_year(broken: bool) -> Scenario:
    printed = "1/I 1391" if broken else "1/I 1931"
    note = "printed 1391: a transposition of 1931, the year of the series" if broken else ""
    return Scenario(
        f"На {printed} колхозных ячеек было 61.\n",
        {
            "figures": [
                figure(
                    "kolkhoz.cells.1931",
                    "jan1.kolkhoz.cells",
                    "kolkhoz",
                    "cells",
                    "1931-01-01",
                    61,
                    f"На {printed} колхозных ячеек было 61",
                    date_printed=printed,
                    date_note=note,
                ),
            ]
        },
        [
            Expected(
                ["p.kolkhoz.cells.1931"],
                [
                    "figures kolkhoz.cells.1931",
                    'printed year 1391 ("1/I 1391")',
                    "read as 1931-01-01…1931-01-01",
                ],
            )
        ],
    )


@case("events.restatements-disagree", "warning")
def _restatements(broken: bool) -> Scenario:
    year_en = "1927" if broken else "1925"
    seed = (
        "Пленум крайкома прошёл в 1925 году.\n"
        f"The plenum of the regional committee was held in {year_en}.\n"
    )
    return Scenario(
        seed,
        {
            "events": [
                {
                    "event_id": "plenum.ru",
                    "event_key": "regional-plenum",
                    "language": "ru",
                    "period_start": "1925-01-01",
                    "period_end": "1925-12-31",
                    "date_printed": "в 1925 году",
                    "quote": "Пленум крайкома прошёл в 1925 году",
                },
                {
                    "event_id": "plenum.en",
                    "event_key": "regional-plenum",
                    "language": "en",
                    "period_start": f"{year_en}-01-01",
                    "period_end": f"{year_en}-12-31",
                    "date_printed": f"in {year_en}",
                    "quote": f"The plenum of the regional committee was held in {year_en}",
                },
            ]
        },
        [
            Expected(
                ["p.plenum.en", "p.plenum.ru"],
                [
                    "regional-plenum: 1927-01-01…1927-12-31 in en (plenum.en)",
                    "1925-01-01…1925-12-31 in ru (plenum.ru)",
                ],
            )
        ],
        source={"languages": "ru en"},
    )


@case("languages.terms-disagree", "warning")
def _terms_disagree(broken: bool) -> Scenario:
    end_en = "1935" if broken else "1933"
    seed = (
        "В 1925–1933 гг. крайком возглавлял Ф. Голощекин.\n"
        f"In 1925–{end_en} the regional committee was led by F. Goloshchekin.\n"
    )
    return Scenario(
        seed,
        {
            "terms": [
                {
                    "term_id": "goloshchekin.ru",
                    "person": "goloshchekin",
                    "name_printed": "Ф. Голощекин",
                    "language": "ru",
                    "period_start": "1925-01-01",
                    "period_end": "1933-12-31",
                    "date_printed": "1925–1933 гг.",
                    "quote": "В 1925–1933 гг. крайком возглавлял Ф. Голощекин",
                },
                {
                    "term_id": "goloshchekin.en",
                    "person": "goloshchekin",
                    "name_printed": "F. Goloshchekin",
                    "language": "en",
                    "period_start": "1925-01-01",
                    "period_end": f"{end_en}-12-31",
                    "date_printed": f"1925–{end_en}",
                    "quote": f"In 1925–{end_en} the regional committee was led by F. Goloshchekin",
                },
            ]
        },
        [
            Expected(
                ["p.goloshchekin.en", "p.goloshchekin.ru"],
                [
                    "goloshchekin: the term is 1925-01-01…1935-12-31 in en (goloshchekin.en)",
                    "1925-01-01…1933-12-31 in ru (goloshchekin.ru)",
                ],
            )
        ],
        source={"languages": "ru en"},
    )


def _part_whole(exhaustive: bool, parts: tuple[int, int]) -> Rows:
    """A whole of 100 cells on 1 January 1928 and two parts of it ("of which")."""
    poor, farmhand = parts
    relation = {
        "relation_id": "aul.cells.1928",
        "whole_figure_id": "aul.cells.1928",
        "exhaustive": exhaustive,
    }
    return {
        "figures": [
            jan1("aul", "cells", 1928, 100, "На 1 января 1928 г. в аулах было 100 ячеек"),
            figure(
                "poor.cells.1928",
                "jan1.poor.cells",
                "poor",
                "cells",
                "1928-01-01",
                poor,
                f"{poor} бедняцких",
            ),
            figure(
                "farmhand.cells.1928",
                "jan1.farmhand.cells",
                "farmhand",
                "cells",
                "1928-01-01",
                farmhand,
                f"{farmhand} батрацких",
            ),
        ],
        "part_whole": [
            relation | {"part_figure_id": "poor.cells.1928", "quote": f"из них {poor}"},
            relation | {"part_figure_id": "farmhand.cells.1928", "quote": f"и {farmhand}"},
        ],
    }


@case("part-whole.parts-exceed-whole", "warning")
def _parts_exceed(broken: bool) -> Scenario:
    parts = (60, 50) if broken else (60, 30)
    seed = (
        "На 1 января 1928 г. в аулах было 100 ячеек, "
        f"из них {parts[0]} бедняцких и {parts[1]} батрацких.\n"
    )
    return Scenario(
        seed,
        _part_whole(False, parts),
        [
            Expected(
                [
                    "p.aul.cells.1928",
                    "p.poor.cells.1928",
                    "p.aul.cells.1928.poor.cells.1928",
                    "p.farmhand.cells.1928",
                    "p.aul.cells.1928.farmhand.cells.1928",
                ],
                ["aul.cells.1928: the parts add up to 110, more than the whole 100"],
            )
        ],
    )


@case("part-whole.sum-mismatch", "warning")
def _sum_mismatch(broken: bool) -> Scenario:
    parts = (60, 30) if broken else (60, 40)
    seed = (
        "На 1 января 1928 г. в аулах было 100 ячеек, "
        f"из них {parts[0]} бедняцких и {parts[1]} батрацких.\n"
    )
    return Scenario(
        seed,
        _part_whole(True, parts),
        [
            Expected(
                [
                    "p.aul.cells.1928",
                    "p.poor.cells.1928",
                    "p.aul.cells.1928.poor.cells.1928",
                    "p.farmhand.cells.1928",
                    "p.aul.cells.1928.farmhand.cells.1928",
                ],
                ["aul.cells.1928: the parts add up to 90, but the whole is 100"],
            )
        ],
    )


@case("provenance.language-not-in-source", "critical")
def _language(broken: bool) -> Scenario:
    quote = "На 1 января 1930 г. первичных ячеек было 40"
    return Scenario(
        f"{quote}.\n",
        {
            "figures": [
                jan1("primary", "cells", 1930, 40, quote, quote_language="en" if broken else "ru"),
            ]
        },
        [
            Expected(
                ["p.primary.cells.1930"],
                ["p.primary.cells.1930: language en is not among the source's languages (ru)"],
            )
        ],
    )


@case("series.break-between-series", "warning")
def _break(broken: bool) -> Scenario:
    january = 16889 if broken else 12500
    census_quote = "По переписи 1927 г. в аульных ячейках состояло 11989 коммунистов"
    seed = f"{census_quote}.\nНа 1 января 1928 г. их было {january}.\n"
    return Scenario(
        seed,
        {
            "figures": [
                census("aul", "members", 11989, census_quote),
                jan1("aul", "members", 1928, january, f"На 1 января 1928 г. их было {january}"),
            ]
        },
        [
            Expected(
                ["p.census.aul.members.1927", "p.aul.members.1928"],
                [
                    "aul members: 11989 in census-1927.aul.members (1927-01-01)",
                    "16889 in jan1.aul.members (1928-01-01)",
                ],
            )
        ],
    )


@case("series.repeated-value", "warning")
def _repeated(broken: bool) -> Scenario:
    in_1930 = 14752 if broken else 15020
    seed = (
        "На 1 января 1929 г. в аульных ячейках было 14752 коммуниста, "
        f"на 1 января 1930 г. — {in_1930}, на 1 января 1931 г. — 9060.\n"
    )
    return Scenario(
        seed,
        {
            "figures": [
                jan1(
                    "aul",
                    "members",
                    1929,
                    14752,
                    "На 1 января 1929 г. в аульных ячейках было 14752 коммуниста",
                ),
                jan1("aul", "members", 1930, in_1930, f"на 1 января 1930 г. — {in_1930}"),
                jan1("aul", "members", 1931, 9060, "на 1 января 1931 г. — 9060"),
            ]
        },
        [
            Expected(
                ["p.aul.members.1929", "p.aul.members.1930"],
                ["jan1.aul.members: 14752 on 1929-01-01 and again on 1930-01-01"],
            )
        ],
    )


@case("terms.overlap-or-gap", "warning")
def _overlap(broken: bool) -> Scenario:
    end = "1935" if broken else "1933"
    first, second = f"Ф. Голощекин (1925–{end})", "Л. Мирзоян (1933–1938)"
    return Scenario(
        f"Крайком возглавляли {first} и {second}.\n",
        {
            "terms": [
                {
                    "term_id": "goloshchekin.ru",
                    "person": "goloshchekin",
                    "period_start": "1925-01-01",
                    "period_end": f"{end}-12-31",
                    "date_printed": f"1925–{end}",
                    "quote": first,
                },
                {
                    "term_id": "mirzoyan.ru",
                    "person": "mirzoyan",
                    "period_start": "1933-01-01",
                    "period_end": "1938-12-31",
                    "date_printed": "1933–1938",
                    "quote": second,
                },
            ]
        },
        [
            Expected(
                ["p.goloshchekin.ru", "p.mirzoyan.ru"],
                [
                    "ru: goloshchekin holds office to 1935-12-31 but mirzoyan from 1933-01-01",
                    "(overlap)",
                ],
            )
        ],
    )


@case("values.normalised", "warning")
def _normalised(broken: bool) -> Scenario:
    quote = "На 1 января 1932 г. совхозных ячеек было 333"
    cells = {"value": 33, "note": "printed 333: a digit doubled in typesetting"} if broken else {}
    return Scenario(
        f"{quote}.\n",
        {
            "figures": [
                figure(
                    "sovkhoz.cells.1932",
                    "jan1.sovkhoz.cells",
                    "sovkhoz",
                    "cells",
                    "1932-01-01",
                    333,
                    quote,
                    printed="333",
                    date_printed="1 января 1932 г.",
                )
                | cells
            ]
        },
        [
            Expected(
                ["p.sovkhoz.cells.1932"],
                ["sovkhoz.cells.1932: printed 333, read as 33: printed 333: a digit doubled"],
            )
        ],
    )


@case("provenance.quote-length", "critical")
def _quote_length(broken: bool) -> Scenario:
    padding = "ячейки собирались редко, протоколы велись небрежно, " * (30 if broken else 1)
    quote = f"На 1 января 1930 г. первичных ячеек было 40, и {padding}как писал инструктор"
    return Scenario(
        f"{quote}.\n",
        {
            "figures": [
                jan1("primary", "cells", 1930, 40, quote),
            ]
        },
        [
            Expected(
                ["p.primary.cells.1930"],
                [f"p.primary.cells.1930: the quote is {len(quote)} characters long"],
            )
        ],
    )


@case("figures.value-range", "critical")
def _value_range(broken: bool) -> Scenario:
    """A share above 100 % (a population of 123 million, far above the old cap, is fine)."""
    share = "112,5" if broken else "84,5"
    quote = f"В 1933 г. в колхозах было {share} % хозяйств, а населения 123456789 человек"
    return Scenario(
        f"{quote}.\n",
        {
            "figures": [
                figure(
                    "kolkhozes.share.1933",
                    "kolkhozes.share",
                    "kolkhozes",
                    "households",
                    "1933-01-01",
                    share.replace(",", "."),
                    quote,
                    period_end="1933-12-31",
                    date_precision="year",
                    date_printed="1933",
                    statistic="share",
                    unit="percent",
                    printed=share,
                ),
                figure(
                    "all.population.1933",
                    "all.population",
                    "all",
                    "population",
                    "1933-01-01",
                    123456789,
                    quote,
                    period_end="1933-12-31",
                    date_precision="year",
                    date_printed="1933",
                    unit="people",
                ),
            ]
        },
        [
            Expected(
                ["p.kolkhozes.share.1933"],
                ["kolkhozes.share.1933: share 112.5 percent is outside 0…100"],
            )
        ],
    )


@case("figures.scale-contradicts-unit", "critical")
def _scale_contradicts_unit(broken: bool) -> Scenario:
    quote = "В 1933 г. посевы выросли до 84,5 % площади"
    return Scenario(
        f"{quote}.\n",
        {
            "figures": [
                figure(
                    "all.sown.1933",
                    "all.sown",
                    "all",
                    "sown-area",
                    "1933-01-01",
                    "84.5",
                    quote,
                    period_end="1933-12-31",
                    date_precision="year",
                    date_printed="1933",
                    statistic="share",
                    unit="percent",
                    printed="84,5",
                    **(
                        {"scale": "thousand", "note": "a scale given in error (test)"}
                        if broken
                        else {}
                    ),
                ),
            ]
        },
        [
            Expected(
                ["p.all.sown.1933"],
                ["all.sown.1933: a value in percent cannot be in the scale thousand"],
            )
        ],
        also=frozenset({"values.normalised"}),
    )


@case("figures.base-missing", "critical")
def _base_missing(broken: bool) -> Scenario:
    quote = "В 1933 г. в колхозах было 65 % хозяйств, всего хозяйств 24 миллиона"
    return Scenario(
        f"{quote}.\n",
        {
            "figures": [
                figure(
                    "kolkhozes.share.1933",
                    "kolkhozes.share",
                    "kolkhozes",
                    "households",
                    "1933-01-01",
                    65,
                    quote,
                    period_end="1933-12-31",
                    date_precision="year",
                    date_printed="1933",
                    statistic="share",
                    unit="percent",
                    base_figure_id="all.households.1933x" if broken else "all.households.1933",
                ),
                figure(
                    "all.households.1933",
                    "all.households",
                    "all",
                    "households",
                    "1933-01-01",
                    24,
                    quote,
                    period_end="1933-12-31",
                    date_precision="year",
                    date_printed="1933",
                    unit="households",
                    scale="million",
                    printed="24 миллиона",
                ),
            ]
        },
        [
            Expected(
                ["p.kolkhozes.share.1933"],
                ["kolkhozes.share.1933: its base all.households.1933x is not a figure"],
            )
        ],
    )


def _year(
    figure_id: str,
    organisation: str,
    measure: str,
    year: int,
    value: Any,
    quote: str,
    series_id: str | None = None,
    **cells: Any,
) -> dict[str, Any]:
    """A figure of a whole year (printed "<year> г."), in the series `<organisation>.<measure>`
    unless another is given."""
    return figure(
        figure_id, series_id or f"{organisation}.{measure}", organisation, measure,
        f"{year}-01-01", value, quote, period_end=f"{year}-12-31", date_printed=f"{year} г.",
        **cells,
    )  # fmt: skip


def _output_claims(second_pace: str | None, second_words: str) -> Scenario:
    """Two claims on industrial output in 1930–1933, the first slow; figures 100 → 150 (× 1.5,
    slow enough and sharp enough for both)."""
    first = "В 1930–1933 гг. производство медленно росло"
    second = f"В итоге мы имеем {second_words}подъем производства за 1930–1933 гг."
    counts = ["с 100 в 1930 г.", "до 150 в 1933 г."]
    claim = {
        "organisation": "industry", "measure": "output", "direction": "rise",
        "period_start": "1930-01-01", "period_end": "1933-12-31", "date_printed": "1930–1933 гг.",
    }  # fmt: skip
    return Scenario(
        f"{first}: {counts[0]} {counts[1]}.\n{second}\n",
        {
            "claims": [
                claim
                | {
                    "claim_id": "output.slow",
                    "pace": "slow",
                    "pace_printed": "медленно",
                    "quote": first,
                },
                claim
                | {
                    "claim_id": "output.summary",
                    "pace": second_pace,
                    "pace_printed": second_words.strip() or None,
                    "quote": second,
                },
            ],
            "figures": [
                _year(
                    f"industry.output.{year}",
                    "industry",
                    "output",
                    year,
                    value,
                    quote,
                    statistic="amount",
                    unit="roubles",
                )
                for year, value, quote in ((1930, 100, counts[0]), (1933, 150, counts[1]))
            ],
        },
    )


@case("claims.claims-disagree", "warning")
def _claims_disagree(broken: bool) -> Scenario:
    scenario = _output_claims("sharp", "мощный ") if broken else _output_claims(None, "")
    expected = [
        Expected(
            ["p.output.slow", "p.output.summary"],
            ['industry output: output.slow says "slow rise" (1930-01-01…1933-12-31)',
             'but output.summary says "sharp rise"'],
        )
    ]  # fmt: skip
    return Scenario(scenario.seed, scenario.tables, expected if broken else [])


@case("claims.pace-word-mismatch", "critical")
def _pace_word(broken: bool) -> Scenario:
    quote = f"В 1930–1933 гг. производство росло {'бурными' if broken else 'медленными'} темпами"
    counts = ["с 100 в 1930 г.", "до 150 в 1933 г."]
    return Scenario(
        f"{quote}: {counts[0]} {counts[1]}.\n",
        {
            "claims": [
                {
                    "claim_id": "output.slow",
                    "organisation": "industry",
                    "measure": "output",
                    "direction": "rise",
                    "pace": "slow",
                    "pace_printed": f"{'бурными' if broken else 'медленными'} темпами",
                    "period_start": "1930-01-01",
                    "period_end": "1933-12-31",
                    "date_printed": "1930–1933 гг.",
                    "quote": quote,
                },
            ],
            "figures": [
                _year(
                    f"industry.output.{year}",
                    "industry",
                    "output",
                    year,
                    value,
                    count,
                    statistic="amount",
                    unit="roubles",
                )
                for year, value, count in ((1930, 100, counts[0]), (1933, 150, counts[1]))
            ],
        },
        [
            Expected(
                ["p.output.slow"],
                [
                    'output.slow: the printed words "бурными темпами" and the recorded pace slow',
                    '"бурными" says sharp',
                ],
            )
        ],
    )


def _fall_in_two_years(in_1931: int, after: int | None = None) -> Scenario:
    """ "Fell in 1931 and 1932", over counts of 1 January 1930, 1931, 1932 (and 1933)."""
    claim = "В 1931 и 1932 гг. число коммунистов в аулах сократилось"
    values = {1930: 140, 1931: in_1931, 1932: 20} | ({1933: after} if after is not None else {})
    counts = {year: f"на 1 января {year} г. — {value}" for year, value in values.items()}
    return Scenario(
        f"{claim}: {', '.join(counts.values())}.\n",
        {
            "claims": [
                {
                    "claim_id": "aul.members.fall",
                    "organisation": "aul",
                    "measure": "members",
                    "direction": "fall",
                    "period_start": "1931-01-01",
                    "period_end": "1932-12-31",
                    "date_printed": "В 1931 и 1932 гг.",
                    "quote": claim,
                },
            ],
            "figures": [
                jan1("aul", "members", year, value, counts[year]) for year, value in values.items()
            ],
        },
    )


@case("claims.reading-contradicted", "warning")
def _reading(broken: bool) -> Scenario:
    scenario = _fall_in_two_years(160 if broken else 120)
    expected = [
        Expected(
            ["p.aul.members.fall", "p.aul.members.1930", "p.aul.members.1931"],
            ['aul.members.fall: read as the counts at the start of each year, "fall" is '
             "contradicted: jan1.aul.members went from 140 (1930-01-01) to 160 (1931-01-01)",
             "read as the changes within each year, the figures agree"],
        )
    ]  # fmt: skip
    return Scenario(scenario.seed, scenario.tables, expected if broken else [])


@case("claims.magnitude-contradicted", "warning")
def _magnitude(broken: bool) -> Scenario:
    words, magnitude = ("в 2,5 раза", 2.5) if broken else ("почти вдвое", 2)
    claim = f"В 1929–1933 гг. число учащихся выросло {words}"
    counts = ["с 14 миллионов в 1929 г.", "до 26 миллионов в 1933 г."]
    return Scenario(
        f"{claim}: {counts[0]} {counts[1]}.\n",
        {
            "claims": [
                {
                    "claim_id": "pupils.rise",
                    "organisation": "schools",
                    "measure": "pupils",
                    "direction": "rise",
                    "magnitude": magnitude,
                    "magnitude_kind": "multiple",
                    "magnitude_printed": words,
                    "period_start": "1929-01-01",
                    "period_end": "1933-12-31",
                    "date_printed": "1929–1933 гг.",
                    "quote": claim,
                },
            ],
            "figures": [
                _year(
                    f"schools.pupils.{year}",
                    "schools",
                    "pupils",
                    year,
                    value,
                    quote,
                    unit="persons",
                    scale="million",
                    printed=f"{value} миллионов",
                )
                for year, value, quote in ((1929, 14, counts[0]), (1933, 26, counts[1]))
            ],
        },
        [
            Expected(
                ["p.pupils.rise", "p.schools.pupils.1929", "p.schools.pupils.1933"],
                [
                    'pupils.rise: the text says "в 2,5 раза" (multiple 2.5, rise)',
                    "went from 14 (1929-01-01) to 26 (1933-01-01): 1.857, 1.759…1.963",
                ],
            )
        ],
    )


@case("shares.part-base-mismatch", "warning")
def _share_part_base(broken: bool) -> Scenario:
    share = "75" if broken else "65"
    quote = f"В 1933 г. из 24 миллионов хозяйств 15 миллионов, или {share} %, были в колхозах"
    common = {"unit": "households", "scale": "million"}
    return Scenario(
        f"{quote}.\n",
        {
            "figures": [
                _year(
                    "all.households.1933",
                    "all",
                    "households",
                    1933,
                    24,
                    quote,
                    printed="24 миллионов",
                    **common,
                ),
                _year(
                    "kolkhoz.households.1933",
                    "kolkhoz",
                    "households",
                    1933,
                    15,
                    quote,
                    printed="15 миллионов",
                    **common,
                ),
                _year(
                    "kolkhoz.households-share.1933",
                    "kolkhoz",
                    "households-share",
                    1933,
                    share,
                    quote,
                    statistic="share",
                    unit="percent",
                    base="households",
                    base_figure_id="all.households.1933",
                    part_figure_id="kolkhoz.households.1933",
                ),
            ],
        },
        [
            Expected(
                [
                    "p.kolkhoz.households-share.1933",
                    "p.kolkhoz.households.1933",
                    "p.all.households.1933",
                ],
                [
                    "kolkhoz.households-share.1933: 75 percent, but kolkhoz.households.1933 / "
                    "all.households.1933 is 62.5 (59.184…65.957 within the printed rounding)"
                ],
            )
        ],
    )


def _complements(first: tuple[str, str], second: tuple[str, str]) -> Scenario:
    """Two shares of 1933 stated as complements: (printed share, base) each."""
    quote = (
        f"В 1933 г. в колхозах {first[0]} % крестьянских хозяйств, тогда как единоличники "
        f"составляют {second[0]} % всего крестьянского населения"
    )
    return Scenario(
        f"{quote}.\n",
        {
            "figures": [
                _year(
                    f"{who}.peasant-share.1933",
                    who,
                    "peasant-share",
                    1933,
                    printed.replace(",", "."),
                    quote,
                    statistic="share",
                    unit="percent",
                    printed=printed,
                    base=base,
                    complement_group="peasants.1933",
                )
                for who, (printed, base) in (("kolkhoz", first), ("individual", second))
            ],
        },
    )


@case("shares.complements-bases-differ", "warning")
def _complement_bases(broken: bool) -> Scenario:
    base = "peasant-population" if broken else "peasant-households"
    scenario = _complements(("65", "peasant-households"), ("35", base))
    expected = [
        Expected(
            ["p.individual.peasant-share.1933", "p.kolkhoz.peasant-share.1933"],
            [
                "peasants.1933: individual.peasant-share.1933 (35 percent of peasant-population) "
                "and kolkhoz.peasant-share.1933 (65 percent of peasant-households) are stated as "
                "complements, but their bases differ"
            ],
        )
    ]
    return Scenario(scenario.seed, scenario.tables, expected if broken else [])


@case("shares.complements-sum-mismatch", "warning")
def _complement_sum(broken: bool) -> Scenario:
    second = "17,5" if broken else "15,5"
    scenario = _complements(("84,5", "grain-sown-area"), (second, "grain-sown-area"))
    expected = [
        Expected(
            ["p.individual.peasant-share.1933", "p.kolkhoz.peasant-share.1933"],
            [
                "peasants.1933: the shares stated as complements add up to 102 percent, not 100 "
                "(rounding allows ±0.1)"
            ],
        )
    ]
    return Scenario(scenario.seed, scenario.tables, expected if broken else [])


@case("shares.base-unlinked", "info")
def _base_unlinked(broken: bool) -> Scenario:
    quote = "В 1933 г. народный доход составил 50 миллиардов, доля капиталистов — 0,5 %"
    return Scenario(
        f"{quote}.\n",
        {
            "figures": [
                _year(
                    "all.national-income.1933",
                    "all",
                    "national-income",
                    1933,
                    50,
                    quote,
                    statistic="amount",
                    unit="roubles",
                    scale="billion",
                    printed="50 миллиардов",
                ),
                _year(
                    "capitalists.income-share.1933",
                    "capitalists",
                    "income-share",
                    1933,
                    "0.5",
                    quote,
                    statistic="share",
                    unit="percent",
                    printed="0,5",
                    base="national-income",
                    base_figure_id=None if broken else "all.national-income.1933",
                ),
            ],
        },
        [
            Expected(
                ["p.capitalists.income-share.1933", "p.all.national-income.1933"],
                [
                    "capitalists.income-share.1933: a share of national-income with no "
                    "base_figure_id, while all.national-income.1933 gives national-income for "
                    "1933-01-01…1933-12-31"
                ],
            )
        ],
    )


@case("part-whole.rounding", "info")
def _rounding(broken: bool) -> Scenario:
    parts = (60, 39) if broken else (60, 40)
    seed = (
        "На 1 января 1928 г. в аулах было 100 ячеек, "
        f"из них {parts[0]} бедняцких и {parts[1]} батрацких.\n"
    )
    return Scenario(
        seed,
        _part_whole(True, parts),
        [
            Expected(
                [
                    "p.aul.cells.1928",
                    "p.poor.cells.1928",
                    "p.aul.cells.1928.poor.cells.1928",
                    "p.farmhand.cells.1928",
                    "p.aul.cells.1928.farmhand.cells.1928",
                ],
                [
                    "aul.cells.1928: the parts add up to 99 against the whole 100 "
                    "(aul.cells.1928): a difference of -1, within the ±1.5 the rounding of the "
                    "printed figures allows"
                ],
            )
        ],
    )


# --- building and validating each package once ------------------------------------------------


class Reports:
    """Each case's package, built and validated once per session."""

    def __init__(self, factory: pytest.TempPathFactory) -> None:
        self.factory = factory
        self.built: dict[tuple[str, bool], tuple[Path, Report]] = {}

    def get(self, rule: str, broken: bool) -> tuple[Path, Report]:
        if (rule, broken) not in self.built:
            if rule not in CASES:
                pytest.fail(f"no case for rule {rule}: add one to tests/test_consistency.py")
            scenario = CASES[rule][1](broken)
            folder = self.factory.mktemp(rule) / ("broken" if broken else "mended")
            root = build_package(folder, scenario.seed, scenario.tables, source=scenario.source)
            self.built[rule, broken] = (root, validate_package(root))
        return self.built[rule, broken]


@pytest.fixture(scope="session")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Reports:
    return Reports(tmp_path_factory)


def of_rule(report: Report, rule: str) -> list[Finding]:
    return [finding for finding in report.findings if finding.rule == rule]


def summary(report: Report) -> list[str]:
    return [f"{f.severity.value} {f.rule}: {f.message}" for f in report.findings]


def test_every_rule_of_the_suite_has_a_case() -> None:
    """A new rule in checks/ must come with a package that breaks it and one that does not."""
    suite = {rule.name: rule.severity.value for rule in load_suite(CHECKS)}
    assert suite == RULES, "tekser reads checks/ differently from its files"
    assert sorted(CASES) == sorted(RULES)
    assert {rule: severity for rule, (severity, _) in CASES.items()} == RULES


@pytest.mark.parametrize("rule", sorted(RULES))
def test_rule_fails_on_its_broken_package(reports: Reports, rule: str) -> None:
    _, report = reports.get(rule, True)
    scenario = CASES[rule][1](True)
    found = of_rule(report, rule)
    assert len(found) == len(scenario.expected), summary(report)
    for finding, expected in zip(found, scenario.expected, strict=True):
        assert finding.severity.value == RULES[rule] == CASES[rule][0]
        assert finding.stage == "consistency"
        assert sorted(e.provenance_id or "" for e in finding.evidence) == sorted(expected.evidence)
        for words in expected.message:
            assert words in finding.message, finding.message
        for evidence in finding.evidence:  # evidence is a real span, not just an id
            assert evidence.quote and evidence.start is not None and evidence.line
    others = {f.rule for f in report.findings if f.stage == "consistency"} - {rule}
    assert others <= scenario.also, summary(report)
    outside = [f for f in report.findings if f.stage != "consistency" and f.severity != "info"]
    assert not outside, f"the broken package is unsound: {summary(report)}"


@pytest.mark.parametrize("rule", sorted(RULES))
def test_rule_passes_on_the_mended_package(reports: Reports, rule: str) -> None:
    _, report = reports.get(rule, False)
    # nothing but the builder's own readings of the dates it leaves unprinted or prints as
    # prose ("до 1931 г." read as the years before it)
    readings = {"provenance.inferred-date", "provenance.normalised-date"}
    shown = [f for f in report.findings if f.rule not in readings]
    assert not shown, summary(report)
    names = {summary.name for summary in report.rules}
    assert rule in names  # the rule ran, and found nothing


# --- a broken rule, stable ids ----------------------------------------------------------------


def test_a_broken_rule_is_a_critical_finding_not_a_crash(reports: Reports, tmp_path: Path) -> None:
    root, _ = reports.get("series.repeated-value", True)
    checks = tmp_path / "checks"
    (checks / "rules").mkdir(parents=True)
    shutil.copy2(CHECKS / "rules" / "series.repeated-value.sql", checks / "rules")
    (checks / "rules" / "figures.broken.sql").write_text(
        "-- rule: figures.broken\n-- severity: warning\n-- table: figures\n"
        "-- description: A rule whose query names a column no table has.\n"
        "-- message: {figure_id} is broken\n"
        "SELECT figure_id AS finding_key, figure_id FROM {batch} WHERE no_such_column > 0\n",
        encoding="utf-8",
    )
    result = run("validate", str(root), "--checks", str(checks), "--format", "json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    errors = [f for f in report["findings"] if f["rule"] == "consistency.rule-error"]
    assert len(errors) == 1, report["findings"]
    assert errors[0]["severity"] == "critical"
    assert "figures.broken" in errors[0]["message"]
    assert "no_such_column" in errors[0]["message"]
    # The other rule on the same table still ran.
    assert [f["rule"] for f in report["findings"] if f["stage"] == "consistency"] == [
        "consistency.rule-error",
        "series.repeated-value",
    ]


def test_finding_ids_are_stable_across_runs_and_folders(reports: Reports, tmp_path: Path) -> None:
    root, first = reports.get("claims.direction-contradicted", True)
    scenario = CASES["claims.direction-contradicted"][1](True)
    again = build_package(tmp_path / "elsewhere", scenario.seed, scenario.tables)
    ids = [f.finding_id for f in first.findings]
    assert ids
    assert [f.finding_id for f in validate_package(root).findings] == ids
    assert [f.finding_id for f in validate_package(again).findings] == ids


# --- the bundled package ----------------------------------------------------------------------

BUNDLED_WARNINGS = {
    "announcements.data-missing": 1,
    "claims.direction-contradicted": 2,
    "claims.pace-contradicted": 3,
    "claims.reading-contradicted": 1,
    "dates.printed-year-outside-period": 3,
    "languages.terms-disagree": 1,
    "series.break-between-series": 2,
    "series.repeated-value": 1,
    "terms.overlap-or-gap": 1,
}
BUNDLED_CLEAN = (
    "part-whole.sum-mismatch",
    "part-whole.parts-exceed-whole",
    "part-whole.rounding",  # the 1927 census adds up exactly
    "bounds.ratio-violated",
    "events.restatements-disagree",
    "dates.outside-source-period",
    "claims.claims-disagree",  # the two "slowly" of kolkhoz cells agree; "sharply" twice
    "claims.pace-word-mismatch",
    "claims.magnitude-contradicted",
    "shares.part-base-mismatch",
    "shares.complements-bases-differ",
    "shares.complements-sum-mismatch",
    "shares.base-unlinked",
)


# `bundled_report` and `example_report`: validated once per session (tests/conftest.py)


def test_bundled_package_has_nothing_critical(bundled_report: Report) -> None:
    assert bundled_report.counts()["critical"] == 0, summary(bundled_report)


@pytest.mark.parametrize("rule", BUNDLED_CLEAN)
def test_bundled_package_negative_controls(bundled_report: Report, rule: str) -> None:
    assert rule in {summary.name for summary in bundled_report.rules}
    assert not of_rule(bundled_report, rule), summary(bundled_report)


def test_bundled_package_warnings(bundled_report: Report) -> None:
    warnings = Counter(f.rule for f in bundled_report.findings if f.severity == "warning")
    assert warnings == Counter(BUNDLED_WARNINGS)


def test_bundled_reading_names_the_reading_that_disagrees(bundled_report: Report) -> None:
    """ "Fell sharply in 1931 and 1932" over counts of 1 January: the members of aul cells
    rise into 1931 (14752 → 16010) and fall within it (16010 → 2295)."""
    (finding,) = of_rule(bundled_report, "claims.reading-contradicted")
    assert "read as the counts at the start of each year" in finding.message
    assert "from 14752 (1930-01-01) to 16010 (1931-01-01)" in finding.message
    assert finding.message.endswith("read as the changes within each year, the figures agree")


# --- the second bundled source: the 1934 report excerpt ---------------------------------------

EXAMPLE = ROOT / "examples" / "stalin-1934"
EXAMPLE_FINDINGS = {
    ("announcements.data-missing", "warning"): 9,  # the lost tables, kind `table`
    ("part-whole.sum-mismatch", "warning"): 1,  # pupils 1933: 91 thousand short
    ("part-whole.rounding", "info"): 1,  # pupils 1929: 1 thousand short, within ±2
    ("claims.claims-disagree", "warning"): 2,  # agriculture: slow (l. 3, 4), mighty (l. 240)
    ("shares.complements-bases-differ", "warning"): 1,  # 65 % of households, 35 % of people
    ("values.normalised", "warning"): 1,
    ("claims.unchecked", "info"): 27,
}
EXAMPLE_CLEAN = (
    "shares.complements-sum-mismatch",  # 84,5 % + 15,5 % of the grain sown area
    "claims.pace-word-mismatch",  # медленнее, медленные, бурными, мощный: as recorded
    "claims.reading-contradicted",
    "claims.magnitude-contradicted",
    "claims.direction-contradicted",
    "claims.pace-contradicted",
    "shares.part-base-mismatch",
    "shares.base-unlinked",
    "part-whole.parts-exceed-whole",  # workers by branch stay below all workers
    "dates.outside-source-period",
)


def test_example_consistency_findings(example_report: Report) -> None:
    found = Counter(
        (f.rule, f.severity.value) for f in example_report.findings if f.stage == "consistency"
    )
    assert found == Counter(EXAMPLE_FINDINGS), summary(example_report)
    assert example_report.counts()["critical"] == 0


@pytest.mark.parametrize("rule", EXAMPLE_CLEAN)
def test_example_negative_controls(example_report: Report, rule: str) -> None:
    assert rule in {summary.name for summary in example_report.rules}
    assert not of_rule(example_report, rule), summary(example_report)


def test_example_rounding_and_beyond(example_report: Report) -> None:
    """The same breakdown of pupils by level, two years: 1 thousand short is rounding (info),
    91 thousand short is beyond it (warning); each says the difference and the tolerance."""
    (rounding,) = of_rule(example_report, "part-whole.rounding")
    assert rounding.records[0]["relation_id"] == "pupils.1929.by-level"
    assert "a difference of -1, within the ±2" in rounding.message
    (beyond,) = of_rule(example_report, "part-whole.sum-mismatch")
    assert {(r["relation_id"], r["difference"], r["tolerance"]) for r in beyond.records} == {
        ("pupils.1933.by-level", -91, 2)
    }


def test_bundled_repeated_value_shows_both_quotes(bundled_report: Report) -> None:
    (finding,) = of_rule(bundled_report, "series.repeated-value")
    assert "14752" in finding.message
    assert len(finding.evidence) == 2
    for evidence in finding.evidence:
        assert "14752" in evidence.quote


# --- edges of single rules --------------------------------------------------------------------


def validated(folder: Path, scenario: Scenario) -> Report:
    return validate_package(
        build_package(folder, scenario.seed, scenario.tables, source=scenario.source)
    )


@case("claims.absence-contradicted", "warning")
def _absence(broken: bool) -> Scenario:
    scenario = _absent_claim(first_year=1930 if broken else 1931)
    expected = [
        Expected(
            ["p.mts.cells.absent", "p.mts.cells.1930"],
            ["the text says there were none", "gives 2 on 1930-01-01"],
        )
    ]
    return Scenario(scenario.seed, scenario.tables, expected if broken else [])


def _absent_claim(first_year: int = 1930) -> Scenario:
    """ "No MTS cells before 1931", but the series gives 2 on 1 January 1930."""
    claim = "До 1931 г. ячеек МТС не было"
    counts = [
        f"На 1 января {first_year} г. ячеек МТС было 2",
        f"на 1 января {first_year + 1} г. — 5",
    ]
    return Scenario(
        f"{claim}. {counts[0]}, {counts[1]}.\n",
        {
            "claims": [
                {
                    "claim_id": "mts.cells.absent",
                    "organisation": "mts",
                    "measure": "cells",
                    "direction": "absent",
                    "period_start": "1920-01-01",
                    "period_end": "1930-12-31",
                    "date_printed": "До 1931 г.",
                    "date_note": "before 1931: from the start of the source's period to 1930",
                    "quote": claim,
                },
            ],
            "figures": [
                jan1("mts", "cells", first_year, 2, counts[0]),
                jan1("mts", "cells", first_year + 1, 5, counts[1]),
            ],
        },
    )


def test_an_absence_claim_is_contradicted_by_a_positive_figure_in_its_period(
    tmp_path: Path,
) -> None:
    report = validated(tmp_path / "absent", _absent_claim())
    (finding,) = of_rule(report, "claims.absence-contradicted")
    # The 1931 figure lies after the claim's period: only the 1930 one contradicts it.
    assert sorted(e.provenance_id or "" for e in finding.evidence) == [
        "p.mts.cells.1930",
        "p.mts.cells.absent",
    ]
    assert "there were none" in finding.message and "2 on 1930-01-01" in finding.message


@pytest.mark.parametrize("name", ["absent-claim", "one-sided-bound"])
def test_messages_never_print_none(tmp_path: Path, name: str) -> None:
    scenario = (
        _absent_claim() if name == "absent-claim" else CASES["bounds.ratio-violated"][1](True)
    )
    report = validated(tmp_path / name, scenario)
    messages = [f.message for f in report.findings if f.stage == "consistency"]
    assert messages
    assert not [message for message in messages if "None" in message]


def test_a_one_sided_upper_bound_is_checked_too(tmp_path: Path) -> None:
    sentence = "На 1 января 1931 г. в колхозах было 2 ячейки и 120 коммунистов"
    bound = "Ячейка не могла иметь более 50 членов"
    scenario = Scenario(
        f"{bound}. {sentence}.\n",
        {
            "bounds": [
                {
                    "bound_id": "max-members-per-cell",
                    "organisation": "kolkhoz",
                    "numerator": "members",
                    "denominator": "cells",
                    "maximum": 50,
                    "printed": "50",
                    "period_start": "1930-01-01",
                    "period_end": "1945-12-31",
                    "quote": bound,
                },
            ],
            "figures": [
                jan1("kolkhoz", "cells", 1931, 2, sentence),
                jan1("kolkhoz", "members", 1931, 120, sentence),
            ],
        },
    )
    (finding,) = of_rule(validated(tmp_path / "max", scenario), "bounds.ratio-violated")
    assert "120 members for 2 cells is 60 per unit" in finding.message


def _terms(*terms: tuple[str, str, str, str]) -> Scenario:
    """Terms of one office in Russian: (term id, person, printed name, years as printed)."""
    quotes = [f"{name} ({years})" for _, _, name, years in terms]
    rows = [
        {
            "term_id": term_id,
            "person": person,
            "name_printed": name,
            "period_start": f"{years[:4]}-01-01",
            "period_end": f"{years[-4:]}-12-31",
            "date_printed": years,
            "quote": quote,
        }
        for (term_id, person, name, years), quote in zip(terms, quotes, strict=True)
    ]
    return Scenario(f"Крайком возглавляли {', '.join(quotes)}.\n", {"terms": rows})


def test_a_gap_of_a_whole_year_between_terms_is_found(tmp_path: Path) -> None:
    scenario = _terms(
        ("goloshchekin", "goloshchekin", "Ф. Голощекин", "1925–1930"),
        ("mirzoyan", "mirzoyan", "Л. Мирзоян", "1932–1938"),
    )
    (finding,) = of_rule(validated(tmp_path / "gap", scenario), "terms.overlap-or-gap")
    assert finding.message.endswith("(gap)")


def test_a_handover_from_one_year_to_the_next_is_no_gap(tmp_path: Path) -> None:
    scenario = _terms(
        ("goloshchekin", "goloshchekin", "Ф. Голощекин", "1925–1930"),
        ("mirzoyan", "mirzoyan", "Л. Мирзоян", "1931–1938"),
    )
    assert not validated(tmp_path / "handover", scenario).findings


def test_two_terms_of_one_person_are_not_a_disagreement(tmp_path: Path) -> None:
    scenario = _terms(
        ("goloshchekin.1", "goloshchekin", "Ф. Голощекин", "1925–1927"),
        ("mirzoyan", "mirzoyan", "Л. Мирзоян", "1927–1929"),
        ("goloshchekin.2", "goloshchekin", "снова Ф. Голощекин", "1929–1933"),
    )
    report = validated(tmp_path / "twice", scenario)
    assert not of_rule(report, "languages.terms-disagree"), summary(report)


def test_a_claim_with_one_figure_per_series_is_unchecked(tmp_path: Path) -> None:
    claim = "В 1927–1928 гг. число аульных ячеек росло"
    in_census, january = "По переписи 1927 г. их было 90", "На 1 января 1928 г. — 80"
    scenario = Scenario(
        f"{claim}. {in_census}. {january}.\n",
        {
            "claims": [
                {
                    "claim_id": "aul.cells.rise",
                    "organisation": "aul",
                    "measure": "cells",
                    "direction": "rise",
                    "period_start": "1927-01-01",
                    "period_end": "1928-12-31",
                    "date_printed": "1927–1928 гг.",
                    "quote": claim,
                },
            ],
            "figures": [
                census("aul", "cells", 90, in_census),
                jan1("aul", "cells", 1928, 80, january),
            ],
        },
    )
    report = validated(tmp_path / "two-series", scenario)
    assert of_rule(report, "claims.unchecked"), summary(report)


# --- edges of the checks a careful historian makes --------------------------------------------


def _announced_table(figures_after: int, before: bool = True) -> Scenario:
    """A table announced, and lost: perhaps a running-text figure of its measure before it, and
    `figures_after` rows of it after."""
    earlier = "Ещё в 1935 г. первичных организаций было 40"
    announced = "В 1934–1937 гг. число первичных организаций изменилось так:"
    rows = [f"1936 г. — {41 + index}" for index in range(figures_after)]
    seed = (f"{earlier}.\n" if before else "") + announced + "\n" + "\n".join(rows) + "\n"
    figures = [
        _year("primary.cells.1935", "primary", "cells", 1935, 40, earlier,
              series_id="text.primary.cells") if before else None,
        *(
            figure(f"table.primary.cells.1936.{index}", f"table.primary.cells.{index}",
                   "primary", "cells", "1936-01-01", 41 + index, row,
                   period_end="1936-12-31", date_printed="1936 г.")
            for index, row in enumerate(rows)
        ),
    ]  # fmt: skip
    return Scenario(
        seed,
        {
            "figures": [row for row in figures if row is not None],
            "announcements": [
                {
                    "announcement_id": "primary.cells.1934-1937",
                    "organisation": "primary",
                    "measure": "cells",
                    "kind": "table",
                    "period_start": "1934-01-01",
                    "period_end": "1937-12-31",
                    "date_printed": "1934–1937 гг.",
                    "quote": announced,
                },
            ],
        },
    )


def test_a_lost_table_is_found_though_a_running_text_figure_exists(tmp_path: Path) -> None:
    report = validated(tmp_path / "lost", _announced_table(0))
    (finding,) = of_rule(report, "announcements.data-missing")
    assert "primary.cells.1934-1937" in finding.message
    # one row after it is no table either; two are
    one = validated(tmp_path / "one", _announced_table(1, before=False))
    assert of_rule(one, "announcements.data-missing"), summary(one)
    two = validated(tmp_path / "two", _announced_table(2, before=False))
    assert not of_rule(two, "announcements.data-missing"), summary(two)


def test_a_repeated_zero_is_not_a_repeated_value(tmp_path: Path) -> None:
    counts = ["на 1 января 1929 г. ячеек МТС было 0", "на 1 января 1930 г. — 0",
              "на 1 января 1931 г. — 16"]  # fmt: skip
    scenario = Scenario(
        f"{', '.join(counts)}.\n",
        {"figures": [jan1("mts", "cells", 1929 + i, v, c)
                     for i, (v, c) in enumerate(zip((0, 0, 16), counts, strict=True))]},
    )  # fmt: skip
    report = validated(tmp_path / "zeros", scenario)
    assert not report.findings, summary(report)


def test_a_target_may_look_past_the_source_period(tmp_path: Path) -> None:
    quote = "План на 1950 г. — 200 миллионов пудов"
    row = _year("volga.grain.1950", "volga", "grain", 1950, 200, quote, unit="puds",
                scale="million", printed="200 миллионов", statistic="target")  # fmt: skip
    report = validated(tmp_path / "target", Scenario(f"{quote}.\n", {"figures": [row]}))
    assert not report.findings, summary(report)
    actual = validated(
        tmp_path / "actual", Scenario(f"{quote}.\n", {"figures": [row | {"statistic": "amount"}]})
    )
    assert {f.rule for f in actual.findings} == {
        "dates.outside-source-period", "dates.printed-year-outside-period"
    }  # fmt: skip


def test_a_reading_out_of_the_last_year_says_the_other_disagrees_too(tmp_path: Path) -> None:
    """Rises into 1931 and again during 1932 (20 → 30 by 1/I 1933): both readings disagree."""
    report = validated(tmp_path / "both", _fall_in_two_years(160, after=30))
    found = sorted(of_rule(report, "claims.reading-contradicted"), key=lambda f: f.message)
    assert [f.message.split(", the figures ")[-1] for f in found] == ["disagree too"] * 2
    assert "read as the changes within each year" in found[0].message
    assert "from 20 (1932-01-01) to 30 (1933-01-01)" in found[0].message


@pytest.mark.parametrize(
    ("directions", "says"),
    [(("rise", "fall"), '"fall"'), (("rise", "absent"), '"absent"'), (("rise", "rise"), None)],
)
def test_claims_disagree_on_direction(
    tmp_path: Path, directions: tuple[str, str], says: str | None
) -> None:
    scenario = _output_claims(None, "")
    first, second = scenario.tables["claims"]
    claims = [first | {"direction": directions[0], "pace": None, "pace_printed": None},
              second | {"direction": directions[1]}]  # fmt: skip
    report = validated(
        tmp_path / "direction", Scenario(scenario.seed, {**scenario.tables, "claims": claims})
    )
    found = of_rule(report, "claims.claims-disagree")
    assert [says in f.message for f in found] == ([True] if says else []), summary(report)


def test_a_pace_word_the_lexicon_does_not_know_is_named(tmp_path: Path) -> None:
    scenario = _pace_word(False)
    (claim,) = scenario.tables["claims"]
    tables = {**scenario.tables, "claims": [claim | {"pace_printed": "темпами"}]}
    report = validated(tmp_path / "unknown", Scenario(scenario.seed, tables))
    (finding,) = of_rule(report, "claims.pace-word-mismatch")
    assert "no word of the pace lexicon of ru" in finding.message


# --- each rule's query executed once ---------------------------------------------------------

MANY_ROWS_RULE = (
    "-- rule: figures.many-rows\n-- severity: info\n-- table: figures\n"
    "-- description: More failing rows than Great Expectations hands back by default.\n"
    "-- message: row {row_number}\n"
    "WITH RECURSIVE numbers (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM numbers WHERE n < 250)\n"
    "SELECT 'row-' || n AS finding_key, n AS row_number\n"
    "FROM numbers WHERE EXISTS (SELECT 1 FROM {batch})\n"
)


def _executed(work: Callable[[], Report]) -> tuple[Report, list[str]]:
    """The report `work` gives, and every SQL statement run on SQLite meanwhile."""
    import sqlalchemy
    from sqlalchemy.engine import Engine

    statements: list[str] = []

    def record(_connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    sqlalchemy.event.listen(Engine, "before_cursor_execute", record)
    try:
        return work(), statements
    finally:
        sqlalchemy.event.remove(Engine, "before_cursor_execute", record)


def test_each_rule_query_is_executed_once(reports: Reports) -> None:
    """GX executes each rule's SQL once, counts its rows and returns them all: no second run
    to count, none to fetch the rest."""
    from tekser.package.descriptor import Package

    root, _ = reports.get("series.repeated-value", True)
    report, statements = _executed(lambda: validate_package(root))
    assert of_rule(report, "series.repeated-value")
    tables = {resource["name"] for resource in Package.open(root).resources}
    ran = [rule for rule in load_suite(CHECKS) if rule.sql and rule.table in tables]
    assert len(ran) > 10
    for rule in ran:
        # the rule's text around `{batch}` (GX puts the table, or a selection of it, there)
        pieces = rule.sql.split("{batch}")
        runs = [s for s in statements if all(piece in s for piece in pieces)]
        assert len(runs) == 1, rule.name
        assert runs[0].startswith(pieces[0]), rule.name  # as written, not wrapped in a COUNT


def test_more_rows_than_gx_returns_by_default_are_all_findings(
    reports: Reports, tmp_path: Path
) -> None:
    """250 failing rows (GX's own limit is 200): every one a finding, from one execution."""
    root, _ = reports.get("series.repeated-value", True)
    (tmp_path / "checks" / "rules").mkdir(parents=True)
    (tmp_path / "checks" / "rules" / "figures.many-rows.sql").write_text(
        MANY_ROWS_RULE, encoding="utf-8"
    )
    report, statements = _executed(lambda: validate_package(root, checks=tmp_path / "checks"))
    found = of_rule(report, "figures.many-rows")
    assert sorted(f.message for f in found) == sorted(f"row {n}" for n in range(1, 251))
    assert len([s for s in statements if "'row-' || n AS finding_key" in s]) == 1


# The cases of the relation and date-bound rules live in their own module, registered here.
import tests.relations_cases  # noqa: E402, F401
