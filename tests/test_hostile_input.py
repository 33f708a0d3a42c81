"""Hostile input (issue 25, items 3 and 4): no URL of a descriptor reaches the network, and
nothing a package holds — descriptor, Table Schema, table, zip — is read past its bounds.

Each probe is a small package broken one way, validated through the CLI in-process (a
traceback fails the test): its exact finding or one-line error, and its exit code. A real
listener on 127.0.0.1 stands in for the network: every URL points at it, and it must see no
connection.
"""

from __future__ import annotations

import csv
import json
import os
import socket
import struct
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tekser.core.errors import TekserError
from tekser.core.limits import set_limits
from tekser.package.descriptor import Package
from tests.conftest import run, run_json, tree_digest

Descriptor = dict[str, Any]

# --- a plain package of two tables, validated by its structure alone (fast) -------------------

SCHEMA: Descriptor = {
    "fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"}],
    "primaryKey": ["id"],
}


def plain_package(root: Path, change: Callable[[Descriptor], None] | None = None) -> Path:
    """Tables `items` (its Table Schema in a file) and `other`, both valid; `change` edits
    the descriptor first."""
    (root / "data").mkdir(parents=True)
    (root / "data" / "items.csv").write_text("id,name\n1,a\n2,b\n", encoding="utf-8")
    (root / "data" / "other.csv").write_text("id,name\n1,x\n", encoding="utf-8")
    (root / "items.schema.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    descriptor: Descriptor = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "plain",
        "resources": [
            {"name": "items", "type": "table", "path": "data/items.csv", "format": "csv",
             "schema": "items.schema.json"},
            {"name": "other", "type": "table", "path": "data/other.csv", "format": "csv",
             "schema": dict(SCHEMA)},
        ],
    }  # fmt: skip
    if change is not None:
        change(descriptor)
    (root / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    return root


def items(descriptor: Descriptor) -> Descriptor:
    resource: Descriptor = descriptor["resources"][0]
    return resource


def critical(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in report["findings"] if f["severity"] == "critical"]


def assert_one_line_error(result: Result, *needles: str) -> None:
    """Exit 2, nothing on stdout, one `Error: …` line on stderr naming every needle."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in result.stderr, (needle, result.stderr)


# --- no network -------------------------------------------------------------------------------


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection it accepts."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.05)
        self.port = self.server.getsockname()[1]
        self.connections: list[Any] = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                connection, address = self.server.accept()
            except (TimeoutError, OSError):
                continue
            self.connections.append(address)
            connection.close()

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=5)
        self.server.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.stop()
    assert not server.thread.is_alive()


Change = Callable[[Descriptor, str, Path], None]


def _set(where: str, key: str) -> Change:
    def change(descriptor: Descriptor, url: str, root: Path) -> None:
        node = descriptor if where == "package" else items(descriptor)
        if key == "url":
            node.pop("path")
        node[key] = [url] if key == "profiles" else url

    return change


def _in_schema_file(key: str) -> Change:
    def change(descriptor: Descriptor, url: str, root: Path) -> None:
        schema = json.dumps({**SCHEMA, key: url})
        (root / "items.schema.json").write_text(schema, encoding="utf-8")

    return change


def _in_dialect(descriptor: Descriptor, url: str, root: Path) -> None:
    items(descriptor)["dialect"] = {"$schema": url, "delimiter": ","}


NOT_FETCHED = "was not fetched — tekser never reaches the network"
# each URL-bearing field: how it is set, its rule, where the finding says it is, its message
REMOTE_PARTS = {
    "package profile": (_set("package", "profile"), "structure.remote-profile", "the package",
                        f"profile '{{url}}' {NOT_FETCHED}"),
    "package profiles": (_set("package", "profiles"), "structure.remote-profile", "the package",
                         f"profile '{{url}}' {NOT_FETCHED}"),
    "package $schema": (_set("package", "$schema"), "structure.remote-profile", "the package",
                        f"$schema '{{url}}' {NOT_FETCHED}"),
    "resource profile": (_set("resource", "profile"), "structure.remote-profile", "items",
                         f"profile '{{url}}' {NOT_FETCHED}"),
    "resource $schema": (_set("resource", "$schema"), "structure.remote-profile", "items",
                         f"$schema '{{url}}' {NOT_FETCHED}"),
    "resource dialect": (_set("resource", "dialect"), "structure.remote-dialect", "items",
                         "remote dialect '{url}' was not read — tekser never reaches the "
                         "network; the table was not validated"),
    "resource schema": (_set("resource", "schema"), "structure.remote-schema", "items",
                        "remote schema '{url}' was not read — tekser never reaches the "
                        "network; the table was not validated"),
    "resource path": (_set("resource", "path"), "structure.remote-resource", "items",
                      "remote path '{url}' was not read — tekser never reaches the network"),
    "resource url": (_set("resource", "url"), "structure.remote-resource", "items",
                     "remote path '{url}' was not read — tekser never reaches the network"),
    "schema file $schema": (_in_schema_file("$schema"), "structure.remote-profile", "items",
                            f"schema.$schema '{{url}}' {NOT_FETCHED}"),
    "schema file profile": (_in_schema_file("profile"), "structure.remote-profile", "items",
                            f"schema.profile '{{url}}' {NOT_FETCHED}"),
    "inline dialect $schema": (_in_dialect, "structure.remote-profile", "items",
                               f"dialect.$schema '{{url}}' {NOT_FETCHED}"),
}  # fmt: skip
# the remote part leaves the table out (it cannot be read as the package says)
LEAVES_TABLE_OUT = {"resource dialect", "resource schema", "resource path", "resource url"}


@pytest.mark.parametrize("case", sorted(REMOTE_PARTS))
def test_a_url_in_a_descriptor_is_a_finding_and_never_fetched(
    case: str, listener: Listener, tmp_path: Path
) -> None:
    change, rule, where, message = REMOTE_PARTS[case]
    url = listener.url(f"{case.replace(' ', '-')}.json")
    package = tmp_path / "package"
    plain_package(package, lambda descriptor: change(descriptor, url, package))
    before = tree_digest(tmp_path)
    code, report = run_json("validate", str(package))
    assert listener.connections == []
    assert code == 1
    (finding,) = critical(report)
    assert finding["rule"] == rule
    assert finding["message"].startswith(f"{where}: {message.format(url=url)}")
    # the rest is validated: both tables, or the other one alone
    checked = 1 if case in LEAVES_TABLE_OUT else 2
    assert report["summary"]["stages"]["structure"] == checked
    assert tree_digest(tmp_path) == before


STANDARD = [
    ("profile", "data-package", "tabular-data-resource"),
    ("profile", "https://specs.frictionlessdata.io/schemas/data-package.json",
     "https://specs.frictionlessdata.io/schemas/tabular-data-resource.json"),
    ("profile", "http://specs.frictionlessdata.io/schemas/tabular-data-package.json",
     "http://specs.frictionlessdata.io/schemas/tabular-data-resource.json"),
    ("profile", "https://datapackage.org/profiles/1.0/datapackage.json",
     "https://datapackage.org/profiles/1.0/dataresource.json"),
    ("profile", "https://datapackage.org/profiles/2.0/datapackage.json",
     "https://datapackage.org/profiles/2.0/dataresource.json"),
    ("$schema", "https://datapackage.org/profiles/1.0/datapackage.json",
     "https://datapackage.org/profiles/1.0/dataresource.json"),
    ("$schema", "https://specs.frictionlessdata.io/schemas/data-package.json",
     "https://specs.frictionlessdata.io/schemas/data-resource.json"),
]  # fmt: skip


@pytest.mark.parametrize(("key", "package_value", "resource_value"), STANDARD)
def test_a_standard_profile_is_checked_offline(
    key: str,
    package_value: str,
    resource_value: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """By name or by its URL of any version: no connection, not even a name looked up, and
    no finding — frictionless checks it with what it ships."""
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise OSError("no network in tests")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)

    def change(descriptor: Descriptor) -> None:
        descriptor[key] = package_value
        for resource in descriptor["resources"]:
            resource[key] = resource_value

    package = plain_package(tmp_path / "package", change)
    code, report = run_json("validate", str(package))
    assert attempts == []
    assert critical(report) == []
    assert code == 0
    assert report["summary"]["stages"]["structure"] == 2


def test_a_profile_that_is_no_standard_one_is_neither_fetched_nor_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """frictionless turns `fiscal-data-package` into a URL it fetches, and reads a profile
    that is a plain path from the current folder: neither is given to it."""
    attempts: list[Any] = []
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: attempts.append(a))
    monkeypatch.chdir(tmp_path)

    def change(descriptor: Descriptor) -> None:
        descriptor["profile"] = "fiscal-data-package"
        items(descriptor)["profile"] = "data-package"  # a package's profile on a resource

    package = plain_package(tmp_path / "package", change)
    code, report = run_json("validate", str(package))
    assert attempts == []
    assert code == 1
    assert sorted((f["rule"], f["message"]) for f in critical(report)) == [
        (
            "structure.unknown-profile",
            f"{where}: profile {value!r} is none of the standard Data Package profiles of a "
            f"{kind} ({names}) and was not checked",
        )
        for where, value, kind, names in (
            ("items", "data-package", "resource", "data-resource, tabular-data-resource"),
            ("the package", "fiscal-data-package", "package", "data-package, tabular-data-package"),
        )
    ]


# --- nesting depth and size of documents --------------------------------------------------------


def test_a_descriptor_nested_too_deep_is_one_line(tmp_path: Path) -> None:
    package = plain_package(tmp_path / "package")
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    text = json.dumps(descriptor)[:-1] + ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    (package / "datapackage.json").write_text(text, encoding="utf-8")
    assert_one_line_error(
        run("validate", str(package)),
        "datapackage.json: its nesting depth is 100,001 where at most 64 is allowed "
        "(raise with --limit depth=N); not read",
    )


@pytest.mark.parametrize(
    "nested",
    [
        pytest.param("[" * 100_000 + "]" * 100_000, id="flow"),
        pytest.param("".join(f"\n{'  ' * i}k:" for i in range(1, 200)) + " 1", id="block"),
    ],
)
def test_a_yaml_descriptor_nested_too_deep_is_one_line(tmp_path: Path, nested: str) -> None:
    package = plain_package(tmp_path / "package")
    (package / "datapackage.json").unlink()
    (package / "datapackage.yaml").write_text(
        "name: plain\nresources: []\nx: " + nested + "\n", encoding="utf-8"
    )
    assert_one_line_error(
        run("validate", str(package)),
        "datapackage.yaml: its nesting depth is 65 where at most 64 is allowed "
        "(raise with --limit depth=N); not read",
    )


def test_yaml_aliases_cannot_nest_or_expand_past_the_bounds(tmp_path: Path) -> None:
    """Each anchor nests the one before 40 levels deeper (1 + 4 × 40 in all): within the
    bound by the text's brackets, past it by the nodes they build; and nine anchors of a
    thousand items each expand to 10^27."""
    package = plain_package(tmp_path / "package")
    (package / "datapackage.json").unlink()
    deep = ["name: plain", "resources: []", "a0: &a0 1"]
    for level in range(1, 5):
        deep.append(f"a{level}: &a{level} " + "[" * 40 + f"*a{level - 1}" + "]" * 40)
    (package / "datapackage.yaml").write_text("\n".join(deep) + "\n", encoding="utf-8")
    assert_one_line_error(
        run("validate", str(package)), "datapackage.yaml: its nesting depth is 161 where"
    )
    bomb = ["name: plain", "resources: []", "b0: &b0 [" + ", ".join(["x"] * 1000) + "]"]
    for level in range(1, 10):
        bomb.append(f"b{level}: &b{level} [" + ", ".join([f"*b{level - 1}"] * 1000) + "]")
    (package / "datapackage.yaml").write_text("\n".join(bomb) + "\n", encoding="utf-8")
    assert_one_line_error(
        run("validate", str(package)),
        "datapackage.yaml: the number of values it expands to is",
        "(raise with --limit document-bytes=N) (through its aliases); not read",
    )


def test_a_table_schema_nested_too_deep_is_one_line(tmp_path: Path) -> None:
    package = plain_package(tmp_path / "package")
    schema = json.dumps(SCHEMA)[:-1] + ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    (package / "items.schema.json").write_text(schema, encoding="utf-8")
    for command in ("validate", "review"):
        assert_one_line_error(
            run(command, str(package)),
            "schema of 'items': items.schema.json: its nesting depth is 100,001 where at "
            "most 64 is allowed (raise with --limit depth=N); not read",
        )


def test_documents_are_bounded_by_size_before_they_are_read(tmp_path: Path) -> None:
    package = plain_package(tmp_path / "package")
    size = (package / "datapackage.json").stat().st_size
    assert_one_line_error(
        run("validate", str(package), "--limit", "document-bytes=100"),
        f"datapackage.json: its size in bytes is {size:,} where at most 100 is allowed "
        "(raise with --limit document-bytes=N); not read",
    )
    schema = json.dumps({**SCHEMA, "description": "x" * 4000})
    (package / "items.schema.json").write_text(schema, encoding="utf-8")
    assert_one_line_error(
        run("validate", str(package), "--limit", "document-bytes=3K"),
        f"schema of 'items': items.schema.json: its size in bytes is {len(schema):,} where "
        "at most 3,072 is allowed (raise with --limit document-bytes=N); not read",
    )
    # raised, the same package passes
    assert run("validate", str(package), "--limit", "document-bytes=5K").exit_code == 0


# --- tables -------------------------------------------------------------------------------------


def write_items(package: Path, text: str | bytes) -> None:
    data = text.encode("utf-8") if isinstance(text, str) else text
    (package / "data" / "items.csv").write_bytes(data)


def one_critical(report: dict[str, Any]) -> tuple[str, str]:
    (finding,) = critical(report)
    return finding["rule"], finding["message"]


def test_a_header_of_too_many_cells_is_a_finding_and_the_table_is_not_parsed(
    tmp_path: Path,
) -> None:
    package = plain_package(tmp_path / "package")
    header = ",".join(["id", "name", *(f"c{i}" for i in range(48))])
    write_items(package, header + "\n" + ",".join(["1"] * 50) + "\n")
    code, report = run_json("validate", str(package), "--limit", "columns=20")
    assert code == 1
    assert one_critical(report) == (
        "structure.too-many-columns",
        "items: data/items.csv: the number of cells of its header is 50 where at most 20 is "
        "allowed (raise with --limit columns=N)",
    )
    assert report["summary"]["stages"]["structure"] == 1  # the other table, validated
    # quoted, the header is counted by its cells, not its commas
    quoted = ",".join(f'"c,{i}"' for i in range(21))
    write_items(package, quoted + "\n")
    code, report = run_json("validate", str(package), "--limit", "columns=20")
    assert one_critical(report) == (
        "structure.too-many-columns",
        "items: data/items.csv: the number of cells of its header is more than 20, the most "
        "allowed (raise with --limit columns=N)",
    )
    write_items(package, ",".join(f'"c,{i}"' for i in range(20)) + "\n")
    code, report = run_json("validate", str(package), "--limit", "columns=20")
    assert "structure.too-many-columns" not in {f["rule"] for f in critical(report)}


def test_a_line_too_long_is_a_finding_and_the_table_is_not_parsed(tmp_path: Path) -> None:
    package = plain_package(tmp_path / "package")
    write_items(package, b"id,name\n1,a\n2," + b"x" * (2 * 1024**2) + b"\n3,c\n")
    code, report = run_json("validate", str(package), "--limit", "line-bytes=1M")
    assert code == 1
    assert one_critical(report) == (
        "structure.line-too-long",
        "items: data/items.csv: line 3 is longer than 1,048,576 bytes, the most allowed "
        "(raise with --limit line-bytes=N); not read",
    )
    assert report["summary"]["stages"]["structure"] == 1
    # raised, the line is read: the field is all that is long, and within its own bound
    code, report = run_json("validate", str(package), "--limit", "line-bytes=3M")
    assert (code, critical(report)) == (0, [])


def test_a_field_too_large_is_a_finding_and_the_table_is_not_parsed(tmp_path: Path) -> None:
    package = plain_package(tmp_path / "package")
    write_items(package, "id,name\n1,a\n2," + "x" * 5000 + "\n")
    code, report = run_json("validate", str(package), "--limit", "field-bytes=4K")
    assert code == 1
    assert one_critical(report) == (
        "structure.field-too-large",
        "items: data/items.csv: line 3: the length in bytes of a field is 5,000 where at most "
        "4,096 is allowed (raise with --limit field-bytes=N); not read",
    )


def test_a_quoted_field_across_lines_is_bounded_by_the_csv_readers(tmp_path: Path) -> None:
    """Each line of the field is short: the readers' own field limit, set from field-bytes,
    stops it — frictionless's for structure, tekser's for the stages after."""
    package = plain_package(tmp_path / "package")
    write_items(package, 'id,name\n1,"' + "xxxxxxx\n" * 1000 + '"\n')
    code, report = run_json("validate", str(package), "--limit", "field-bytes=4K")
    assert code == 1
    assert one_critical(report) == (
        "structure.source-error",
        "items: The data source has not supported or has inconsistent contents: field larger "
        "than field limit (4096)",
    )
    set_limits(["field-bytes=4K"])
    try:
        _, records = Package.open(package).iter_records("items")
        with pytest.raises(TekserError) as raised:
            list(records)
    finally:
        set_limits()
    assert str(raised.value) == (
        "data/items.csv: line 514: a field is longer than 4,096 characters, where at most "
        "4,096 are allowed (raise with --limit field-bytes=N); not read"
    )


def test_an_honest_long_quote_reads_without_frictionless_imported(tmp_path: Path) -> None:
    """Python's `csv` stops at fields of 128 KiB unless told otherwise (frictionless raises
    that for the whole process once imported): tekser's readers set the bound themselves."""
    package = plain_package(tmp_path / "package")
    write_items(package, 'id,name\n1,"' + "quoted, " * 40_000 + '"\n')
    previous = csv.field_size_limit(128 * 1024)
    try:
        _, records = Package.open(package).iter_records("items")
        assert [len(record[1]) for record in records] == [320_000]
    finally:
        csv.field_size_limit(previous)


