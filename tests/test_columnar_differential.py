"""tekser proves plain CSV tables clean with pyarrow (`tekser.stages.columnar`) and skips
frictionless's row loop for them; plain frictionless is the oracle. On generated packages —
schemas of every type the checker reads (and some it leaves to frictionless), with constraints,
options, missing values and primary keys; tables of good and bad cells; and mutations of the
header, the records, the bytes and the descriptor — two things must hold:

- a table tekser calls clean is one in which frictionless finds no error (nor a warning), and
  frictionless reads as many rows;
- the structure findings tekser reports are frictionless's own, finding for finding and in
  frictionless's order."""

from __future__ import annotations

import csv
import functools
import gc
import hashlib
import io
import json
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tekser.core.findings import Finding
from tekser.package.descriptor import Package
from tekser.stages import columnar, structure
from tekser.stages.foreign_keys import defer_foreign_keys
from tekser.stages.structure import _finding, check_structure

# cells each type reads, and cells it does not (or reads otherwise than it looks)
GOOD = {
    "string": ["a", "b", "abc", "A1", "x-y", "é", "[12]", "/3/", 'q"t', "c,d", "l\nm", " sp"],
    "integer": ["0", "1", "-3", "42", "2020", "999999999999999999", "7", "12", "-1"],
    "number": ["0", "1.5", "-2.25", "3", "1.0", "1.50", "0.1", "12.125", "7"],
    "boolean": ["true", "false", "True", "FALSE", "1", "0"],
    "year": ["1999", "2020", "0001", "9999", "1927", "1931", "2000", "1945"],
    "date": [
        "2020-01-31",
        "2020-02-29",
        "2021-12-01",
        "0001-01-01",
        "1927-10-01",
        "2000-02-29",
        "1931-01-01",
        "2024-12-31",
    ],
    "datetime": ["2020-01-01T10:00:00Z", "2021-06-30T23:59:59Z", "2000-01-01T00:00:00Z"],
}
BAD = {
    "string": ["", "NA", "a\n", "[1]x", "ABC", "abcdefgh", "x,y\n\nz"],
    "integer": [
        "",
        "NA",
        "007",
        "+5",
        " 7",
        "1_000",
        "1.0",
        "x",
        "-0",
        "١٢",
        "12345678901234567890",
    ],
    "number": ["", "1,5", "1.234,5", "1 000", "1e3", "NaN", "inf", ".5", "5.", "$5", "5%", "x"],
    "boolean": ["", "yes", "no", "t", "TRUE ", "NA"],
    "year": ["", "0000", "999", "+999", " 999", "-001", "20201", "x"],
    "date": ["", "2021-02-29", "0000-01-01", "2020-1-5", "2020-13-01", "20200101", "x"],
    "datetime": ["", "2020-01-01", "x"],
}
BOUNDS = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]
BOUND_VALUES: dict[str, list[Any]] = {
    "integer": [-1, 0, 1, 5, 1000, "3"],  # (one frictionless cannot cast, it raises on)
    "number": [-1, 0, 1.5, 2, "0.5", 10],
    "year": [1000, 2000, 2020],
    "date": ["2020-01-01", "2021-01-01"],
}
PATTERNS = [
    "[a-z]+",
    "[a-z0-9][a-z0-9-]*",
    "\\[[0-9]+\\]|/[0-9]+/",
    "[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*",
    "a|b",
    "(?:a|x)-?[yb]?",
    "[^,]*",
    ".{1,3}",
    "\\w+",  # not RE2's: frictionless's reader, cell by cell
    "[0-9]\\d",
]
OPTIONS: dict[str, list[dict[str, Any]]] = {
    "string": [{"format": "email"}, {"format": "uuid"}],
    "integer": [{"bareNumber": False}],
    "number": [
        {"decimalChar": ","},
        {"groupChar": " "},
        {"groupChar": ".", "decimalChar": ","},
        {"bareNumber": False},
        {"floatNumber": True},
    ],
    "boolean": [{"trueValues": ["yes", "t"], "falseValues": ["no", "f"]}],
    "date": [{"format": "%d/%m/%Y"}, {"format": "any"}],
}
MISSING = [None, [""], ["", "NA"], ["NA"], []]


