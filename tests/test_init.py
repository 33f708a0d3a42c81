"""`tekser init`: a new package around a seed, end to end through the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, read_rows, run, run_json, tree_digest

RU_MINI = ROOT / "tests" / "fixtures" / "ru-mini"
RU_MINI_SEED = RU_MINI / "seeds" / "lebedeva-2019-rural-libraries.txt"
TABLES = ("sources", "figures", "claims", "part_whole", "announcements", "provenance", "exclusions")
PARA = (
    "Сеть сельских библиотек губернии складывалась медленно и неравномерно.\n"
    "По данным губоно, в губернии было {n} сельских библиотек и читален.\n"
    "Книжные фонды пополнялись нерегулярно, читателей было немного.\n"
    "Съезд библиотекарей потребовал открыть избу-читальню в каждой волости.\n"
    "После съезда число библиотек выросло, а читателей стало вдвое больше.\n"
)
HEADER = "Вестник краеведения. ISSN 1234-5678. № 2(41). 2019"


def _digits_outside(text: str, spans: list[tuple[int, int]]) -> int:
    """The numbers of `text` that no span contains: what validate must call unaccounted. A
    number is a run of digits with its groups after a no-break space, which is one number."""
    return sum(
        1
        for m in re.finditer("[0-9]+(?:\u00a0[0-9]{3})*", text)
        if not any(a <= m.start() and m.end() <= b for a, b in spans)
    )


def _line_spans(text: str, lines: set[int]) -> list[tuple[int, int]]:
    spans, offset = [], 0
    for number, line in enumerate(text.split("\n"), start=1):
        if number in lines:
            spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans


def _validate(package: Path) -> tuple[int, dict[str, Any]]:
    code, report = run_json("validate", str(package))
    assert not [f for f in report["findings"] if f["stage"] in ("structure", "provenance")], [
        (f["rule"], f["message"]) for f in report["findings"] if f["stage"] != "coverage"
    ]
    critical = {f["rule"] for f in report["findings"] if f["severity"] == "critical"}
    assert critical <= {"coverage.unaccounted"}
    assert not [f for f in report["findings"] if f["rule"].startswith("coverage.")
                and f["rule"] != "coverage.unaccounted"]  # fmt: skip
    return code, report


def _exclusions(package: Path) -> dict[str, dict[str, str]]:
    return {
        row["exclusion_id"]: row for row in read_rows(package / "provenance" / "exclusions.csv")
    }


def _unaccounted(report: dict[str, Any]) -> int:
    return sum(1 for f in report["findings"] if f["rule"] == "coverage.unaccounted")


def _init(*args: str) -> Any:
    result = run("init", *args)
    assert result.exit_code == 0, result.output
    return result


def test_init_around_a_real_seed(tmp_path: Path) -> None:
    package = tmp_path / "Lebedeva 2019"
    result = _init(str(package), "--seed", str(RU_MINI_SEED))
    assert "Next steps" in result.stdout and "tekser anchor" in result.stdout
    # the seed byte for byte, the standard schemas, every table
    assert (package / "seeds" / RU_MINI_SEED.name).read_bytes() == RU_MINI_SEED.read_bytes()
    standard = ROOT / "src" / "tekser" / "schemas" / "tables"
    for name in (*TABLES, "pages"):
        schema = package / "schemas" / f"{name}.schema.json"
        assert schema.read_bytes() == (standard / schema.name).read_bytes()
        folder = "provenance" if name in ("provenance", "exclusions") else "data"
        header = (package / folder / f"{name}.csv").read_text(encoding="utf-8").split("\n")[0]
        assert header.split(",") == [f["name"] for f in json.loads(schema.read_text())["fields"]]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Lebedeva 2019"]  # no temp folder

    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert descriptor["name"] == "lebedeva-2019"
    assert descriptor["tekser"] == {"contract": "0.2"}
    assert descriptor["version"] == "0.1.0"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", descriptor["created"])
    seed_resource = descriptor["resources"][0]
    assert seed_resource["name"] == "seed-lebedeva-2019-rural-libraries"
    assert seed_resource["path"] == f"seeds/{RU_MINI_SEED.name}"
    assert all(r["hash"].startswith("sha256:") and r["bytes"] for r in descriptor["resources"])

    (source,) = read_rows(package / "data" / "sources.csv")
    assert source["source_id"] == "lebedeva-2019-rural-libraries"
    assert source["citation"] == RU_MINI_SEED.name  # the next steps ask to complete it
    assert source["languages"] == "ru"  # guessed from the letters
    assert source["sha256"] and source["retrieved_on"] == descriptor["created"][:10]

    # the page numbers 46 and 47 close their pages (as the fixture's own pages table has it)
    def lines(rows: list[dict[str, str]]) -> list[tuple[str, str, str]]:
        return [(row["page"], row["first_line"], row["last_line"]) for row in rows]

    pages = read_rows(package / "data" / "pages.csv")
    assert lines(pages) == lines(read_rows(RU_MINI / "data" / "pages.csv"))
    exclusions = _exclusions(package)
    assert set(exclusions) == {"page-number-46", "page-number-47"}
    text = RU_MINI_SEED.read_text(encoding="utf-8")
    for number, line in (("46", "24"), ("47", "37")):
        row = exclusions[f"page-number-{number}"]
        assert row["category"] == "page-number" and "tekser init" in row["reason"]
        assert (row["line"], row["page"]) == (line, number)  # anchored: span, line and page
        assert text[int(row["start"]) : int(row["end"])] == row["quote"] == number

    # validate: structure and provenance clean; what is left is the numbers to account for
    code, report = _validate(package)
    assert code == 1
    expected = _digits_outside(text, _line_spans(text, {24, 37}))
    assert _unaccounted(report) == expected == report["summary"]["coverage"]["unaccounted"]
    assert f"{expected} of {expected + 2} numbers unaccounted" in " ".join(result.stdout.split())

    # the next commands of the steps run on it
    assert run("anchor", str(package)).exit_code == 0
    scan = run("scan", str(package), "--status", "unaccounted", "--format", "json")
    assert scan.exit_code == 0, scan.output
    assert len(json.loads(scan.stdout)) == expected


def test_frictionless_finds_the_descriptor_true(tmp_path: Path) -> None:
    import frictionless

    _init(str(tmp_path / "pkg"), "--seed", str(RU_MINI_SEED), "--citation", "Лебедева А.В. 2019")
    report = frictionless.Package(str(tmp_path / "pkg" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["type", "message"])


def _write_seed(path: Path, pages: list[int], *, at: str) -> Path:
    """A seed of len(pages) pages, each number alone on a line at the page's top or bottom,
    a running header with an ISSN on each page, and one ISSN of its own in the first line."""
    blocks = ["Печатается по изданию ISSN 0321-456X\n"]
    for index, page in enumerate(pages):
        body = HEADER + "\n" + PARA.format(n=100 + index)
        blocks.append(f"{page}\n{body}\n" if at == "top" else f"{body}{page}\n\n")
    path.write_text("".join(blocks), encoding="utf-8")
    return path


@pytest.mark.parametrize("at", ["bottom", "top"])
def test_pages_and_exclusions_proposed(tmp_path: Path, at: str) -> None:
    seed = _write_seed(tmp_path / "Статья 2019.txt", [12, 13, 14], at=at)
    package = tmp_path / "pkg"
    result = _init(str(package), "--seed", str(seed), "--language", "ru", "--title", "A test")
    assert f"at the page {at}s" in " ".join(result.stdout.split())
    text = seed.read_text(encoding="utf-8")
    lines = text.split("\n")
    number_lines = [lines.index(str(page)) + 1 for page in (12, 13, 14)]

    pages = read_rows(package / "data" / "pages.csv")
    assert [row["page"] for row in pages] == ["12", "13", "14"]
    for row, line in zip(pages, number_lines, strict=True):
        assert int(row["first_line"]) <= line <= int(row["last_line"])
        assert line == int(row["first_line" if at == "top" else "last_line"])
    assert int(pages[1]["first_line"]) == int(pages[0]["last_line"]) + 1

    exclusions = _exclusions(package)
    assert set(exclusions) == {"page-number-12", "page-number-13", "page-number-14",
                               "running-header-1", "issn"}  # fmt: skip
    header = exclusions["running-header-1"]
    assert header["category"] == "running-header" and "3 times" in header["reason"]
    assert [m.start() for m in re.finditer(header["pattern"], text)] == [
        m.start() for m in re.finditer(re.escape(HEADER), text)
    ]
    assert exclusions["issn"]["category"] == "issn"
    for page, line in zip((12, 13, 14), number_lines, strict=True):
        row = exclusions[f"page-number-{page}"]
        assert (row["quote"], row["line"], row["page"]) == (str(page), str(line), str(page))

    (source,) = read_rows(package / "data" / "sources.csv")
    assert source["source_id"] == "statia-2019" and source["languages"] == "ru"
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["title"] == "A test"
    assert descriptor["resources"][0]["path"] == "seeds/Статья 2019.txt"

    code, report = _validate(package)
    assert code == 1
    covered = _line_spans(text, set(number_lines))
    covered += [m.span() for m in re.finditer(re.escape(HEADER), text)]
    covered += [m.span() for m in re.finditer(r"ISSN\s*[0-9]{4}-[0-9]{3}[0-9Xx]", text)]
    assert _unaccounted(report) == _digits_outside(text, covered) == 3  # 100, 101, 102


def test_no_pages_without_page_numbers(tmp_path: Path) -> None:
    seed = tmp_path / "stalin-1934-xvii-congress-report-agriculture-living.txt"
    seed.write_text("В 1933 году посевные площади составили 134 миллиона гектаров.\n"
                    "Поголовье скота упало, и только в свиноводстве наметился подъём.\n",
                    encoding="utf-8")  # fmt: skip
    package = tmp_path / "stalin"
    result = _init(str(package), "--seed", str(seed))
    assert not (package / "data" / "pages.csv").exists()
    assert not (package / "schemas" / "pages.schema.json").exists()
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert "pages" not in [r["name"] for r in descriptor["resources"]]
    assert read_rows(package / "provenance" / "exclusions.csv") == []
    (source,) = read_rows(package / "data" / "sources.csv")
    assert source["source_id"] == "stalin-1934-xvii-congress-report"  # ≤ 40, cut at a word
    assert "no pages table" in " ".join(result.stdout.split())
    code, report = _validate(package)
    assert code == 1 and _unaccounted(report) == 2


def test_an_empty_folder_is_filled(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    _init(str(tmp_path / "pkg"), "--seed", str(RU_MINI_SEED), "--language", "ru",
          "--language", "en", "--source-id", "lebedeva-2019")  # fmt: skip
    (source,) = read_rows(tmp_path / "pkg" / "data" / "sources.csv")
    assert (source["source_id"], source["languages"]) == ("lebedeva-2019", "ru en")


def _refused(tmp_path: Path, *args: str) -> str:
    before = tree_digest(tmp_path)
    result = run("init", *args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert tree_digest(tmp_path) == before  # nothing written, no temporary folder left
    return lines[0]


def test_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "notes.txt").write_text("mine", encoding="utf-8")
    message = _refused(tmp_path, str(tmp_path / "pkg"), "--seed", str(RU_MINI_SEED))
    assert "not empty" in message
    assert (tmp_path / "pkg" / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_refuses_a_seed_that_is_not_utf8(tmp_path: Path) -> None:
    seed = tmp_path / "cp1251.txt"
    seed.write_bytes("В 1930 г. было 112 библиотек".encode("cp1251"))
    message = _refused(tmp_path, str(tmp_path / "pkg"), "--seed", str(seed))
    assert "not UTF-8" in message
    assert not (tmp_path / "pkg").exists()


@pytest.mark.parametrize("seed", ["missing.txt", "."])
def test_refuses_a_missing_seed_or_a_folder(tmp_path: Path, seed: str) -> None:
    _refused(tmp_path, str(tmp_path / "pkg"), "--seed", str(tmp_path / seed))


@pytest.mark.parametrize(
    "option", [("--language", "russian"), ("--language", "zz-"), ("--source-id", "-bad id")]
)
def test_refuses_a_bad_language_or_source_id(tmp_path: Path, option: tuple[str, str]) -> None:
    message = _refused(tmp_path, str(tmp_path / "pkg"), "--seed", str(RU_MINI_SEED), *option)
    assert option[1] in message


def test_interrupted_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tekser.authoring.init

    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(tekser.authoring.init, "anchor_package", interrupt)
    result = run("init", str(tmp_path / "pkg"), "--seed", str(RU_MINI_SEED))
    assert result.exit_code == 130
    assert list(tmp_path.iterdir()) == []


def test_help_has_an_example() -> None:
    result = run("init", "--help")
    assert result.exit_code == 0 and "Example: tekser init" in result.stdout


def test_crlf_seed_gets_the_same_proposals(tmp_path: Path) -> None:
    lf = _write_seed(tmp_path / "lf.txt", [7, 8, 9], at="bottom")
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(lf.read_bytes().replace(b"\n", b"\r\n"))
    found = []
    for seed in (lf, crlf):
        _init(str(tmp_path / seed.stem), "--seed", str(seed), "--language", "ru")
        assert (tmp_path / seed.stem / "seeds" / seed.name).read_bytes() == seed.read_bytes()
        _, report = _validate(tmp_path / seed.stem)
        pages = [(r["page"], r["first_line"], r["last_line"])
                 for r in read_rows(tmp_path / seed.stem / "data" / "pages.csv")]  # fmt: skip
        found.append((sorted(_exclusions(tmp_path / seed.stem)), _unaccounted(report), pages))
    assert found[0] == found[1] and found[0][1] == 3


def test_the_library_call(tmp_path: Path) -> None:
    from datetime import date

    from tekser.authoring.init import init_package

    result = init_package(tmp_path / "pkg", RU_MINI_SEED, citation="Лебедева А.В. (2019)",
                          today=date(2020, 1, 2))  # fmt: skip
    assert (
        result.folder == tmp_path / "pkg" and result.seed.read_bytes() == RU_MINI_SEED.read_bytes()
    )
    assert [p.page for p in result.pages] == [46, 47] and result.page_numbers_at == "bottom"
    assert [e.exclusion_id for e in result.exclusions] == ["page-number-46", "page-number-47"]
    assert result.numbers == result.unaccounted + 2
    assert "Complete the citation" not in result.next_steps
    assert f"tekser validate {tmp_path / 'pkg'}" in result.next_steps
    descriptor = json.loads((tmp_path / "pkg" / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["created"] == "2020-01-02T00:00:00Z"
    assert descriptor["sources"] == [{"title": "Лебедева А.В. (2019)",
                                      "path": f"seeds/{RU_MINI_SEED.name}"}]  # fmt: skip


# -- furniture: page numbers in any position, pagers, footnote references ----------------------

EN_BOOK = (
    "HISTORY OF EDUCATION IN THE COUNTY\t{page}\n"
    "\n"
    "In {year} the county had {schools} schools and {teachers} teachers.\n"
    "The returns of the board were printed every spring (Smith 1890, p. {cited}).\n"
    "Ibid., pp. {cited}–{last}.\n"
    "\n"
)


def test_a_running_header_with_a_page_number_after_a_tab(tmp_path: Path) -> None:
    text = "".join(
        EN_BOOK.format(page=page, year=1880 + page, schools=100 + page, teachers=200 + page,
                       cited=40 + page, last=50 + page)
        for page in (21, 22, 23)
    ) + "page 3 of 120 (2%)\n"  # fmt: skip
    seed = tmp_path / "county.txt"
    seed.write_text(text, encoding="utf-8")
    package = tmp_path / "pkg"
    _init(str(package), "--seed", str(seed), "--language", "en")
    pages = read_rows(package / "data" / "pages.csv")
    assert [r["page"] for r in pages] == ["21", "22", "23"]  # read from the headers, at the tops
    exclusions = _exclusions(package)
    header = next(r for r in exclusions.values() if r["category"] == "running-header")
    assert "grows" in header["reason"]
    assert len(re.findall(header["pattern"], text)) == 3
    pager = next(r for r in exclusions.values() if r["category"] == "aggregator")
    assert re.findall(pager["pattern"], text) == ["page 3 of 120 (2%)"]
    cited = sorted(r["quote"] for r in exclusions.values()
                   if r["category"] == "bibliographic-reference")  # fmt: skip
    assert cited == ["1890, p. 61", "1890, p. 62", "1890, p. 63"] + [
        f"Ibid., pp. {40 + page}–{50 + page}" for page in (21, 22, 23)
    ]
    # what is left is the figures: the year, schools and teachers of each page
    _, report = _validate(package)
    assert _unaccounted(report) == 9


def test_lone_and_decorated_page_numbers_in_german_russian_and_kazakh(tmp_path: Path) -> None:
    seeds = {
        "de": "Seite 3 von 120\n\nIm Jahre 1871 zählte man 4500 Einwohner (Müller 1880, "
        "S. 123 f.).\n\n17\n\nText ohne Zahl.\nNoch eine Zeile.\nUnd noch eine.\n\n19\n\n"
        "Die Stadt hatte 12 Schulen, Bd. 3, S. 12.\n- 20 -\n",
        "ru": "страница 3 из 120\nВ 1913 г. было 500 школ (Иванов 1914, т. 2, с. 45).\n"
        "Там же. С. 46.\n\nстр. 26\n",
        "kk": "1920 жылы 300 мектеп болды.\n\n12-бет\n\nОлардың саны өсті.\n\nбет 13\n",
    }
    left = {"de": {"1871", "4500", "12"}, "ru": {"1913", "500"}, "kk": {"1920", "300"}}
    for language, text in seeds.items():
        seed = tmp_path / f"{language}.txt"
        seed.write_text(text, encoding="utf-8")
        package = tmp_path / language
        _init(str(package), "--seed", str(seed), "--language", language)
        rows = _exclusions(package)
        scan = run("scan", str(package), "--status", "unaccounted", "--format", "json")
        unaccounted = {n["token"] for n in json.loads(scan.stdout)}
        assert unaccounted == left[language], (language, rows)
        categories = {r["category"] for r in rows.values()}
        assert "page-number" in categories and "bibliographic-reference" in (
            categories | ({"bibliographic-reference"} if language == "kk" else set())
        )


def test_a_number_in_a_repeated_sentence_or_a_lone_year_stays_a_figure(tmp_path: Path) -> None:
    text = "".join(
        f"The board counted {n} pupils.\nMore text.\nAnd more.\n\n" for n in (10, 11, 12)
    )
    text += "\n1895\n\nThe end.\n"
    seed = tmp_path / "board.txt"
    seed.write_text(text, encoding="utf-8")
    package = tmp_path / "pkg"
    _init(str(package), "--seed", str(seed), "--language", "en")
    assert _exclusions(package) == {}
    assert not (package / "data" / "pages.csv").exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the first line: a title with its page number at either end
        (
            "214 The Harbours of the Coast.\nIn 1880 the port shipped 12,000 tons.\n",
            [("214", "page-number")],
        ),
        (
            "Die Häfen der Ostsee 37\nIm Jahre 1880 wurden 12.000 Tonnen verladen.\n",
            [("37", "page-number")],
        ),
        # a year on the first line is a heading, not a page
        ("1880\nThe port shipped 12,000 tons.\n", []),
        # a page number above the page's title in capitals
        (
            "the end of a page.\n118\nTHE HARBOURS OF THE COAST\nIt shipped 12,000 tons.\n",
            [("118", "page-number")],
        ),
        # a digital library's title of a scanned page
        (
            "Page:Smith - Harbours, vol. 2, 1899.djvu/41\n\nThe port shipped 12,000 tons.\n",
            [("Page:Smith - Harbours, vol. 2, 1899.djvu/41", "aggregator")],
        ),
        # the label of a note after a blank line
        ("It shipped 12,000 tons.\n\n  3. Smith, Harbours of the Coast.\n", [("3", "enumeration")]),
    ],
)
def test_furniture_of_the_first_line_scans_and_labels(
    tmp_path: Path, text: str, expected: list[tuple[str, str]]
) -> None:
    from tekser.authoring.furniture import find_furniture
    from tekser.seeds.text import SourceText

    seed = tmp_path / "seed.txt"
    seed.write_text(text, encoding="utf-8")
    source = SourceText.read(seed)
    found = [(text[f.start : f.end], f.category) for f in find_furniture(source)]
    assert found == expected
