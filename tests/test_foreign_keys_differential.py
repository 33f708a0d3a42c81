"""tekser checks foreign keys between CSV tables itself (`tekser.stages.foreign_keys`); plain
frictionless is the oracle: on generated packages whose tables vary in every way frictionless
reads a CSV (delimiter, quoting, quote and escape characters, header or none, header order,
preamble and comment rows, encoding and BOM, blank rows, line endings, missing values, key
position, composite keys, self references), tekser's structure findings must be frictionless's,
finding for finding and in frictionless's order: rule, resource, row, field, cell and message.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tekser.core.findings import Finding
from tekser.package.descriptor import Package
from tekser.stages import foreign_keys
from tekser.stages.structure import _finding, check_structure

KEYS = ["A1", "A2", "B7", "é1", "b;c", "x,y", 'q"t', "p|q", "t\tu", " sp", "NA", "l\nm", ""]
CELLS = ["x", "y", "comment1", "a;b", "c,d", 'say "hi"', "e|f", "g\th", " lead", "NA", "", "z"]
BAD = ["A3", "A3;comment1", "zz", "x", "a1"]
DELIMITERS = [",", ";", "\t", "|"]
ENCODINGS = ["utf-8", "utf-8-sig", "latin-1 declared", "latin-1"]


@dataclass
class Table:
    """A generated table: its schema, its rows and how its CSV file is written."""

    name: str
    fields: list[str]  # schema order
    columns: list[str]  # file order
    rows: list[dict[str, str] | None]  # None: a blank line
    keys: list[dict[str, Any]] = field(default_factory=list)
    integers: set[str] = field(default_factory=set)
    delimiter: str = ","
    declare_delimiter: bool = False
    quoting: int = csv.QUOTE_MINIMAL
    quote_char: str = '"'
    declare_quote: bool = True
    escape: bool = False
    skip_initial_space: bool = False
    header: bool = True
    header_twice: bool = False  # declared `headerRows: [1, 2]`, the header written twice
    header_case: bool = True  # False: labels upper-cased, declared `headerCase: false`
    preamble: bool = False
    comment: bool = False
    comment_row: bool = False  # declared `commentRows`
    skip_blank_rows: bool = False
    crlf: bool = False
    encoding: str = "utf-8"
    missing_values: list[str] | None = None
    field_missing: dict[str, list[str]] = field(default_factory=dict)
    fields_match: str | None = None

    def descriptor(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "fields": [
                {"name": name, "type": "integer" if name in self.integers else "string"}
                | (
                    {"missingValues": self.field_missing[name]}
                    if name in self.field_missing
                    else {}
                )
                for name in self.fields
            ]
        }
        if self.missing_values is not None:
            schema["missingValues"] = self.missing_values
        if self.fields_match:
            schema["fieldsMatch"] = self.fields_match
        if self.keys:
            schema["foreignKeys"] = self.keys
        dialect: dict[str, Any] = {}
        if self.declare_delimiter:
            dialect["delimiter"] = self.delimiter
        if not self.header:
            dialect["header"] = False
        if self.quote_char != '"' and self.declare_quote:
            dialect["quoteChar"] = self.quote_char
        if self.escape:
            dialect |= {"escapeChar": "\\", "doubleQuote": False}
        if self.skip_initial_space:
            dialect["skipInitialSpace"] = True
        if self.header_twice:
            dialect["headerRows"] = [1, 2]
        if not self.header_case:
            dialect["headerCase"] = False
        if self.comment:
            dialect["commentChar"] = "#"
        if self.comment_row:
            dialect["commentRows"] = [3]
        if self.skip_blank_rows:
            dialect["skipBlankRows"] = True
        resource: dict[str, Any] = {
            "name": self.name,
            "path": f"{self.name}.csv",
            "format": "csv",
            "schema": schema,
        }
        if dialect:
            resource["dialect"] = dialect
        if self.encoding == "latin-1 declared":
            resource["encoding"] = "latin-1"
        return resource

    def content(self) -> bytes:
        end = "\r\n" if self.crlf else "\n"
        buffer = io.StringIO(newline="")
        options: dict[str, Any] = {"delimiter": self.delimiter, "quotechar": self.quote_char}
        if self.escape:
            options |= {"escapechar": "\\", "doublequote": False}
        writer = csv.writer(buffer, quoting=self.quoting, lineterminator=end, **options)
        if self.preamble:
            buffer.write("A table of keys" + end)
        labels = [c.upper() for c in self.columns] if not self.header_case else self.columns
        for _ in range(2 if self.header_twice else 1 if self.header else 0):
            writer.writerow(labels)
        for number, row in enumerate(self.rows):
            if self.comment and number == 1:
                buffer.write("# a comment row" + end)
            if row is None:
                buffer.write(end)
            else:
                writer.writerow([row.get(column, "extra") for column in self.columns])
        text = buffer.getvalue()
        if self.encoding.startswith("latin-1"):
            return text.encode("latin-1")
        return text.encode(self.encoding)


@st.composite
def table_shape(draw: st.DrawFn, table: Table) -> Table:
    """The ways frictionless may read a table, drawn onto it."""
    table.delimiter = draw(st.sampled_from(DELIMITERS))
    table.declare_delimiter = draw(st.booleans())
    table.quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    table.quote_char = draw(st.sampled_from(['"', '"', '"', "'"]))
    table.declare_quote = draw(st.integers(0, 3)) > 0
    table.escape = draw(st.integers(0, 5)) == 0
    table.skip_initial_space = draw(st.integers(0, 6)) == 0
    table.header = draw(st.integers(0, 4)) > 0
    table.header_twice = table.header and draw(st.integers(0, 6)) == 0
    table.header_case = not table.header or draw(st.integers(0, 6)) > 0
    table.preamble = table.header and not table.header_twice and draw(st.integers(0, 5)) == 0
    table.comment = draw(st.integers(0, 5)) == 0
    table.comment_row = draw(st.integers(0, 6)) == 0
    table.skip_blank_rows = draw(st.integers(0, 5)) == 0
    table.crlf = draw(st.booleans())
    table.encoding = draw(st.sampled_from(ENCODINGS))
    if draw(st.integers(0, 3)) == 0:
        table.columns = draw(st.permutations(table.fields))  # header order is not the schema's
    if draw(st.integers(0, 6)) == 0:  # a column the schema has not, or one the file lacks
        table.columns = draw(
            st.sampled_from([[*table.columns, "extra"], table.columns[:-1], table.columns[1:]])
        )
    if draw(st.integers(0, 4)) == 0:
        table.fields_match = draw(st.sampled_from(["equal", "subset", "partial"]))
    if draw(st.integers(0, 3)) == 0:
        table.missing_values = draw(st.sampled_from([["", "NA"], ["NA"], []]))
    if draw(st.integers(0, 5)) == 0:
        table.field_missing[draw(st.sampled_from(table.fields))] = ["NA", "x"]
    blanks = draw(st.lists(st.integers(0, len(table.rows)), max_size=2))
    for position in sorted(blanks, reverse=True):
        table.rows.insert(position, None)
    return table


def other_fields(draw: st.DrawFn, keys: list[str], extra: list[str]) -> list[str]:
    """The key fields among others, the key first, in the middle or last."""
    chosen = draw(st.lists(st.sampled_from(extra), unique=True, max_size=2))
    return list(draw(st.permutations([*keys, *chosen])))


@st.composite
def packages(draw: st.DrawFn) -> list[Table]:
    composite = draw(st.integers(0, 3)) == 0
    keys = ["id", "sub"] if composite else ["id"]
    up = not composite and draw(st.integers(0, 3)) == 0  # a self reference
    parent_fields = other_fields(draw, keys + (["up"] if up else []), ["comment", "note", "n"])
    key_rows = draw(
        st.lists(st.tuples(*[st.sampled_from(KEYS) for _ in keys]), min_size=0, max_size=5)
    )

    def cell(name: str) -> st.SearchStrategy[str]:
        if name == "n":
            return st.sampled_from(["1", "2", "x", ""])
        return st.sampled_from(CELLS)

    parent_rows: list[dict[str, str] | None] = []
    for values in key_rows:
        row = dict(zip(keys, values, strict=True))
        for name in parent_fields:
            if name == "up":
                row[name] = draw(st.sampled_from([*[v[0] for v in key_rows], *BAD, ""]))
            elif name not in row:
                row[name] = draw(cell(name))
        parent_rows.append(row)
    parent = Table("parent", parent_fields, parent_fields, parent_rows, integers={"n"})
    if up:
        parent.keys.append({"fields": ["up"], "reference": {"resource": "", "fields": ["id"]}})

    references = ["pid", "psub"] if composite else ["pid"]
    child_fields = other_fields(draw, references, ["comment", "n"])
    child_rows: list[dict[str, str] | None] = []
    for _ in range(draw(st.integers(0, 6))):
        good = [tuple(v) for v in key_rows]
        values = draw(
            st.sampled_from(good)
            if good and draw(st.booleans())
            else st.tuples(*[st.sampled_from([*BAD, *KEYS]) for _ in references])
        )
        row = dict(zip(references, values, strict=True))
        for name in child_fields:
            if name not in row:
                row[name] = draw(cell(name))
        child_rows.append(row)
    child = Table("child", child_fields, child_fields, child_rows, integers={"n"})
    child.keys.append({"fields": references, "reference": {"resource": "parent", "fields": keys}})
    if "n" in child_fields and "n" in parent_fields and draw(st.booleans()):
        # an integer key, frictionless's to check, beside tekser's
        child.keys.append({"fields": ["n"], "reference": {"resource": "parent", "fields": ["n"]}})
    tables = [parent, child]

    if draw(st.booleans()):  # a third table, referencing the child (or the parent)
        target, target_fields = draw(st.sampled_from([("child", references), ("parent", keys)]))
        names = [f"g{i}" for i in range(len(target_fields))]
        grand_fields = other_fields(draw, names, ["note"])
        pool = [r for r in (child_rows if target == "child" else parent_rows) if r]
        grand_rows: list[dict[str, str] | None] = []
        for _ in range(draw(st.integers(0, 4))):
            if pool and draw(st.booleans()):
                source = draw(st.sampled_from(pool))
                values = tuple(source[name] for name in target_fields)
            else:
                values = draw(st.tuples(*[st.sampled_from(BAD + KEYS) for _ in names]))
            row = dict(zip(names, values, strict=True))
            row.update({name: draw(cell(name)) for name in grand_fields if name not in row})
            grand_rows.append(row)
        grand = Table("grand", grand_fields, grand_fields, grand_rows)
        grand.keys.append(
            {"fields": names, "reference": {"resource": target, "fields": target_fields}}
        )
        tables.append(grand)
    return [draw(table_shape(table)) for table in tables]


def write(tables: list[Table], root: Path) -> Path:
    descriptor = {"name": "generated", "resources": [t.descriptor() for t in tables]}
    (root / "datapackage.json").write_text(json.dumps(descriptor, indent=1), encoding="utf-8")
    for table in tables:
        (root / f"{table.name}.csv").write_bytes(table.content())
    return root


def by_frictionless(root: Path) -> tuple[int, list[Finding]]:
    """The findings of plain `frictionless.validate`: every check, foreign keys too, its own."""
    import frictionless

    base = str(root.resolve())
    report = frictionless.validate(str(root / "datapackage.json"))
    findings = [_finding(error, resource="datapackage.json", root=base) for error in report.errors]
    for task in report.tasks:
        findings.extend(_finding(error, resource=task.name, root=base) for error in task.errors)
    return len(report.tasks), findings


def summary(findings: list[Finding]) -> list[tuple[str, str, str]]:
    """The findings in their order: rule, where (resource, row, field, cell) and message."""
    return [(f.rule, json.dumps(f.records, sort_keys=True), f.message) for f in findings]


def assert_as_frictionless(root: Path) -> list[Finding]:
    checked, findings = check_structure(Package.open(root))
    # what lives now outlasts the example (hypothesis's record of the run, frictionless's
    # caches): set aside right after the collection `check_structure` ends with, so that the
    # next example's searches only what is made since
    gc.freeze()
    expected_checked, expected = by_frictionless(root)
    assert summary(findings) == summary(expected)
    assert checked == expected_checked
    return findings


def differential(tables: list[Table]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        assert_as_frictionless(write(tables, Path(folder)))


SETTINGS: dict[str, Any] = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}


@settings(derandomize=True, max_examples=200, **SETTINGS)
@given(packages())
def test_foreign_keys_are_frictionless_s_on_a_fixed_seed(tables: list[Table]) -> None:
    differential(tables)


@settings(max_examples=25, **SETTINGS)
@given(packages())
def test_foreign_keys_are_frictionless_s_on_fresh_examples(tables: list[Table]) -> None:
    # fresh examples on every run (and in CI), few of them: a run stays quick
    differential(tables)


# --- regressions ------------------------------------------------------------------------------


def package(
    root: Path, parent: str, child: str, *, key_second: bool = False, **child_resource: Any
) -> Path:
    """parent(id, comment) and child(pid, comment) → parent(id), the key first or second,
    from CSV texts as given."""

    def fields(key: str) -> list[dict[str, str]]:
        names = ["comment", key] if key_second else [key, "comment"]
        return [{"name": name, "type": "string"} for name in names]

    key = {"fields": ["pid"], "reference": {"resource": "parent", "fields": ["id"]}}
    descriptor = {
        "name": "regression",
        "resources": [
            {
                "name": "parent",
                "path": "parent.csv",
                "format": "csv",
                "schema": {"fields": fields("id")},
            },
            {
                "name": "child",
                "path": "child.csv",
                "format": "csv",
                "schema": {"fields": fields("pid"), "foreignKeys": [key]},
            }
            | child_resource,
        ],
    }
    root.mkdir(parents=True, exist_ok=True)
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    (root / "parent.csv").write_text(parent, encoding="utf-8", newline="")
    (root / "child.csv").write_text(child, encoding="utf-8", newline="")
    return root


def fast_path(check: Callable[[], list[Finding]]) -> list[Finding]:
    """Run `check`, asserting that tekser checked every foreign key itself."""
    foreign_keys.COUNTS.clear()
    findings = check()
    assert foreign_keys.COUNTS["tekser"] > 0
    assert foreign_keys.COUNTS["frictionless"] == foreign_keys.COUNTS["fallback"] == 0
    return findings


def foreign_key_rows(findings: list[Finding]) -> list[tuple[str, int, str]]:
    return sorted(
        (f.records[0]["resource"], f.records[0]["row"], f.message)
        for f in findings
        if f.rule == "structure.foreign-key"
    )


def test_semicolon_table_key_in_the_first_column(tmp_path: Path) -> None:
    # read as commas, every record was one cell: "A3;comment1 not found", and so was A1's row
    root = package(tmp_path, "id;comment\nA1;x\nA2;y\n", "pid;comment\nA1;c\nA3;comment1\n")
    findings = fast_path(lambda: assert_as_frictionless(root))
    assert foreign_key_rows(findings) == [
        (
            "child",
            3,
            'child row 3: Row at position "3" violates the foreign key: for "pid": values "A3" '
            'not found in the lookup table "parent" as "id"',
        )
    ]


def test_semicolon_table_key_in_the_second_column(tmp_path: Path) -> None:
    # read as commas, the key was no cell at all: nothing was reported
    root = package(
        tmp_path,
        "comment;id\nx;A1\ny;A2\n",
        "comment;pid\nc;A1\ncomment1;A3\n",
        key_second=True,
    )
    findings = fast_path(lambda: assert_as_frictionless(root))
    assert [row for _, row, _ in foreign_key_rows(findings)] == [3]


def test_comma_package_takes_the_fast_path(tmp_path: Path) -> None:
    root = package(tmp_path, "id,comment\nA1,x\nA2,y\n", "pid,comment\nA1,c\n\nA3,d\n,e\n")
    findings = fast_path(lambda: assert_as_frictionless(root))
    assert [row for _, row, _ in foreign_key_rows(findings)] == [4]


def test_bundled_package_takes_the_fast_path(bundled: Path) -> None:
    findings = fast_path(lambda: check_structure(Package.open(bundled))[1])
    assert findings == []


@pytest.mark.parametrize(
    ("child", "resource"),
    [
        ("pid,comment\nA1,c\nA3,d\n", {"compression": "gz"}),  # not a file tekser reads as is
        ("pid,comment\n1,c\n3,d\n", {}),  # an integer key: frictionless's
    ],
    ids=["compressed", "integer key"],
)
def test_keys_tekser_cannot_read_alike_are_left_to_frictionless(
    tmp_path: Path, child: str, resource: dict[str, Any]
) -> None:
    root = package(tmp_path, "id,comment\nA1,x\n1,y\n", child, **resource)
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    if "compression" in resource:
        import gzip

        (root / "child.csv.gz").write_bytes(gzip.compress(child.encode("utf-8")))
        descriptor["resources"][1]["path"] = "child.csv.gz"
    else:
        for name in (0, 1):
            descriptor["resources"][name]["schema"]["fields"][0]["type"] = "integer"
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    foreign_keys.COUNTS.clear()
    findings = assert_as_frictionless(root)
    assert foreign_keys.COUNTS["frictionless"] == 1
    assert foreign_keys.COUNTS["tekser"] == 0
    assert [row for _, row, _ in foreign_key_rows(findings)] == [3]


def test_header_in_another_order_than_the_schema(tmp_path: Path) -> None:
    # frictionless pairs labels and fields by position (and says the labels are wrong): the
    # key is then the "comment" column, and so it is for tekser
    root = package(tmp_path, "id,comment\nA1,x\nA2,y\n", "comment,pid\nA1,c\nx,A2\n")
    findings = fast_path(lambda: assert_as_frictionless(root))
    assert "structure.incorrect-label" in {f.rule for f in findings}
    assert [row for _, row, _ in foreign_key_rows(findings)] == [3]


def test_past_frictionless_s_error_limit_frictionless_counts(tmp_path: Path) -> None:
    bad = "".join(f"Z{number},c\n" for number in range(foreign_keys.LIMIT_ERRORS + 5))
    root = package(tmp_path, "id,comment\nA1,x\n", "pid,comment\n" + bad)
    foreign_keys.COUNTS.clear()
    findings = assert_as_frictionless(root)
    assert foreign_keys.COUNTS["fallback"] == 1
    assert len(foreign_key_rows(findings)) == foreign_keys.LIMIT_ERRORS


def test_undecodable_past_frictionless_s_sample(tmp_path: Path) -> None:
    # the encoding is detected on the first bytes only; frictionless stops where it fails
    rows = "".join(f"A{number},x\n" for number in range(20_000))  # past the 100 kB buffer
    root = package(tmp_path, "id,comment\n" + rows, "pid,comment\nA1,c\nA3,d\n")
    with (root / "parent.csv").open("ab") as handle:
        handle.write(b"A\xff,x\n")
    foreign_keys.COUNTS.clear()
    assert_as_frictionless(root)
    assert foreign_keys.COUNTS["fallback"] == 1


def test_a_row_against_two_keys_one_not_tekser_s(tmp_path: Path) -> None:
    # frictionless gives a row's foreign-key errors in the order of the keys: tekser takes all
    # the keys of a table or none, so that its own never come out of that order
    root = package(tmp_path, "id,comment\nA1,1\n", "pid,comment\nA1,1\nA3,3\n")
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        resource["schema"]["fields"][1]["type"] = "integer"
    descriptor["resources"][1]["schema"]["foreignKeys"].append(
        {"fields": ["comment"], "reference": {"resource": "parent", "fields": ["comment"]}}
    )
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    foreign_keys.COUNTS.clear()
    findings = assert_as_frictionless(root)
    assert foreign_keys.COUNTS["frictionless"] == 2
    assert foreign_keys.COUNTS["tekser"] == 0
    assert [row for _, row, _ in foreign_key_rows(findings)] == [3, 3]


def test_a_count_error_comes_after_the_rows(tmp_path: Path) -> None:
    root = package(tmp_path, "id,comment\nA1,x\n", "pid,comment\nA1,c\nA3,d\n", bytes=1)
    findings = fast_path(lambda: assert_as_frictionless(root))
    assert [f.rule for f in findings] == ["structure.foreign-key", "structure.byte-count"]