@dataclass
class Table:
    """A generated table: its schema and rows, and how its file and descriptor are written."""

    name: str
    fields: list[dict[str, Any]]
    rows: list[list[str] | None]  # None: an empty line
    primary_key: list[str] = field(default_factory=list)
    missing_values: list[str] | None = None
    foreign_key: bool = False  # its field `ref` references the table "parent"
    mutation: str = ""

    def descriptor(self, content: bytes) -> dict[str, Any]:
        schema: dict[str, Any] = {"fields": self.fields}
        if self.primary_key:
            schema["primaryKey"] = self.primary_key
        if self.missing_values is not None:
            schema["missingValues"] = self.missing_values
        if self.foreign_key:
            reference = {"resource": "parent", "fields": ["id"]}
            schema["foreignKeys"] = [{"fields": ["ref"], "reference": reference}]
        resource: dict[str, Any] = {
            "name": self.name,
            "type": "table",
            "path": f"{self.name}.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": schema,
            "bytes": len(content),
            "hash": "sha256:" + hashlib.sha256(content).hexdigest(),
        }
        changes: dict[str, dict[str, Any]] = {
            "bytes": {"bytes": len(content) + 1},
            "hash": {"hash": "sha256:" + hashlib.sha256(content + b"x").hexdigest()},
            "md5": {"hash": hashlib.md5(content).hexdigest()},
            "md5 wrong": {"hash": "md5:" + hashlib.md5(b"x").hexdigest()},
            "sha1": {"hash": "sha1:" + hashlib.sha1(content).hexdigest()},
            "no hash": {"hash": None, "bytes": None},
            "rows": {"rows": len(self.rows) + 1},
            "rows right": {"rows": len(self.rows)},
            "fields": {"fields": len(self.fields) + 1},
            "header false": {"dialect": {"header": False}},
            "delimiter declared": {"dialect": {"delimiter": ","}},
            "latin-1 declared": {"encoding": "latin-1"},
        }
        resource |= changes.get(self.mutation, {})
        return {key: value for key, value in resource.items() if value is not None}

    def content(self) -> bytes:
        labels = [f["name"] for f in self.fields]
        if self.mutation == "label renamed":
            labels[-1] += "x"
        elif self.mutation == "labels swapped" and len(labels) > 1:
            labels[0], labels[1] = labels[1], labels[0]
        elif self.mutation == "label upper":
            labels[0] = labels[0].upper()
        elif self.mutation == "label added":
            labels.append("extra")
        elif self.mutation == "label dropped":
            labels = labels[:-1]
        quoting = csv.QUOTE_ALL if self.mutation == "quote all" else csv.QUOTE_MINIMAL
        delimiter = ";" if self.mutation == "semicolons" else ","
        end = "\r\n" if self.mutation == "crlf" else "\n"
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator=end)
        if self.mutation == "quoted header":
            buffer.write(",".join(f'"{label}"' for label in labels) + end)
        else:
            writer.writerow(labels)
        for number, row in enumerate(self.rows):
            if row is None:
                buffer.write(end)
                continue
            cells = list(row)
            if number == 0 and self.mutation == "extra cell":
                cells.append("extra")
            elif number == 0 and self.mutation == "missing cell":
                cells = cells[:-1]
            elif number == 0 and self.mutation == "empty cells":
                cells = [""] * len(cells)
            if number == 0 and self.mutation in RAW:
                buffer.write(",".join([RAW[self.mutation], *cells[1:]]) + end)
                continue
            writer.writerow(cells)
        text = buffer.getvalue()
        if self.mutation == "no final newline":
            text = text.rstrip("\n")
        elif self.mutation == "empty line at the end":
            text += end
        data = text.encode("latin-1" if "latin-1" in self.mutation else "utf-8", "replace")
        if self.mutation == "bom":
            data = b"\xef\xbb\xbf" + data
        elif self.mutation == "invalid utf-8":
            data += b"\xff,\xed\xa0\x80\n"
        elif self.mutation == "nul":
            data = data.replace(b"a", b"a\0", 1)
        return data


# the first cell of the first row, written as is (malformed quoting)
RAW = {
    "stray quote": 'ab"c',
    "text after quote": '"ab"c',
    "space before quote": ' "a"',
    "unclosed quote": '"ab',
}
MUTATIONS = [
    *RAW,
    "label renamed", "labels swapped", "label upper", "label added", "label dropped",
    "quoted header", "extra cell", "missing cell", "empty cells", "quote all", "semicolons",
    "crlf", "no final newline", "empty line at the end", "bom", "invalid utf-8", "nul",
    "latin-1", "latin-1 declared", "bytes", "hash", "md5", "md5 wrong", "sha1", "no hash",
    "rows", "rows right", "fields", "header false", "delimiter declared",
]  # fmt: skip


