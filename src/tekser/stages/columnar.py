"""Structure at columnar speed: plain CSV tables proven clean with pyarrow, a column at a time,
so that frictionless's row loop runs only where there may be something to report.

frictionless validates a table in Python, a cell at a time: on an archive of a million figures
that is most of the structure stage. tekser first reads each plain CSV table with pyarrow, in
batches, and checks it against its Table Schema with vectorised kernels. A table proven clean
is taken as frictionless reports a clean table (its rows, no error); every other table is
validated by frictionless, whose errors are the ones reported: tekser never says itself what
is wrong with a table.

It is sound by construction: it calls a table clean only when it has checked everything
frictionless checks there, as frictionless does, and hands the table over at the first doubt
(whatever it does not cover, fails, raises or looks unusual). What it proves, and how:

- the reading, learnt from frictionless, which opens a copy of the resource (its sample only):
  utf-8, commas, doubled double quotes, no escape character, no initial spaces, one header row
  of the field names, no comment or blank-row rule, no header error. The bytes are read once:
  their count and hash (md5 or sha256, as declared) and Python's own utf-8 decoding; a BOM, a
  carriage return, a NUL or a quoted header hands the table over. pyarrow's CSV parser splits
  and unquotes the records as Python's `csv` reader does with that dialect, malformed quoting
  too (a quote inside a cell, text after a closing quote); a record of another width than the
  header is an error of its own, an empty line a row of empty cells (handed over).
- the cells, field by field: missing values (the field's, or the schema's) and `required`;
  the types as frictionless casts them, on a part of what it accepts that pyarrow reads to the
  same values (integers and years of plain digits, numbers of plain digits and one decimal
  character, group and decimal characters as declared, ISO dates of days that exist, booleans
  among the field's true and false values); `minimum`, `maximum` and their exclusive forms,
  `enum`, `minLength`, `maxLength`, and a `pattern` whose syntax means the same to RE2 as to
  Python's `re`. Any other type, format or pattern: frictionless's own cell reader, on each
  distinct cell of the column (a few tens of thousands at most).
- the table: no blank row; `unique` fields and the primary key without a duplicate (of typed
  values, as frictionless compares them) nor a key of missing cells only; `rows`, `fields`.

A table whose schema keeps a foreign key (one `foreign_keys` did not take) is frictionless's;
`foreign_keys` reads the one-field keys between tables proven clean here as they were read;
`formulas` scans the text cells for what a spreadsheet would run, as they are read.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tekser.package.descriptor import Package
from tekser.stages.formulas import FormulaScan, Found
from tekser.stages.patterns import portable as _portable

BLOCK_SIZE = 1 << 21  # bytes pyarrow parses at once; a longer record hands its table over
MAX_DISTINCT = 50_000  # distinct cells of one field given to frictionless's reader, at most
_CHUNK = 1 << 22
_INTEGER = r"^-?[0-9]{1,18}$"  # within int64, and read by `int` to the same value
_YEAR = r"^[0-9]{4}$"
_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_BOUNDS = {"minimum": "greater_equal", "maximum": "less_equal",
           "exclusiveMinimum": "greater", "exclusiveMaximum": "less"}  # fmt: skip

# What became of the CSV tables of the packages checked in this process: "columnar", proven
# clean here; "frictionless", handed over to frictionless.
COUNTS: Counter[str] = Counter()


def _arrow() -> tuple[Any, Any]:
    """pyarrow and its compute functions, imported when first needed (they are heavy)."""
    import pyarrow
    import pyarrow.compute

    return pyarrow, pyarrow.compute


class _Unproven(Exception):
    """The table is not proven clean: it is frictionless's to validate."""