def test_a_table_that_is_a_fifo_is_a_finding_and_never_opened_for_reading(
    tmp_path: Path,
) -> None:
    package = plain_package(tmp_path / "package")
    (package / "data" / "items.csv").unlink()
    os.mkfifo(package / "data" / "items.csv")
    code, report = run_json("validate", str(package))
    assert code == 1
    assert one_critical(report) == (
        "structure.not-a-file",
        "items: data/items.csv: is a FIFO (named pipe), not a regular file; not read",
    )


def test_a_resource_of_another_format_that_is_a_fifo_is_left_out_too(tmp_path: Path) -> None:
    """frictionless opens every resource (to count its bytes, to hash it): a FIFO would block
    it whatever its format."""

    def add_text(descriptor: Descriptor) -> None:
        descriptor["resources"].append({"name": "notes", "path": "notes.txt", "format": "txt"})

    package = plain_package(tmp_path / "package", add_text)
    os.mkfifo(package / "notes.txt")
    code, report = run_json("validate", str(package))
    assert code == 1
    assert one_critical(report) == (
        "structure.not-a-file",
        "notes: notes.txt: is a FIFO (named pipe), not a regular file; not read",
    )
    assert report["summary"]["stages"]["structure"] == 2


def test_a_bare_csv_file_is_bounded_too(tmp_path: Path) -> None:
    table = tmp_path / "wide.csv"
    table.write_text(",".join(f"c{i}" for i in range(30)) + "\n", encoding="utf-8")
    code, report = run_json("validate", str(table), "--limit", "columns=20")
    assert code == 1
    assert one_critical(report) == (
        "structure.too-many-columns",
        "wide.csv: wide.csv: the number of cells of its header is 30 where at most 20 is "
        "allowed (raise with --limit columns=N)",
    )