def reader(spec: dict[str, Any]) -> Any:
    """frictionless's own cell reader of a field (standing alone: its own missing values)."""
    return _reader(json.dumps(spec, sort_keys=True))


@functools.cache
def _reader(spec: str) -> Any:
    # made once a field (generating a table reads its cells through it again and again)
    import frictionless

    return frictionless.Field.from_descriptor(json.loads(spec)).create_cell_reader()


def typed(spec: dict[str, Any], cell: str) -> Any:
    value, notes = reader({k: v for k, v in spec.items() if k != "constraints"})(cell)
    return None if notes else value


def pool(spec: dict[str, Any]) -> list[str]:
    """The cells a field reads, as its options have them written."""
    kind = spec["type"]
    good = GOOD[kind]
    if spec.get("trueValues"):
        good = ["yes", "t", "no", "f"]
    if spec.get("decimalChar") == ",":
        good = [value.replace(".", ",") for value in good]
    if spec.get("format") == "%d/%m/%Y":
        good = ["31/01/2020", "01/02/2021", "29/02/2000"]
    elif spec.get("format") == "email":
        good = ["a@example.org", "b.c@example.com"]
    elif spec.get("format") == "uuid":
        good = ["8c1e4a36-8c3a-4c2e-9d1e-3f6f0b0a5e71", "0b6f2c1a-1b2c-4d3e-8f9a-0a1b2c3d4e5f"]
    return good


def distinct(draw: st.DrawFn, spec: dict[str, Any], size: int) -> list[str]:
    """`size` cells of different typed values (as frictionless compares a key), or fewer."""
    cells: list[str] = []
    seen: list[Any] = []
    for cell in draw(st.permutations(pool(spec))):
        value = typed(spec, cell)
        if value is not None and value not in seen:
            cells.append(cell)
            seen.append(value)
    return cells[:size]


@st.composite
def base_field(
    draw: st.DrawFn, index: int, size: int, keyed: bool
) -> tuple[dict[str, Any], list[str]]:
    """A field and its cells, every cell good and every constraint met."""
    kind = draw(st.sampled_from(sorted(GOOD)))
    spec: dict[str, Any] = {"name": f"f{index}", "type": kind}
    if kind in OPTIONS and draw(st.integers(0, 4)) == 0:
        spec |= draw(st.sampled_from(OPTIONS[kind]))
    if draw(st.integers(0, 8)) == 0:
        spec["missingValues"] = draw(st.sampled_from([["NA"], ["", "x"]]))
    unique = not keyed and draw(st.integers(0, 4)) == 0
    if keyed or unique:
        cells = distinct(draw, spec, size)
    else:
        cells = [draw(st.sampled_from(pool(spec))) for _ in range(size)]
    values = [typed(spec, cell) for cell in cells]
    constraints: dict[str, Any] = {}
    if unique:
        constraints["unique"] = True
    if draw(st.integers(0, 2)) == 0:
        constraints["required"] = True
    if kind in BOUND_VALUES and draw(st.integers(0, 2)) == 0 and None not in values:
        compares = {"minimum": "__le__", "maximum": "__ge__",
                    "exclusiveMinimum": "__lt__", "exclusiveMaximum": "__gt__"}  # fmt: skip
        name = draw(st.sampled_from(BOUNDS))
        bounds = [b for b in BOUND_VALUES[kind] if (t := typed(spec, str(b))) is not None
                  and all(getattr(t, compares[name])(v) for v in values)]  # fmt: skip
        if bounds:
            constraints[name] = draw(st.sampled_from(bounds))
    if kind == "string" and spec.get("format") is None and cells:
        patterns = [p for p in PATTERNS if all(re.match(f"^{p}$", cell) for cell in cells)]
        if patterns and draw(st.integers(0, 1)) == 0:
            constraints["pattern"] = draw(st.sampled_from(patterns))
        if draw(st.integers(0, 4)) == 0:
            constraints["minLength"] = min(len(cell) for cell in cells)
        if draw(st.integers(0, 4)) == 0:
            constraints["maxLength"] = max(len(cell) for cell in cells)
    if draw(st.integers(0, 4)) == 0 and cells:
        enum: list[Any] = sorted(set(cells))
        if kind == "integer" and draw(st.booleans()):
            enum = [int(cell) for cell in enum]  # the typed values, as JSON has them
        constraints["enum"] = enum
    if constraints:
        spec["constraints"] = constraints
    return spec, cells


