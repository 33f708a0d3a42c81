"""`tekser draft` proposes the arithmetic a text states as rows of the `relations` table
(drafts/relations.csv): a difference ("leaving a surplus of", "остаток", "Überschuss"), an
average ("on an average") and a figure per head ("per head", "на душу"), a share ("or 25 per
cent of") and a total after its parts ("in all", "всего", "insgesamt"); `--accept` moves them
into the package, and `validate` evaluates them.

The seeds are invented, one sentence for each relation, as reports of the period print them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tekser.authoring.draft import accept_drafts, draft_package
from tekser.authoring.init import init_package
from tests.conftest import read_rows, run, run_json
from tests.drafting import draft_text

EN = (
    "In 1900 the receipts were 1,250,000 dollars and the expenditures 1,100,000 dollars, "
    "leaving a surplus of 150,000 dollars.\n"
    "In 1905 the three mills produced 330, 330 and 340 tons, on an average 333 tons.\n"
    "In 1906 the town of 12,000 inhabitants paid 30,000 dollars in taxes, or 2.50 dollars per "
    "head.\n"
    "In 1908 the society had 1,600 members, of whom 400 members were women, or 25 per cent of "
    "the whole.\n"
)
RU = (
    "В 1910 г. доходы составили 1 250 000 руб., расходы 1 100 000 руб., остаток 150 000 руб.\n"
    "В 1912 г. на 12 000 жителей приходилось 30 000 руб. налогов, в среднем 2,5 руб. на душу.\n"
)
DE = (
    "Im Jahre 1900 betrugen die Einnahmen 1.250.000 Mark und die Ausgaben 1.100.000 Mark, so "
    "dass ein Überschuss von 150.000 Mark verblieb.\n"
    "Im Jahre 1901 zählte man 300 Knaben und 200 Mädchen, insgesamt 500 Kinder.\n"
)


def _equations(tmp_path: Path, language: str, text: str) -> list[tuple[Any, ...]]:
    """Each drafted equation as (kind, result printed, [(term printed, sign)], words, holds)."""
    result = draft_text(tmp_path, language, text, newline=False)
    printed = {p["id"]: p["printed"] for p in result.proposals}
    return [
        (
            e["kind"],
            printed[e["result"]],
            [(printed[t], sign) for t, sign in e["terms"]],
            e["words"],
            e["holds"],
        )
        for e in result.equations
    ]


def test_english_difference_average_per_head_and_share(tmp_path: Path) -> None:
    assert _equations(tmp_path, "en", EN) == [
        (
            "difference",
            "150,000",
            [("1,250,000", "+"), ("1,100,000", "-")],
            "leaving",
            True,
        ),
        ("average", "333", [("330", "+"), ("330", "+"), ("340", "+")], "on an average", True),
        ("ratio", "2.50", [("30,000", "+"), ("12,000", "-")], "per head", True),  # total ÷ count
        ("ratio", "25", [("400", "+"), ("1,600", "-")], "per cent of", True),  # ×100: percent
    ]


def test_russian_remainder_and_per_head(tmp_path: Path) -> None:
    assert _equations(tmp_path, "ru", RU) == [
        (
            "difference",
            "150 000",
            [("1 250 000", "+"), ("1 100 000", "-")],
            "остаток",
            True,
        ),
        ("ratio", "2,5", [("30 000", "+"), ("12 000", "-")], "в среднем", True),
    ]


def test_german_surplus_and_a_total_after_its_parts(tmp_path: Path) -> None:
    assert _equations(tmp_path, "de", DE) == [
        (
            "difference",
            "150.000",
            [("1.250.000", "+"), ("1.100.000", "-")],
            "Überschuss",
            True,
        ),
        ("sum", "500", [("300", "+"), ("200", "+")], "insgesamt", True),
    ]


def test_a_remainder_is_a_difference_not_a_part_of_a_whole(tmp_path: Path) -> None:
    text = "Of the 5,000 acres of the estate in 1913, 3,200 acres were sown, leaving 1,800 acres."
    result = draft_text(tmp_path, "en", text)
    printed = {p["id"]: p["printed"] for p in result.proposals}
    (equation,) = result.equations
    assert (printed[equation["result"]], equation["kind"], equation["words"]) == (
        "1,800",
        "difference",
        "leaving",
    )
    assert result.relations == []  # no part_whole beside it: the text states a subtraction


def test_figures_that_add_up_by_chance_give_no_relation(tmp_path: Path) -> None:
    # no word of arithmetic: 300 + 200 = 500, but the text does not say so
    assert _equations(tmp_path / "a", "en", "In 1901 there were 300 boys, 200 girls and 500 "
                      "horses.") == []  # fmt: skip
    # an average word, but no figures whose mean or quotient it is
    assert _equations(tmp_path / "b", "en", "In 1902 the farms had 12 acres on an average, and "
                      "the estates 700 acres.") == []  # fmt: skip


def test_a_package_without_relations_gets_none(tmp_path: Path) -> None:
    seed = tmp_path / "seed.txt"
    seed.write_text(EN, encoding="utf-8")
    package = tmp_path / "package"
    init_package(package, seed, languages=["en"])
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "relations"]
    (package / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    result = draft_package(package, agent="test")
    assert result.equations == [] and result.rows["relations"] == []


def _package(tmp_path: Path, text: str, language: str) -> Path:
    seed = tmp_path / "seed.txt"
    seed.write_text(text, encoding="utf-8")
    package = tmp_path / "package"
    assert run("init", str(package), "--seed", str(seed), "--language", language).exit_code == 0
    drafted = run("draft", str(package))
    assert drafted.exit_code == 0, drafted.output
    return package


def _relations(findings: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return sorted((f["rule"], f["severity"]) for f in findings if f["rule"].startswith("relations"))


@pytest.mark.parametrize(("language", "text"), [("en", EN), ("ru", RU), ("de", DE)])
def test_accepted_relations_are_named_and_hold(tmp_path: Path, language: str, text: str) -> None:
    package = _package(tmp_path, text, language)
    drafted = read_rows(package / "drafts" / "relations.csv")
    records = {r["provenance_id"]: r for r in read_rows(package / "drafts" / "provenance.csv")}
    for row in drafted:  # the quote of its relation is the sentence that states it
        assert row["words"] in records[row["provenance_id"]]["quote"]
    accepted = run("draft", str(package), "--accept", "--agent", "A. Author")
    assert accepted.exit_code == 0, accepted.output
    rows = read_rows(package / "data" / "relations.csv")
    assert len(rows) == len(drafted)
    figures = {r["figure_id"] for r in read_rows(package / "data" / "figures.csv")}
    provenance = {r["provenance_id"] for r in read_rows(package / "provenance" / "provenance.csv")}
    for row in rows:
        assert row["result_figure_id"] in figures and row["term_figure_id"] in figures
        assert row["relation_id"] == row["result_figure_id"].lower()
        assert row["provenance_id"] == f"p.relation.{row['relation_id']}" in provenance
    _, report = run_json("validate", str(package))
    assert not [f for f in report["findings"] if f["severity"] == "critical"]
    # the mean of 330, 330 and 340 is 333 within its printed precision; the others are exact
    assert _relations(report["findings"]) == [("relations.rounding", "info")] * (language == "en")


def test_a_difference_that_does_not_hold_is_drafted_and_fails(tmp_path: Path) -> None:
    text = (
        "In 1900 the receipts were 1,250,000 dollars and the expenditures 1,100,000 dollars, "
        "leaving a surplus of 160,000 dollars.\n"
    )
    package = _package(tmp_path, text, "en")
    rows = read_rows(package / "drafts" / "relations.csv")
    assert [(r["kind"], r["sign"], r["note"]) for r in rows] == [
        ("difference", "+", "drafted from its words; as drafted it does not hold"),
        ("difference", "-", "drafted from its words; as drafted it does not hold"),
    ]
    (relation,) = accept_drafts(package, agent="A").relations
    _, report = run_json("validate", str(package))
    (fails,) = [f for f in report["findings"] if f["rule"] == "relations.equation-fails"]
    assert f"the terms give 150000, but {relation} is 160000" in fails["message"]
    assert fails["severity"] == "warning"


def test_a_relation_waits_for_its_last_figure(tmp_path: Path) -> None:
    package = _package(tmp_path, EN.splitlines(keepends=True)[0], "en")
    (result,) = {r["result_figure_id"] for r in read_rows(package / "drafts" / "relations.csv")}
    accepted = accept_drafts(package, only=[result], agent="A")
    assert accepted.relations == []  # its terms are still drafts
    pending = read_rows(package / "drafts" / "relations.csv")
    assert {r["result_figure_id"] for r in pending} == set(accepted.figures)
    assert accept_drafts(package, agent="A").relations == [accepted.figures[0].lower()]
    rows = read_rows(package / "data" / "relations.csv")
    figures = {r["figure_id"] for r in read_rows(package / "data" / "figures.csv")}
    assert {r["term_figure_id"] for r in rows} <= figures - set(accepted.figures)
    assert not (package / "drafts").exists()


@pytest.mark.parametrize(
    ("text", "result", "terms", "words"),
    [
        (
            "In 1890 the sales were 900 dollars, less 150 dollars of costs, leaving 750 dollars.",
            "750",
            [("900", "+"), ("150", "-")],
            "less … leaving",
        ),
        (  # the whole two sentences before its remainder, the parts of it in between
            "In 1890 the board called bonds amounting to 1,000 dollars, of which 700 dollars for "
            "the fund and 300 dollars for the debt. Of these bonds 600 dollars were paid before "
            "June. The remainder, amounting to 400 dollars, was paid later.",
            "400",
            [("1,000", "+"), ("600", "-")],
            "The remainder",
        ),
        (  # a part after "of which", and what the whole lacks beyond it: one difference
            "In 1890 the requirements were 900 dollars, of which 700 dollars were applied, a "
            "deficit of 200 dollars.",
            "200",
            [("900", "+"), ("700", "-")],
            "deficit",
        ),
        (  # the larger second: what is spent beyond what is received
            "In 1891 the receipts were 800 dollars and the expenditures 950 dollars, a deficit of "
            "150 dollars.",
            "150",
            [("950", "+"), ("800", "-")],
            "deficit",
        ),
    ],
)
def test_differences_less_before_and_deficit(
    tmp_path: Path, text: str, result: str, terms: list[tuple[str, str]], words: str
) -> None:
    (equation,) = _equations(tmp_path, "en", text)
    assert equation == ("difference", result, terms, words, True)


def test_a_hand_edited_relations_draft_is_no_traceback(tmp_path: Path) -> None:
    package = _package(tmp_path, EN.splitlines(keepends=True)[0], "en")
    path = package / "drafts" / "relations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    # the result column dropped, and a row with no relation id
    kept = [",".join(c for i, c in enumerate(line.split(",")) if i != 4) for line in lines]
    path.write_text("\n".join([*kept, ",as-printed,3,sum,x,+"]) + "\n", encoding="utf-8")
    result = run("draft", str(package), "--accept", "--agent", "A")
    assert result.exit_code == 0, result.output
    rows = read_rows(package / "data" / "relations.csv")
    assert [(r["kind"], r["result_figure_id"], r["sign"]) for r in rows] == [
        ("difference", "", "+"),
        ("difference", "", "-"),
    ]
    assert {r["relation_id"] for r in rows} == {"relation"}  # named after no result


def test_draft_json_lists_the_equations(tmp_path: Path) -> None:
    seed = tmp_path / "seed.txt"
    seed.write_text(DE, encoding="utf-8")
    package = tmp_path / "package"
    assert run("init", str(package), "--seed", str(seed), "--language", "de").exit_code == 0
    code, report = run_json("draft", str(package))
    assert code == 0
    assert [(e["kind"], e["words"], e["holds"]) for e in report["equations"]] == [
        ("difference", "Überschuss", True),
        ("sum", "insgesamt", True),
    ]
    assert not (package / "drafts").exists()  # printed, nothing written


def test_draft_format_text_shows_each_proposed_relation_in_printed_figures(
    tmp_path: Path,
) -> None:
    """`draft --format text` lists the relations it would propose, as an author reads them:
    the result = its terms, in printed figures, with the words that state it."""
    seed = tmp_path / "t.txt"
    seed.write_text(
        "The Treasury received $1,250,000 in 1900 and spent $1,100,000, leaving a surplus "
        "of $150,000.\n",
        encoding="utf-8",
    )
    assert run("init", str(tmp_path / "pk"), "--seed", str(seed), "--language", "en").exit_code == 0
    shown = run("draft", str(tmp_path / "pk"), "--format", "text")
    assert shown.exit_code == 0
    lines = shown.stdout.splitlines()
    assert "difference  150,000 = 1,250,000 − 1,100,000 (leaving)" in "\n".join(lines)
    assert "3 figure(s) and 0 exclusion(s), 1 relation(s) proposed;" in shown.stdout
    assert all(len(line) <= 80 for line in lines)


def test_bokmal_and_nynorsk_read_arithmetic_words_with_the_norwegian_lexicon() -> None:
    """A tag of Norwegian Bokmål or Nynorsk (nb, nn-NO) finds the Norwegian structure words,
    as its number and unit words do."""
    from tekser.authoring.drafting.arithmetic import arithmetic_words

    assert arithmetic_words("nb") == arithmetic_words("nn-NO") == arithmetic_words("no")
    assert arithmetic_words("no") is not None