# --- zips ---------------------------------------------------------------------------------------

ZEROS = 10 * 1024**2  # compressed, some 10 KB: a thousand times smaller


def zipped(tmp_path: Path, *, zeros: int = ZEROS) -> Path:
    """The plain package in a zip, with a member of `zeros` zero bytes."""
    package = plain_package(tmp_path / "package")
    archive = tmp_path / "package.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted(package.rglob("*")):
            bundle.write(path, path.relative_to(package).as_posix())
        bundle.writestr("data/zeros.bin", b"\0" * zeros)
    return archive


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder temporary files go to in this test (to see that none is left)."""
    folder = tmp_path / "scratch"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def declared(archive: Path) -> int:
    with zipfile.ZipFile(archive) as bundle:
        return sum(member.file_size for member in bundle.infolist())


def test_a_zip_bomb_is_refused_by_its_ratio_before_unpacking(tmp_path: Path, scratch: Path) -> None:
    archive = zipped(tmp_path)
    size, total = archive.stat().st_size, declared(archive)
    assert total > 200 * size
    assert_one_line_error(
        run("validate", str(archive)),
        f"{archive}: the bytes its members declare (at most 200 times its own size) is "
        f"{total:,} where at most {200 * size:,} is allowed (raise with --limit "
        "unpacked-ratio=N); refused",
    )
    assert list(scratch.iterdir()) == []
    # raised, the same archive is validated
    code, report = run_json("validate", str(archive), "--limit", "unpacked-ratio=10000")
    assert (code, critical(report)) == (0, [])
    assert list(scratch.iterdir()) == []


def test_a_zip_past_the_absolute_bound_is_refused(tmp_path: Path, scratch: Path) -> None:
    archive = zipped(tmp_path, zeros=1024**2)
    total = declared(archive)
    assert_one_line_error(
        run("validate", str(archive), "--limit", "unpacked-bytes=1M",
            "--limit", "unpacked-ratio=100000"),
        f"{archive}: the bytes its members declare is {total:,} where at most 1,048,576 is "
        "allowed (raise with --limit unpacked-bytes=N); refused",
    )  # fmt: skip
    assert list(scratch.iterdir()) == []


def test_a_zip_whose_header_lies_about_sizes_is_refused(tmp_path: Path, scratch: Path) -> None:
    """The central directory says the member of zeros holds 10 bytes: it passes the
    declared sizes, and is refused as it is unpacked."""
    archive = zipped(tmp_path)
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as bundle:
        member = bundle.getinfo("data/zeros.bin")
    entry = data.find(b"PK\x01\x02" + data[member.header_offset + 4 : member.header_offset + 6])
    while data[entry + 46 : entry + 46 + len(b"data/zeros.bin")] != b"data/zeros.bin":
        entry = data.find(b"PK\x01\x02", entry + 4)
    struct.pack_into("<I", data, entry + 24, 10)  # the uncompressed size
    struct.pack_into("<I", data, member.header_offset + 22, 10)
    archive.write_bytes(bytes(data))
    assert declared(archive) < 200 * archive.stat().st_size
    assert_one_line_error(
        run("validate", str(archive)),
        f"{archive}: cannot unpack (Bad CRC-32 for file 'data/zeros.bin')",
    )
    assert list(scratch.iterdir()) == []


def test_unpacking_counts_the_bytes_members_give_not_what_they_declare(tmp_path: Path) -> None:
    """Whatever a zip library makes of a lying header, the bytes a member gives are counted
    as they are written, and stopped at the bound."""
    from tekser.package.archive import _unpack

    archive = zipped(tmp_path, zeros=1024**2)
    target = tmp_path / "out"
    with zipfile.ZipFile(archive) as bundle, pytest.raises(TekserError) as raised:
        _unpack(bundle, bundle.getinfo("data/zeros.bin"), target, 0, 1000, archive, "x")
    assert str(raised.value) == (
        f"{archive}: its members give more than 1,000 bytes as they are unpacked, more than "
        "they declare (raise with --limit x=N); refused"
    )
    assert (target / "data" / "zeros.bin").stat().st_size == 0