BREAKS = [
    "bad cell", "missing cell value", "out of range", "not in enum", "pattern", "length",
    "duplicate row", "duplicate value", "typed duplicate", "empty line", "row of missing",
]  # fmt: skip


@st.composite
def tables(draw: st.DrawFn) -> Table:
    """A clean table, then (three times out of four) one thing broken in it or its file."""
    width, size = draw(st.integers(1, 4)), draw(st.integers(0, 6))
    keys = draw(st.sets(st.integers(0, width - 1), max_size=2)) if draw(st.booleans()) else set()
    specs, columns = [], []
    for index in range(width):
        spec, cells = draw(base_field(index, size, index in keys))
        specs.append(spec)
        columns.append(cells)
    size = min(len(cells) for cells in columns)  # a key may have had fewer distinct cells
    columns = [cells[:size] for cells in columns]
    foreign_key = draw(st.integers(0, 4)) == 0
    if foreign_key:
        specs.append({"name": "ref", "type": "string"})
        columns.append([draw(st.sampled_from(["p1", "p2", "p1"])) for _ in range(size)])
    rows: list[list[str] | None] = [list(cells) for cells in zip(*columns, strict=True)]
    table = Table(
        name="table",
        fields=specs,
        rows=rows,
        primary_key=[f"f{index}" for index in sorted(keys)],
        missing_values=draw(st.sampled_from(MISSING)),
        foreign_key=foreign_key,
    )
    what = draw(st.sampled_from(["clean", "mutation", "break", "break"]))
    if what == "mutation":
        table.mutation = draw(st.sampled_from(MUTATIONS))
    elif what == "break":
        draw(breaking(table))
    return table


def missing(table: Table, spec: dict[str, Any]) -> list[str]:
    """The cells a field reads as missing."""
    if "missingValues" in spec:
        return list(spec["missingValues"])
    return [""] if table.missing_values is None else list(table.missing_values)


@st.composite
def breaking(draw: st.DrawFn, table: Table) -> None:
    """Break one cell, row or constraint of the table (it may come out clean all the same)."""
    kind = draw(st.sampled_from(BREAKS))
    event(f"break: {kind}")
    rows = [row for row in table.rows if row is not None]
    if kind == "empty line":
        table.rows.insert(draw(st.integers(0, len(table.rows))), None)
        return
    if not rows:
        return
    row = draw(st.sampled_from(rows))
    index = draw(st.integers(0, len(table.fields) - 1))
    spec = table.fields[index]
    constraints = spec.get("constraints", {})
    if kind == "bad cell":
        row[index] = draw(st.sampled_from(BAD[spec["type"]]))
    elif kind == "missing cell value":
        row[index] = draw(st.sampled_from([*missing(table, spec), "", "NA"]))
    elif kind == "row of missing":
        row[:] = [draw(st.sampled_from(missing(table, spec) or [""])) for spec in table.fields]
    elif kind == "out of range" and any(bound in constraints for bound in BOUNDS):
        row[index] = draw(
            st.sampled_from(pool(spec) + [str(b) for b in BOUND_VALUES[spec["type"]]])
        )
    elif kind == "not in enum" and "enum" in constraints:
        row[index] = draw(st.sampled_from(pool(spec)))
    elif kind == "pattern" or kind == "length":
        row[index] = draw(st.sampled_from(GOOD["string"] + BAD["string"]))
    elif kind == "duplicate row":
        table.rows.append(list(row))
    elif kind == "duplicate value" and len(rows) > 1:
        other = draw(st.sampled_from(rows))
        row[index] = other[index]
    elif kind == "typed duplicate" and len(rows) > 1:
        other = draw(st.sampled_from(rows))
        value = typed(spec, other[index])
        same = [cell for cell in pool(spec) + BAD[spec["type"]] if typed(spec, cell) == value]
        if value is not None and same:
            row[index] = draw(st.sampled_from(same))


PARENT = b"id,note\np1,x\np2,y\n"


