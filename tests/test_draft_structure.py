"""`tekser draft` on seeds that state structure and carry page furniture: part–whole relations
("of which", "leaving … for", "в том числе", "из них"), totals and parts in different series,
claims of rise, readable ids on accept, and furniture excluded rather than proposed.

The seeds are written here, in English and Russian, as such texts print figures."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import read_rows, run, run_json

EN = (
    "THE SCHOOLS OF THE PROVINCE\t11\n"
    "\n"
    "In 1910 there were 900 schools, of which 300 were private.\n"
    "In 1911 there were 300 schools in all.\n"
    "The schools of the province rose rapidly from 1,200 schools in 1912 to 1,650 schools in "
    "1913.\n"
    "\n"
    "THE SCHOOLS OF THE PROVINCE\t12\n"
    "\n"
    "Of the 5,000 acres of the estate in 1913, 3,200 acres were sown, leaving 1,800 acres "
    "for pasture (Smith 1890, p. 45).\n"
    "\n"
    "THE SCHOOLS OF THE PROVINCE\t13\n"
    "\n"
    "— 14 —\n"
    "\n"
    "page 3 of 120 (2%)\n"
)
RU = (
    "В 1913 г. в губернии было 1 200 школ, в том числе 300 земских школ.\n"
    "Всего в 1914 г. насчитывалось 1 350 школ, из них 400 церковных школ "
    "(Иванов 1914, т. 2, с. 45).\n"
)
ID = re.compile(r"[a-z0-9][a-z0-9.-]*")


def _drafted(tmp_path: Path, name: str, text: str, language: str) -> Path:
    seed = tmp_path / f"{name}.txt"
    seed.write_text(text, encoding="utf-8")
    package = tmp_path / f"pkg-{name}"
    assert run("init", str(package), "--seed", str(seed), "--language", language).exit_code == 0
    result = run("draft", str(package))
    assert result.exit_code == 0, result.output
    return package


def _by_value(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    """The rows by value (the first of each), and under "#ids" the value of each figure id."""
    found: dict[str, dict[str, str]] = {"#ids": {r["figure_id"]: r["value"] for r in rows}}
    for row in rows:
        found.setdefault(row["value"], row)
    return found


def test_of_which_and_leaving_give_relations_accepted_and_valid(tmp_path: Path) -> None:
    package = _drafted(tmp_path, "en", EN, "en")
    figures = _by_value(read_rows(package / "drafts" / "figures.csv"))
    relations = read_rows(package / "drafts" / "part_whole.csv")
    pairs = {
        (
            figures_id_value(figures, r["whole_figure_id"]),
            figures_id_value(figures, r["part_figure_id"]),
        )
        for r in relations
    }
    assert pairs == {("900", "300")}  # "leaving": a difference (drafts/relations.csv)
    assert [r["exhaustive"] for r in relations] == ["false"]
    difference = read_rows(package / "drafts" / "relations.csv")
    assert [(figures_id_value(figures, r["result_figure_id"]),
             figures_id_value(figures, r["term_figure_id"]), r["sign"]) for r in difference] == [
        ("1800", "5000", "+"), ("1800", "3200", "-")]  # fmt: skip
    # a total and its parts in different series: the whole `all`, each part its category
    assert figures["900"]["organisation"] == "all" and figures["300"]["organisation"] == "private"
    assert figures["5000"]["series_id"] == "all.acres"
    assert {figures["3200"]["organisation"], figures["1800"]["organisation"]} == {"sown", "pasture"}
    # a total word beside a figure: `all` too (so 300 in 1911 is not private's next value)
    assert [r["organisation"] for r in read_rows(package / "drafts" / "figures.csv")
            if r["period_start"].startswith("1911")] == ["all"]  # fmt: skip

    accepted = run("draft", str(package), "--accept", "--agent", "A. Author")
    assert accepted.exit_code == 0, accepted.output
    assert all(len(line) <= 80 for line in accepted.stdout.splitlines())
    _, report = run_json("validate", str(package))
    rules = {f["rule"] for f in report["findings"]}
    assert not [f for f in report["findings"] if f["severity"] == "critical"], rules
    assert "series.repeated-value" not in rules and "part-whole.parts-exceed-whole" not in rules
    assert report["summary"]["coverage"]["unaccounted"] == 0
    ids = {r["figure_id"]: r for r in read_rows(package / "data" / "figures.csv")}
    rows = read_rows(package / "data" / "part_whole.csv")
    assert {
        (ids[r["whole_figure_id"]]["value"], ids[r["part_figure_id"]]["value"]) for r in rows
    } == {("900", "300")}
    assert {r["relation_id"] for r in rows} == {"all.schools.1910"}
    provenance = {r["provenance_id"] for r in read_rows(package / "provenance" / "provenance.csv")}
    assert {r["provenance_id"] for r in rows} <= provenance


def figures_id_value(figures: dict[str, dict[str, str]], figure_id: str) -> str:
    return figures["#ids"][figure_id]


def test_a_rise_with_its_period_is_a_claim(tmp_path: Path) -> None:
    package = _drafted(tmp_path, "en", EN, "en")
    (claim,) = read_rows(package / "drafts" / "claims.csv")
    assert (claim["direction"], claim["measure"]) == ("rise", "schools")
    assert (claim["pace"], claim["pace_printed"]) == ("sharp", "rapidly")  # lexicons/pace.json
    assert (claim["period_start"], claim["period_end"]) == ("1912-01-01", "1913-12-31")
    records = {r["provenance_id"]: r for r in read_rows(package / "drafts" / "provenance.csv")}
    assert records[claim["provenance_id"]]["quote"].startswith("The schools of the province rose")
    assert run("draft", str(package), "--accept", "--agent", "A").exit_code == 0
    (accepted,) = read_rows(package / "data" / "claims.csv")
    assert accepted["claim_id"] == "unspecified.schools.rise-1912-1913"
    _, report = run_json("validate", str(package))
    assert not [f for f in report["findings"] if f["rule"].startswith("claims.")]


def test_russian_v_tom_chisle_and_iz_nikh(tmp_path: Path) -> None:
    package = _drafted(tmp_path, "ru", RU, "ru")
    figures = _by_value(read_rows(package / "drafts" / "figures.csv"))
    relations = read_rows(package / "drafts" / "part_whole.csv")
    pairs = {
        (
            figures_id_value(figures, r["whole_figure_id"]),
            figures_id_value(figures, r["part_figure_id"]),
        )
        for r in relations
    }
    assert pairs == {("1200", "300"), ("1350", "400")}
    assert figures["1350"]["organisation"] == "all"  # «Всего»
    assert figures["300"]["organisation"] == "zemskiy"  # the lemma of «земских»
    assert figures["300"]["series_id"] != figures["1200"]["series_id"]
    assert run("draft", str(package), "--accept", "--agent", "A").exit_code == 0
    _, report = run_json("validate", str(package))
    assert not [f for f in report["findings"] if f["severity"] == "critical"]


def test_readable_ids_are_stable_unique_and_said(tmp_path: Path) -> None:
    package = _drafted(tmp_path, "en", EN, "en")
    twin = tmp_path / "twin"
    shutil.copytree(package, twin)
    drafted = [r["figure_id"] for r in read_rows(package / "drafts" / "figures.csv")]
    said = run("draft", str(package), "--accept", "--agent", "A")
    assert run("draft", str(twin), "--accept", "--agent", "A").exit_code == 0
    one = read_rows(package / "data" / "figures.csv")
    assert [r["figure_id"] for r in one] == [
        r["figure_id"] for r in read_rows(twin / "data" / "figures.csv")
    ]
    names = [r["figure_id"] for r in one]
    assert len(set(names)) == len(names) and all(ID.fullmatch(n) for n in names)
    for row in one:  # <series>.<year>, or -2 … when the series and date repeat
        assert re.fullmatch(rf"{re.escape(row['series_id'])}\.{row['period_start'][:4]}(-[0-9])?",
                            row["figure_id"]), row  # fmt: skip
    assert sorted(names)[:2] == ["all.acres.1913", "all.schools.1910"]
    for old, new in zip(drafted, names, strict=True):
        assert f"{old} → {new}" in said.stdout
    provenance = {r["provenance_id"] for r in read_rows(package / "provenance" / "provenance.csv")}
    assert {r["provenance_id"] for r in one} <= provenance
    assert {f"p.{n}" for n in names} <= provenance
    assert not any(p.startswith(("draft-", "p.draft-")) for p in provenance)


def test_ids_already_in_the_package_get_a_suffix(tmp_path: Path) -> None:
    package = _drafted(tmp_path, "en", EN, "en")
    first = read_rows(package / "drafts" / "figures.csv")[0]["figure_id"]
    assert run("draft", str(package), "--accept", "--only", first, "--agent", "A").exit_code == 0
    (kept,) = read_rows(package / "data" / "figures.csv")
    assert kept["figure_id"] == "all.schools.1910"
    # the relation still pending now names the accepted whole by its new id
    (pending,) = [r for r in read_rows(package / "drafts" / "part_whole.csv")
                  if r["whole_figure_id"] == "all.schools.1910"]  # fmt: skip
    assert pending["part_figure_id"].startswith("draft-")
    assert run("draft", str(package), "--accept", "--agent", "A").exit_code == 0
    rows = read_rows(package / "data" / "part_whole.csv")
    ids = {r["figure_id"] for r in read_rows(package / "data" / "figures.csv")}
    assert all(r["whole_figure_id"] in ids and r["part_figure_id"] in ids for r in rows)


@pytest.mark.parametrize(
    ("text", "furniture"),
    [
        (EN, {"11", "12", "13", "14", "3", "120", "2", "1890", "45"}),
        (RU, {"1914, т. 2, с. 45"}),
    ],
)
def test_furniture_is_excluded_not_proposed(tmp_path: Path, text: str, furniture: set[str]) -> None:
    language = "en" if text is EN else "ru"
    seed = tmp_path / "seed.txt"
    seed.write_text(text, encoding="utf-8")
    package = tmp_path / "pkg"
    assert run("init", str(package), "--seed", str(seed), "--language", language).exit_code == 0
    # init proposes none of it: draft then only sees the figures
    (package / "provenance" / "exclusions.csv").write_text(
        (package / "provenance" / "exclusions.csv").read_text(encoding="utf-8").split("\n")[0]
        + "\n",
        encoding="utf-8",
    )
    assert run("anchor", str(package)).exit_code == 0
    assert run("draft", str(package)).exit_code == 0
    printed = {r["printed"] for r in read_rows(package / "drafts" / "figures.csv")}
    excluded = read_rows(package / "drafts" / "exclusions.csv")
    quotes = " | ".join(r["quote"] for r in excluded)
    if language == "en":
        assert not printed & furniture
        categories = {r["category"] for r in excluded}
        assert {"running-header", "page-number", "aggregator", "bibliographic-reference"} <= (
            categories
        )
        assert "page 3 of 120 (2%)" in quotes and "1890, p. 45" in quotes
    else:
        assert furniture <= {r["quote"] for r in excluded}
        assert not printed & {"2", "45"}


@pytest.mark.parametrize(
    ("language", "text", "whole", "part", "category"),
    [
        ("de", "Im Jahre 1900 gab es 1.200 Schulen, davon 300 Privatschulen.\n"
               "Insgesamt zählte man 1901 1.350 Schulen.\n", "1200", "300", "privat"),
        ("kk", "1927 жылы 500 мектеп болды, оның ішінде 120 ауыл мектеп.\n"
               "1928 жылы барлығы 640 мектеп болды.\n", "500", "120", None),
    ],
)  # fmt: skip
def test_parts_in_german_and_kazakh(
    tmp_path: Path, language: str, text: str, whole: str, part: str, category: str | None
) -> None:
    package = _drafted(tmp_path, language, text, language)
    figures = _by_value(read_rows(package / "drafts" / "figures.csv"))
    (relation,) = read_rows(package / "drafts" / "part_whole.csv")
    assert figures_id_value(figures, relation["whole_figure_id"]) == whole
    assert figures_id_value(figures, relation["part_figure_id"]) == part
    assert figures[whole]["organisation"] == "all"
    # the part counts what the whole counts (a compound, a noun before the unit), in its series
    assert figures[part]["unit"] == figures[whole]["unit"]
    assert figures[part]["series_id"] != figures[whole]["series_id"]
    if category:
        assert figures[part]["organisation"] == category
    last = [
        r for r in read_rows(package / "drafts" / "figures.csv") if r["value"] not in (whole, part)
    ]
    assert [r["organisation"] for r in last] == ["all"]  # Insgesamt, барлығы


def test_small_numbers_and_fractions_in_words_are_proposed_once(tmp_path: Path) -> None:
    text = (
        "In 1905 the society opened five schools in the district; more than half the pupils\n"
        "were girls, and two thirds of the teachers had served for ten years.\n"
    )
    package = _drafted(tmp_path, "words", text, "en")
    rows = read_rows(package / "drafts" / "figures.csv")
    printed = {row["printed"]: row["value"] for row in rows}
    assert printed == {"five": "5", "half": "0.5", "two thirds": "0.6667"}
    five = next(row for row in rows if row["printed"] == "five")
    assert five["period_start"] == "1905-01-01" and five["unit"] == "schools"
    assert run("draft", str(package), "--accept").exit_code == 0
    assert "Nothing to draft" in run("draft", str(package)).output


@pytest.mark.parametrize(
    ("language", "text", "figures", "excluded"),
    [
        (
            "fr",
            "Art. 4. — Les recettes de la 2e partie du § 3 montent à 12.500 francs[1] en 1899.\n",
            ["12.500"],
            {"4": "section-number", "2e": "ordinal", "3": "section-number", "[1]": "footnote-mark"},
        ),
        (
            "de",
            "Nach § 7 Abs. 2 betrugen die Einnahmen 1899 rund 4.500 Mark[2] (Bd. 3, S. 17); "
            "die 2. Auflage zeigt um 10 Uhr in Tabelle 5 für die 1. Hälfte 1900 nur 3.200 Mark.\n",
            ["4.500", "3.200"],
            {"7": "section-number", "[2]": "footnote-mark", "2. Auflage": "ordinal"},
        ),
        (
            "en",
            "Under Sec. 14 of the act the receipts for 1899 were $4,500 (Volume 6, Issue 12); "
            "the 4 1/2 per cent bonds outstanding (Table 3) were $2,300 at ten o'clock; "
            "H. R. 16763 passed at 3:30 p.m. with 211 votes.\n",
            ["4,500", "2,300", "211"],
            {
                "14": "section-number",
                "6": "bibliographic-reference",
                "4 1/2": "name",
                "16763": "identifier",
                "3:30": "time",
            },
        ),
        (
            "ru",
            "Добыто 12 пуд. 7 ф. 40 золот. шлиховаго золота (ф. 18, оп. 2, д. 5), по 3 золот. "
            "съ 100 пуд. песка; цѣны отъ 100 до 150 руб.\n",
            ["12", "7", "40", "3", "100", "150"],
            {"18": "bibliographic-reference", "съ 100": "ratio-base"},
        ),
        (
            "en",
            "The deaths were 23 per 1,000 inhabitants, and 41 to every 100 acres were sown.\n",
            ["23", "41"],
            {"per 1,000": "ratio-base", "to every 100": "ratio-base"},
        ),
    ],
)
def test_sections_ordinals_and_marks_are_excluded(
    tmp_path: Path, language: str, text: str, figures: list[str], excluded: dict[str, str]
) -> None:
    package = _drafted(tmp_path, language, text, language)
    rows = read_rows(package / "drafts" / "figures.csv")
    assert [row["printed"] for row in rows] == figures
    # what init proposed (a volume's number, as furniture of references) or draft proposes
    exclusions = read_rows(package / "drafts" / "exclusions.csv")
    exclusions += read_rows(package / "provenance" / "exclusions.csv")
    for token, category in excluded.items():
        hits = [e for e in exclusions if token in e["quote"] and e["category"] == category]
        assert hits, (token, category, [(e["quote"], e["category"]) for e in exclusions])


def test_a_page_header_printed_twice_is_furniture_both_times(tmp_path: Path) -> None:
    from tekser.authoring.furniture import find_furniture
    from tekser.seeds.text import SourceText

    text = (
        "Въ уѣздѣ открыто 12 училищъ и при нихъ\n"
        "Губернія. 27 \n"
        "Губернія.  27      учителей 40, учениковъ 650.\n"
        "Итого 15\n"
        "Итого получено 15 рублей.\n"
    )
    seed = tmp_path / "seed.txt"
    seed.write_text(text, encoding="utf-8")
    found = [(text[f.start : f.end], f.line) for f in find_furniture(SourceText.read(seed))]
    assert found == [("Губернія. 27", 2), ("Губернія.  27", 3)]


def test_a_page_header_inside_a_sentence_is_furniture(tmp_path: Path) -> None:
    from tekser.authoring.furniture import find_furniture
    from tekser.seeds.text import SourceText

    text = (
        "Въ уѣздѣ число учениковъ превосхо\n"
        "Училища. 31 \n"
        "дитъ число учителей 40-ю душами, а было\n"
        "Учениковъ 12\n"
        "Учителей 3.\n"
    )
    seed = tmp_path / "seed.txt"
    seed.write_text(text, encoding="utf-8")
    found = [(text[f.start : f.end], f.line) for f in find_furniture(SourceText.read(seed))]
    assert found == [("Училища. 31", 2)]