@dataclass(frozen=True, slots=True)
class CleanTask:
    """What frictionless's report says of a table it finds clean, as tekser reads a report's
    task: its name, the rows read, no error and no warning."""

    name: str
    rows: int
    formulas: Found  # the cells a spreadsheet would run, found as the table was read
    errors: tuple[Any, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def stats(self) -> dict[str, int]:
        return {"rows": self.rows}


def prove_clean(described: Any, package: Package) -> dict[str, CleanTask]:
    """The CSV tables of a frictionless package that tekser proves clean, by name; the others,
    and every resource that is not such a table, are frictionless's to validate."""
    from frictionless.resources import TableResource

    clean: dict[str, CleanTask] = {}
    for resource in described.resources:
        if not (isinstance(resource, TableResource) and resource.format == "csv"):
            continue
        try:
            clean[resource.name] = CleanTask(resource.name, *_prove(resource, package))
        except Exception:  # whatever it is, frictionless is to say what it makes of the table
            COUNTS["frictionless"] += 1
        else:
            COUNTS["columnar"] += 1
    return clean


def _prove(resource: Any, package: Package) -> tuple[int, Found]:
    """The number of rows of a table frictionless validates without an error or a warning,
    and its cells a spreadsheet would run; raises when that is not proven."""
    from frictionless import Detector, helpers

    schema = resource.schema
    if not (
        isinstance(resource.path, str)
        and schema
        and schema.fields
        and not schema.foreign_keys
        and resource.detector == Detector()
    ):
        raise _Unproven
    resource.to_descriptor(validate=True)  # its metadata errors are frictionless's to give
    algorithm, expected = (
        helpers.parse_resource_hash_v1(resource.hash) if resource.hash else ("", "")
    )
    if algorithm not in ("", "md5", "sha256"):
        raise _Unproven  # frictionless warns that it ignores the hash
    path, fields = _open(resource, package)
    size, digest = _read_bytes(path, algorithm, [field.name for field in fields])
    if (resource.bytes and resource.bytes != size) or digest != expected:
        raise _Unproven
    scan = FormulaScan(fields)
    rows = _read_table(path, fields, list(schema.primary_key), scan)
    if resource.rows not in (None, 0, rows) or resource.fields not in (None, 0, len(fields)):
        raise _Unproven
    return rows, scan.found


def _open(resource: Any, package: Package) -> tuple[Path, list[Any]]:
    """Open a copy of the resource with frictionless (its sample only) and check that it reads
    the file as a plain comma CSV with the field names as its header; the file and the fields
    frictionless expects."""
    copy = resource.to_copy()
    with copy:
        dialect = copy.dialect
        if not (
            copy.format == "csv"
            and copy.scheme == "file"
            and not (copy.compression or copy.innerpath or copy.multipart)
            and not (copy.remote or copy.memory)
            and codecs.lookup(copy.encoding).name == "utf-8"
            and dialect.has_control("csv")
            and dialect.header
            and dialect.header_rows == [1]
            and dialect.header_case
            and not (dialect.comment_char or dialect.comment_rows or dialect.skip_blank_rows)
            and not copy.header.errors
        ):
            raise _Unproven
        python = dialect.get_control("csv").to_python()
        read_as = (python.delimiter, python.quotechar, python.doublequote, python.escapechar)
        if read_as != (",", '"', True, None) or python.skipinitialspace:
            raise _Unproven
        if python.quoting != csv.QUOTE_MINIMAL:
            raise _Unproven
        fields = list(copy.header.get_expected_fields())
        names = [field.name for field in copy.schema.fields]
        if list(copy.labels) != names or [field.name for field in fields] != names:
            raise _Unproven
        path = package.resolve(copy.path, where=copy.name)
        if not path.is_file() or path != Path(copy.normpath).resolve():
            raise _Unproven
    return path, fields


def _read_bytes(path: Path, algorithm: str, names: list[str]) -> tuple[int, str]:
    """The size of the file and its hash (by the declared algorithm, "" for none), once it is
    known to be utf-8 without a BOM, a carriage return or a NUL, and to start with the header
    `names` on a line of its own, unquoted."""
    digest = hashlib.new(algorithm) if algorithm else None
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    size, header = 0, b""
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            if b"\r" in chunk or b"\0" in chunk:
                raise _Unproven
            if size == 0 and chunk.startswith(codecs.BOM_UTF8):
                raise _Unproven
            if b"\n" not in header:
                header += chunk[: chunk.find(b"\n") + 1 or len(chunk)]
            decoder.decode(chunk)
            if digest is not None:
                digest.update(chunk)
            size += len(chunk)
    decoder.decode(b"", final=True)
    labels = header.rstrip(b"\n")
    if b'"' in labels or labels.decode("utf-8").split(",") != names:
        raise _Unproven
    return size, digest.hexdigest() if digest is not None else ""


def _records(path: Path, width: int, include: list[int] | None = None) -> Any:
    """The records of a plain comma CSV file after its header, batch after batch, each cell
    a string (the columns `include` only, if given)."""
    pa, _ = _arrow()
    import pyarrow.csv as pacsv

    names = [f"c{index}" for index in range(width)]
    read = pacsv.ReadOptions(
        column_names=names, skip_rows=1, block_size=BLOCK_SIZE, use_threads=False
    )
    parse = pacsv.ParseOptions(delimiter=",", quote_char='"', double_quote=True, escape_char=False,
                               newlines_in_values=True, ignore_empty_lines=False)  # fmt: skip
    kept = [names[index] for index in include or range(width)]
    convert = pacsv.ConvertOptions(column_types={name: pa.string() for name in names},
                                   strings_can_be_null=False, quoted_strings_can_be_null=False,
                                   check_utf8=True, include_columns=kept)  # fmt: skip
    return pacsv.open_csv(
        str(path), read_options=read, parse_options=parse, convert_options=convert
    )


def key_cells(path: Path, width: int, index: int, missing: frozenset[str]) -> Any:
    """One column of a table proven clean, read as it was proven: strings, null where a cell
    is missing (as frictionless reads a key's cells)."""
    pa, pc = _arrow()
    absent = pa.array(sorted(missing), pa.string())
    chunks = []
    for batch in _records(path, width, [index]):
        cells = batch.column(0)
        chunks.append(pc.if_else(pc.is_in(cells, value_set=absent), None, cells))
    return pa.chunked_array(chunks, pa.string())


def dangling(cells: Any, lookup: Any) -> list[tuple[int, str]]:
    """The rows (from 0) and cells of the cells present that no present cell of `lookup`
    equals: a one-field foreign key's violations."""
    _, pc = _arrow()
    known = pc.drop_null(lookup.combine_chunks())
    bad = pc.and_(pc.is_valid(cells), pc.invert(pc.is_in(cells, value_set=known)))
    rows = pc.indices_nonzero(bad.combine_chunks())
    return list(zip(rows.to_pylist(), pc.take(cells, rows).to_pylist(), strict=True))


def _read_table(path: Path, fields: list[Any], primary_key: list[str], scan: FormulaScan) -> int:
    """Read the records of the table with pyarrow, check every cell and the keys (`scan`
    looks at the text ones too); the number of rows."""
    _, pc = _arrow()
    columns = [_Column(field, field.name in primary_key) for field in fields]
    reader = _records(path, len(fields))
    rows = 0
    for batch in reader:
        scan.batch(batch, rows)
        rows += batch.num_rows
        blank = empty = None
        for index, column in enumerate(columns):
            cells = batch.column(index)
            missing, nothing = column.check(cells), pc.equal(cells, "")
            blank = missing if blank is None else pc.and_(blank, missing)
            empty = nothing if empty is None else pc.and_(empty, nothing)
        # a row of missing cells only is a blank row; one of empty cells only, an empty line
        # (a record without a cell to Python's `csv`, of empty cells to pyarrow's parser)
        if _any(blank) or _any(empty):
            raise _Unproven
    for column in columns:
        column.finish()
    _check_primary_key([column for column in columns if column.keyed], rows)
    return rows


class _Column:
    """How the cells of one field are checked, batch after batch, and what is kept of them."""

    def __init__(self, field: Any, keyed: bool) -> None:
        pa, _ = _arrow()
        self.field, self.keyed = field, keyed
        self.unique = bool(field.constraints.get("unique"))
        values = field.missing_values
        if not field.has_defined("missing_values") and field.schema:
            values = field.schema.missing_values  # as frictionless's cell reader takes them
        self.missing = pa.array(sorted(set(values)), pa.string())
        self.constraints = {k: v for k, v in field.constraints.items() if k != "unique"}
        self.value = field.create_value_reader()  # frictionless's, for the constraints' values
        self.typed: list[Any] = []  # the typed cells of a unique or key field, batch by batch
        self.distinct: set[str] | None = None  # the cells for frictionless's own reader
        self.read = self._reader()
        if self.read is None:
            if (keyed or self.unique) and field.type != "string":
                raise _Unproven  # its typed values are not known here (a string's: itself)
            self.distinct = set()

    def _reader(self) -> Any:
        """The vectorised reading of the field's cells, or None when it is not covered."""
        field, handled = self.field, {"required"}
        kind = field.type
        if kind == "string":
            handled |= {"minLength", "maxLength", "enum"}
            if _portable(self.constraints.get("pattern", "")):
                handled.add("pattern")
            reader = _read_string if field.format == "default" else None
        elif kind in ("integer", "year"):
            handled |= {"enum", *_BOUNDS}
            reader = _read_integer
        elif kind == "number" and not field.float_number and _number_chars(field) is not None:
            handled |= {"enum", *_BOUNDS}
            reader = _read_number
        elif kind == "date" and field.format == "default":
            handled |= {"enum", *_BOUNDS}
            reader = _read_date
        elif kind == "boolean":
            handled.add("enum")
            reader = _read_boolean
        else:
            reader = None
        return reader if set(self.constraints) <= handled else None

    def check(self, cells: Any) -> Any:
        """Check a batch of the field's cells; the mask of its missing cells."""
        pa, pc = _arrow()
        missing = pc.is_in(cells, value_set=self.missing)
        if self.constraints.get("required") and _any(missing):
            raise _Unproven
        if self.distinct is not None:
            self.distinct.update(pc.unique(cells).to_pylist())
            if len(self.distinct) > MAX_DISTINCT:
                raise _Unproven
            if self.keyed or self.unique:
                self.typed.append(pc.if_else(missing, pa.scalar(None, pa.string()), cells))
            return missing
        plain = set(self.constraints) <= {"required"}
        if self.read is _read_string and plain and not (self.keyed or self.unique):
            return missing  # any string will do
        values = pc.if_else(missing, pa.scalar(None, pa.string()), cells)  # missing: null
        typed = self.read(values, self.field)
        self._constrain(values, typed)
        if self.keyed or self.unique:
            self.typed.append(typed)
        return missing

    def _constrain(self, values: Any, typed: Any) -> None:
        """Check the field's constraints on a batch: its cells as strings, and as typed."""
        pa, pc = _arrow()
        constraints = self.constraints
        if "minLength" in constraints:
            _require(pc.greater_equal(pc.utf8_length(values), constraints["minLength"]))
        if "maxLength" in constraints:
            _require(pc.less_equal(pc.utf8_length(values), constraints["maxLength"]))
        if "pattern" in constraints:  # as frictionless compiles it: `^{pattern}$`, matched
            anchored = "^(?:^" + constraints["pattern"] + "$)"
            _require(pc.match_substring_regex(values, anchored))
        for name, compare in _BOUNDS.items():
            if name in constraints:
                bound = _scalar(self.value(constraints[name]), typed.type)
                _require(getattr(pc, compare)(typed, bound))
        if "enum" in constraints:
            allowed = [self.value(item) for item in constraints["enum"]]
            values_set = pa.array(
                [_scalar(item, typed.type).as_py() for item in allowed if item is not None],
                typed.type,
            )
            _require(pc.or_(pc.is_null(typed), pc.is_in(typed, value_set=values_set)))

    def finish(self) -> None:
        """After the last batch: the distinct cells through frictionless's own reader, and the
        `unique` constraint."""
        pa, pc = _arrow()
        if self.distinct is not None:
            reader = self.field.create_cell_reader()
            for cell in self.distinct:
                if cell is not None and reader(cell)[1]:
                    raise _Unproven
        if self.unique and self.typed:
            values = pa.chunked_array(self.typed)
            present = len(values) - values.null_count
            if pc.count_distinct(values, mode="only_valid").as_py() != present:
                raise _Unproven


def _check_primary_key(columns: list[_Column], rows: int) -> None:
    """No two rows with the same key, and none whose key cells are all missing (frictionless
    compares the tuples of typed cells, a missing one as None)."""
    pa, pc = _arrow()
    if not columns or rows == 0:
        return
    keys = pa.table({f"k{i}": pa.chunked_array(c.typed) for i, c in enumerate(columns)})
    none = keys.column(0).is_null()
    for column in keys.columns[1:]:
        none = pc.and_(none, column.is_null())
    if _any(none):
        raise _Unproven
    if keys.group_by(keys.column_names).aggregate([]).num_rows != rows:
        raise _Unproven


def _read_string(values: Any, field: Any) -> Any:
    return values


def _read_integer(values: Any, field: Any) -> Any:
    pa, pc = _arrow()
    # `int` strips spaces, takes signs, underscores and other digits too: plain digits only
    # here, the others (and frictionless's bareNumber stripping) are frictionless's
    _require(pc.match_substring_regex(values, _YEAR if field.type == "year" else _INTEGER))
    return pc.cast(values, pa.int64())


def _number_chars(field: Any) -> tuple[str, str] | None:
    """The group and decimal characters of a number field, when tekser reads them as
    frictionless does: a decimal character that is one non-digit, and a group character
    (possibly none) that is neither it nor a digit or sign."""
    group, decimal = field.group_char, field.decimal_char
    if len(decimal) != 1 or decimal.isdigit() or decimal in "+-" or decimal in group:
        return None
    if any(char.isdigit() or char in "+-" for char in group):
        return None
    return group, decimal


def _read_number(values: Any, field: Any) -> Any:
    pa, pc = _arrow()
    chars = _number_chars(field)
    if chars is None:
        raise _Unproven
    group, decimal = chars
    text = pc.replace_substring(values, group, "") if group else values
    pattern = r"^-?[0-9]{1,18}(?:" + re.escape(decimal) + r"[0-9]{1,18})?$"
    _require(pc.match_substring_regex(text, pattern))
    if decimal != ".":
        text = pc.replace_substring(text, decimal, ".")
    return pc.cast(text, pa.decimal128(38, 18))  # exact: as `Decimal` compares


def _read_date(values: Any, field: Any) -> Any:
    pa, pc = _arrow()
    _require(pc.match_substring_regex(values, _DATE))
    _require(pc.invert(pc.starts_with(values, "0000")))  # `datetime` starts at year 1
    return pc.cast(values, pa.date32())  # raises on a day that does not exist


def _read_boolean(values: Any, field: Any) -> Any:
    pa, pc = _arrow()
    known = pa.array([*field.true_values, *field.false_values], pa.string())
    _require(pc.or_(pc.is_null(values), pc.is_in(values, value_set=known)))
    # a cell among both is false, as frictionless maps them (the false values last)
    false = pc.is_in(values, value_set=pa.array(list(field.false_values), pa.string()))
    return pc.if_else(pc.is_null(values), pa.scalar(None, pa.bool_()), pc.invert(false))


def _scalar(value: Any, kind: Any) -> Any:
    """A constraint's value (as frictionless's value reader casts it) as a pyarrow scalar of
    the column's type; raises when it has no exact one."""
    import datetime
    from decimal import Decimal

    import pyarrow as pa

    if value is None or (isinstance(value, bool) and not pa.types.is_boolean(kind)):
        raise _Unproven
    if pa.types.is_decimal(kind):
        number = Decimal(value)
        if not number.is_finite() or number != number.quantize(Decimal(1).scaleb(-18)):
            raise _Unproven
        return pa.scalar(number, kind)
    if pa.types.is_date(kind) and (
        isinstance(value, datetime.datetime) or not isinstance(value, datetime.date)
    ):
        raise _Unproven
    return pa.scalar(value, kind)


def _require(mask: Any) -> None:
    """Every cell holds (a missing one, null, is not asked)."""
    _, pc = _arrow()
    if _any(pc.invert(mask)):
        raise _Unproven


def _any(mask: Any) -> bool:
    return bool(_arrow()[1].any(mask).as_py())