def write(table: Table, root: Path) -> Path:
    content = table.content()
    parent = {
        "name": "parent",
        "type": "table",
        "path": "parent.csv",
        "format": "csv",
        "schema": {"fields": [{"name": "id", "type": "string"}, {"name": "note"}]},
        "bytes": len(PARENT),
        "hash": "sha256:" + hashlib.sha256(PARENT).hexdigest(),
    }
    descriptor = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "generated",
        "resources": [parent, table.descriptor(content)],
    }
    (root / "datapackage.json").write_text(json.dumps(descriptor, indent=1), encoding="utf-8")
    (root / "parent.csv").write_bytes(PARENT)
    (root / f"{table.name}.csv").write_bytes(content)
    return root


def by_frictionless(root: Path) -> tuple[int, list[Finding], Any]:
    """The findings of plain `frictionless.validate`, and its report."""
    import frictionless

    base = str(root.resolve())
    report = frictionless.validate(str(root / "datapackage.json"))
    findings = [_finding(error, resource="datapackage.json", root=base) for error in report.errors]
    for task in report.tasks:
        findings.extend(_finding(error, resource=task.name, root=base) for error in task.errors)
    return len(report.tasks), findings, report


def summary(findings: list[Finding]) -> list[tuple[str, str, str, str]]:
    return [
        (f.finding_id, f.rule, json.dumps(f.records, sort_keys=True), f.message) for f in findings
    ]


def proven(root: Path) -> dict[str, columnar.CleanTask]:
    """The tables tekser proves clean, as `check_structure` asks (its foreign keys taken)."""
    import frictionless

    package = Package.open(root)
    try:
        described = frictionless.Package(str(root / "datapackage.json"))
    except frictionless.FrictionlessException:
        return {}  # an invalid descriptor: `check_structure` hands it all to frictionless
    defer_foreign_keys(described, package)
    return columnar.prove_clean(described, package)


def checked_and_proven(root: Path) -> tuple[dict[str, columnar.CleanTask], int, list[Finding]]:
    """`check_structure` on the package, and the tables it took as proven clean: those its own
    call of `prove_clean` returned (the tables `proven` names, read once rather than twice)."""
    clean: dict[str, columnar.CleanTask] = {}

    def prove_clean(described: Any, package: Package) -> dict[str, columnar.CleanTask]:
        clean.update(columnar.prove_clean(described, package))
        return clean

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(structure, "prove_clean", prove_clean)
        checked, findings = check_structure(Package.open(root))
    return clean, checked, findings


def settled() -> None:
    """Right after `check_structure` (whose last step is a collection of the whole heap), what
    lives is set aside (`gc.freeze`): hypothesis's record of the run and frictionless's caches
    grow with every example, and the next example's collection searches only what is made
    since. Nothing is kept that the collection would have freed."""
    gc.freeze()


def differential(table: Table) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = write(table, Path(folder))
        try:
            clean, checked, findings = checked_and_proven(root)
        except TypeError:  # a bound frictionless cannot cast, and compares all the same
            with pytest.raises(TypeError):
                by_frictionless(root)
            return
        settled()
        expected_checked, expected, report = by_frictionless(root)
        tasks = {task.name: task for task in report.tasks}
        for name, task in clean.items():
            oracle = tasks[name]
            # a foreign key is checked apart (`foreign_keys`): its errors may be there
            assert [e.type for e in oracle.errors if e.type != "foreign-key"] == [], name
            assert not oracle.warnings
            assert task.rows == oracle.stats.get("rows", 0)
        event("table proven clean" if "table" in clean else "table handed over")
        assert summary(findings) == summary(expected)
        assert checked == expected_checked


SETTINGS: dict[str, Any] = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}


@settings(derandomize=True, max_examples=400, **SETTINGS)
@given(tables())
def test_columnar_is_frictionless_s_on_a_fixed_seed(table: Table) -> None:
    differential(table)


@settings(max_examples=60, **SETTINGS)
@given(tables())
def test_columnar_is_frictionless_s_on_fresh_examples(table: Table) -> None:
    # fresh examples on every run (and in CI), few of them: a run stays quick
    differential(table)


@settings(derandomize=True, max_examples=150, **SETTINGS)
@given(st.text(alphabet='ab,"\n é\r', max_size=40), st.integers(1, 3))
def test_any_bytes_read_as_python_s_csv_reads_them(text: str, width: int) -> None:
    # records pyarrow may split or unquote otherwise than Python's `csv`: every such table
    # must be frictionless's (string fields, no constraint: only the reading can differ)
    names = [f"f{index}" for index in range(width)]
    table = Table("table", [{"name": name, "type": "string"} for name in names], [])
    with tempfile.TemporaryDirectory() as folder:
        root = write(table, Path(folder))
        content = (",".join(names) + "\n" + text).encode("utf-8")
        (root / "table.csv").write_bytes(content)
        descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
        descriptor["resources"][1] |= {
            "bytes": len(content),
            "hash": "sha256:" + hashlib.sha256(content).hexdigest(),
        }
        (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
        clean, _, findings = checked_and_proven(root)
        settled()
        _, expected, report = by_frictionless(root)
        if "table" in clean:
            task = next(task for task in report.tasks if task.name == "table")
            assert task.errors == [] and task.warnings == []
            assert clean["table"].rows == task.stats.get("rows", 0)
        assert summary(findings) == summary(expected)


# --- the checker covers what it should --------------------------------------------------------


def test_archive_like_tables_are_proven_clean(tmp_path: Path) -> None:
    # every type and constraint of tekser's own schemas: proven, not handed over
    specs = [
        {"name": "id", "type": "string", "constraints": {"required": True, "unique": True,
                                                        "pattern": "[a-z0-9][a-z0-9.-]*"}},
        {"name": "kind", "type": "string", "constraints": {"enum": ["count", "share"]}},
        {"name": "start", "type": "integer", "constraints": {"required": True, "minimum": 0}},
        {"name": "value", "type": "number"},
        {"name": "year", "type": "year"},
        {"name": "on", "type": "date", "constraints": {"required": True}},
        {"name": "exact", "type": "boolean"},
        {"name": "quote", "type": "string"},
    ]  # fmt: skip
    rows = [
        ["a.1", "count", "0", "1.5", "1927", "1927-01-01", "true", 'say "hi", then\nleave'],
        ["a.2", "", "17", "-3", "", "1928-02-29", "0", ""],
    ]
    table = Table("table", specs, rows, primary_key=["id"], missing_values=[""])
    root = write(table, tmp_path)
    assert set(proven(root)) == {"parent", "table"}
    assert proven(root)["table"].rows == 2
    assert check_structure(Package.open(root)) == (2, [])


def test_a_row_of_missing_values_is_frictionless_s_blank_row(tmp_path: Path) -> None:
    specs = [{"name": "n", "type": "integer"}, {"name": "s", "type": "string"}]
    table = Table("table", specs, [["1", "a"], ["NA", "NA"]], missing_values=["", "NA"])
    root = write(table, tmp_path)
    assert set(proven(root)) == {"parent"}
    _, findings = check_structure(Package.open(root))
    assert [f.message for f in findings] == ['table row 3: Row at position "3" is completely blank']


def test_an_empty_line_where_empty_cells_are_not_missing(tmp_path: Path) -> None:
    # to pyarrow an empty line is a row of empty cells, which strings without missing values
    # would take; to Python's `csv` it is a record of no cell at all
    table = Table("table", [{"name": "s", "type": "string"}], [["a"], None, ["b"]])
    table.missing_values = []
    root = write(table, tmp_path)
    assert set(proven(root)) == {"parent"}
    _, findings = check_structure(Package.open(root))
    assert findings
    assert summary(findings) == summary(by_frictionless(root)[1])


@pytest.mark.parametrize(
    "pattern",
    ["[a-z]+", "[A-Za-z0-9][A-Za-z0-9._-]*", "\\[[0-9]+\\]|/[0-9]+/", "[IVXLC]+", "(a|b){2,3}?"],
)
def test_portable_patterns(pattern: str) -> None:
    assert columnar._portable(pattern)


@pytest.mark.parametrize(
    "pattern",
    ["\\d+", "\\w", "(?i)a", "(?P<x>a)", "a{,3}", "a*+", "[[:alpha:]]", "[]a]", "a{2}{3}",
     "[\\d]", "a(?=b)", "(a)\\1", "a{1", "[a-z-0]", "x{2000}"],
)  # fmt: skip
def test_patterns_left_to_frictionless_s_reader(pattern: str) -> None:
    assert not columnar._portable(pattern)
