"""A tekser package on disk: its descriptor, resources and tables, read safely."""

from __future__ import annotations

import contextlib
import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from tekser.core.errors import LimitExceeded, TekserError, UnreadablePackage, UnsafePathError
from tekser.core.limits import limits
from tekser.package.documents import (
    YAML_SUFFIXES,
    check_json_depth,
    load_json,
    load_yaml,
    read_document,
)
from tekser.package.offline import RULES, RemotePart, offline_copy
from tekser.package.tables import DELIMITERS, Overrun, not_a_file, table_overrun

DESCRIPTOR = "datapackage.json"
# the names `validate DIR` looks for in DIR, in this order (as frictionless does)
DESCRIPTORS = (DESCRIPTOR, "datapackage.yaml", "datapackage.yml")
URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

Row = dict[str, str]


def is_table(resource: dict[str, Any]) -> bool:
    """Whether a resource is a table tekser loads: `"type": "table"`, or — a Data Package may
    leave the type out — a CSV file with a Table Schema."""
    if resource.get("type") is not None:
        return bool(resource.get("type") == "table")
    path = resource.get("path")
    csv_named = isinstance(path, str) and path.lower().endswith((".csv", ".tsv"))
    return bool(resource.get("schema")) and (resource.get("format") in ("csv", "tsv") or csv_named)


def is_csv(resource: dict[str, Any]) -> bool:
    """Whether a resource is read as CSV: `format` csv or tsv, or a path that ends so."""
    if resource.get("format") in ("csv", "tsv"):
        return True
    paths = resource.get("path")
    first = paths[0] if isinstance(paths, list) and paths else paths
    return isinstance(first, str) and first.lower().endswith((".csv", ".tsv"))


def _delimiters(resource: dict[str, Any]) -> str:
    """The delimiter a resource's dialect names (as Data Package v1 or frictionless v5 has
    it), a tab for TSV, else every delimiter frictionless may detect."""
    dialect = resource.get("dialect")
    for node in (dialect, dialect.get("csv") if isinstance(dialect, dict) else None):
        delimiter = node.get("delimiter") if isinstance(node, dict) else None
        if isinstance(delimiter, str) and len(delimiter) == 1:
            return delimiter
    paths = resource.get("path")
    first = paths[0] if isinstance(paths, list) and paths else paths
    if resource.get("format") == "tsv" or (isinstance(first, str) and first.endswith(".tsv")):
        return "\t"
    return DELIMITERS


def is_remote(path: str) -> bool:
    """Whether a resource path is a URL (a drive letter, `C:\\`, is not)."""
    return bool(URL.match(path)) and not re.match(r"^[A-Za-z]:[\\/]", path)


def find_descriptor(path: Path) -> Path:
    """The descriptor `path` names: the file itself, or in a folder `datapackage.json`,
    `.yaml` or `.yml`. tekser does not look upward: in a subfolder of a package it says where
    the package is instead."""
    if path.is_dir():
        for name in DESCRIPTORS:
            if (path / name).is_file():
                return path / name
        above = next(
            (
                parent
                for parent in path.resolve().parents
                if any((parent / name).is_file() for name in DESCRIPTORS)
            ),
            None,
        )
        hint = f"; {path} is inside the package at {above}: name that folder" if above else ""
        raise UnreadablePackage(
            f"{path / DESCRIPTOR}: no data package here (datapackage.json missing; looked "
            f"for {', '.join(DESCRIPTORS)}){hint}"
        )
    if not path.exists():
        raise UnreadablePackage(f"{path}: no such file or folder (datapackage.json missing)")
    return path


def _parse_descriptor(path: Path, raw: bytes) -> dict[str, Any]:
    """A descriptor's JSON, or YAML for a `.yaml`/`.yml` file (or a file that is not JSON)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadablePackage(f"{path}: not UTF-8 text") from None
    yaml_named = path.name.lower().endswith(YAML_SUFFIXES)
    descriptor: Any = None
    if not yaml_named:
        if text.lstrip().startswith(("{", "[")):  # else `json` stops at the first character
            check_json_depth(raw, str(path))
        try:
            descriptor = json.loads(text)
        except json.JSONDecodeError as exc:
            if text.lstrip().startswith(("{", "[")) or path.suffix.lower() == ".json":
                raise UnreadablePackage(
                    f"{path}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
                ) from None
            yaml_named = True  # not JSON, and not named so: YAML, or neither
    if yaml_named:
        import yaml

        try:
            descriptor = load_yaml(text, str(path))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            raise UnreadablePackage(f"{path}: neither JSON nor valid YAML{where}") from None
    if not isinstance(descriptor, dict):
        kind = "YAML mapping" if yaml_named else "JSON object"
        raise UnreadablePackage(f"{path}: a data package descriptor must be a {kind}")
    return descriptor


def _check_document(path: Path, shown: str, where: str) -> None:
    """Refuse a Table Schema or dialect file past its bounds (size, nesting depth); one that
    is not JSON or YAML is left to frictionless to report, as any other error of it."""
    raw = read_document(path, shown=shown, where=where)
    named = f"{where}: {shown}"
    if not path.name.lower().endswith(YAML_SUFFIXES):
        check_json_depth(raw, named)
        return
    import yaml

    with contextlib.suppress(UnicodeDecodeError, yaml.YAMLError):
        load_yaml(raw.decode("utf-8-sig"), named)


def check_safe_path(path: object, *, where: str) -> str:
    """Return `path` if it is a plain relative path inside the package, else raise.

    Absolute paths, `~`, `..` segments and URLs are refused: a package must never make
    tekser read or write outside its own folder, nor reach the network.
    """
    if not isinstance(path, str) or not path.strip():
        raise UnsafePathError(f"{where}: path must be a non-empty string, got {path!r}")
    if URL.match(path) and not re.match(r"^[A-Za-z]:[\\/]", path):
        raise UnsafePathError(f"{where}: remote path {path!r} refused; packages are local only")
    if path.startswith(("/", "\\", "~")) or re.match(r"^[A-Za-z]:[\\/]", path):
        raise UnsafePathError(
            f"{where}: absolute path {path!r} refused; use a path inside the package"
        )
    if ".." in re.split(r"[\\/]", path):
        raise UnsafePathError(f"{where}: path {path!r} leaves the package (`..`) and is refused")
    return path


@dataclass(slots=True)
class Package:
    """A data package folder and its parsed descriptor (`datapackage.json`, or the JSON or
    YAML file the user named)."""

    root: Path
    descriptor: dict[str, Any]
    descriptor_name: str = DESCRIPTOR
    # resources with a URL for a path, schema or dialect, by name (the first URL): never
    # read (tekser does not reach the network)
    remote: dict[str, str] = field(default_factory=dict)
    # each such URL, for validate to report
    remote_parts: list[RemotePart] = field(default_factory=list)
    # what was read of the package's files, by path, size and time of change: Table
    # Schemas, and the bounds of each table (None: within them)
    _read: dict[tuple[Path, int, int], Any] = field(default_factory=dict, repr=False)
    _bounds: dict[tuple[Path, int, int, str], Overrun | None] = field(
        default_factory=dict, repr=False
    )

    @classmethod
    def open(cls, path: Path | str = ".", *, allow_remote: bool = False) -> Package:
        """Open the package at `path`: a folder (its `datapackage.json`, `.yaml` or `.yml`)
        or a descriptor file of any name, JSON or YAML.

        Raises TekserError for a missing or unreadable descriptor, one that is neither JSON nor
        YAML, or an unsafe resource path; a remote resource path too, unless `allow_remote`
        (then it is recorded in `remote`, for validate to report). Nothing else is read here.
        """
        descriptor_path = find_descriptor(Path(path))
        raw = read_document(descriptor_path, shown=str(descriptor_path))
        descriptor = _parse_descriptor(descriptor_path, raw)
        resources = descriptor.get("resources")
        if not isinstance(resources, list) or not all(isinstance(r, dict) for r in resources):
            raise UnreadablePackage(f"{descriptor_path}: `resources` must be a list of objects")
        package = cls(
            root=descriptor_path.parent.resolve(),
            descriptor=descriptor,
            descriptor_name=descriptor_path.name,
        )
        package.check_paths(allow_remote=allow_remote)
        return package

    @property
    def descriptor_path(self) -> Path:
        return self.root / self.descriptor_name

    @property
    def is_yaml(self) -> bool:
        return self.descriptor_name.lower().endswith(YAML_SUFFIXES)

    @property
    def resources(self) -> list[dict[str, Any]]:
        resources: list[dict[str, Any]] = self.descriptor["resources"]
        return resources

    def check_paths(self, *, allow_remote: bool = False) -> None:
        """Refuse any resource, schema or dialect path that is not a plain path inside the
        package, and a schema or dialect file too large or nested too deep (with
        `allow_remote`, a URL among them is recorded instead)."""
        for index, resource in enumerate(self.resources):
            name = str(resource.get("name", f"#{index}"))
            paths, key = resource.get("path"), "path"
            if paths is None and resource.get("data") is None and "url" in resource:
                paths, key = resource["url"], "url"  # frictionless reads a legacy `url` so
            for path in paths if isinstance(paths, list) else [paths] if paths else []:
                if allow_remote and isinstance(path, str) and is_remote(path):
                    self._remote(name, key, path)
                    continue
                self.resolve(check_safe_path(path, where=f"resource {name!r}"), where=name)
            for kind in ("schema", "dialect"):
                value = resource.get(kind)
                if not isinstance(value, str):
                    continue
                if allow_remote and is_remote(value):
                    self._remote(name, kind, value)
                    continue
                where = f"{kind} of {name!r}"
                full = self.resolve(check_safe_path(value, where=where), where=name)
                if full.exists():  # a missing one is frictionless's to report
                    _check_document(full, value, where)

    def _remote(self, name: str, key: str, url: str) -> None:
        self.remote.setdefault(name, url)
        self.remote_parts.append(RemotePart(name, key, url, RULES[key]))

    def _document(self, path: Path, shown: str, where: str) -> Any:
        """The Table Schema or dialect at `path`, read once, bounded (TekserError past a
        bound, or for one that is not JSON or YAML)."""
        key = self._key(path)
        if key not in self._read:
            named = f"{where}: {shown}"
            if path.name.lower().endswith(YAML_SUFFIXES):
                import yaml

                raw = read_document(path, shown=shown, where=where)
                try:
                    self._read[key] = load_yaml(raw.decode("utf-8-sig"), named)
                except (UnicodeDecodeError, yaml.YAMLError):
                    raise TekserError(f"{named}: not valid YAML") from None
            else:
                self._read[key] = load_json(path, shown=shown, where=where)
        return self._read[key]

    @staticmethod
    def _key(path: Path) -> tuple[Path, int, int]:
        try:
            info = path.stat()
        except OSError:
            return (path, -1, -1)
        return (path, info.st_size, info.st_mtime_ns)

    def offline_descriptor(
        self, left_out: frozenset[str] = frozenset()
    ) -> tuple[dict[str, Any], list[RemotePart]]:
        """A copy of the descriptor for frictionless: nothing in it that frictionless would
        fetch (`tekser.package.offline`), nor the resources recorded in `remote` or named
        in `left_out`, nor the foreign keys into them; every part taken out or replaced, the
        remote resources' first."""

        def load(name: str, relative: str) -> dict[str, Any] | None:
            try:
                loaded = self._document(self.resolve(relative, where=name), relative, name)
            except TekserError:
                return None
            return loaded if isinstance(loaded, dict) else None

        given, parts = offline_copy(self.descriptor, {*self.remote, *left_out}, load)
        return given, [*self.remote_parts, *parts]

    def resolve(self, relative: str, *, where: str) -> Path:
        """The absolute path of `relative`, refusing symbolic links that leave the package."""
        full = (self.root / relative).resolve()
        if not full.is_relative_to(self.root):
            raise UnsafePathError(f"{where}: path {relative!r} resolves outside the package")
        return full

    def resource(self, name: str) -> dict[str, Any] | None:
        for resource in self.resources:
            if resource.get("name") == name:
                return resource
        return None

    def resource_file(self, name: str) -> Path:
        resource = self.resource(name)
        if resource is None:
            raise TekserError(f"{self.descriptor_name}: no resource named {name!r}")
        if name in self.remote:
            raise TekserError(f"resource {name!r} is remote ({self.remote[name]}); not read")
        path = resource.get("path")
        if not isinstance(path, str):
            raise TekserError(f"resource {name!r}: expected a single file `path`")
        return self.resolve(path, where=name)

    def schema(self, name: str) -> dict[str, Any]:
        """The Table Schema of resource `name`, loading it from its file when referenced
        (bounded, read once)."""
        resource = self.resource(name) or {}
        schema = resource.get("schema", {})
        if isinstance(schema, str):
            path = self.resolve(schema, where=name)
            loaded = self._document(path, schema, f"schema of {name!r}")
            if not isinstance(loaded, dict):
                raise TekserError(f"{schema}: a Table Schema must be a JSON object")
            return loaded
        return schema if isinstance(schema, dict) else {}

    def tables_referencing(self, target: str) -> list[str]:
        """Names of resources whose schema has a foreign key into resource `target`."""
        names = []
        for resource in self.resources:
            name = resource.get("name")
            if not isinstance(name, str) or not is_table(resource):
                continue
            if name in self.remote:
                continue  # never read: structure reports it
            for key in self.schema(name).get("foreignKeys", []):
                if isinstance(key, dict) and key.get("reference", {}).get("resource") == target:
                    names.append(name)
                    break
        return names

    def read_table(self, name: str) -> list[Row]:
        """The rows of a CSV resource as strings, exactly as stored (no type casting)."""
        return list(self.iter_table(name))

    def iter_table(self, name: str) -> Iterator[Row]:
        """The rows of a CSV resource as strings, one at a time: a table of a million rows is
        never held in memory. Raises TekserError as `read_table` does, when it comes to it."""
        header, records = self.iter_records(name)
        for record in records:
            yield dict(zip(header, record, strict=True))

    def iter_records(self, name: str) -> tuple[list[str], Iterator[list[str]]]:
        """The header of a CSV resource and an iterator over its rows as lists of strings,
        each as long as the header (a row that is not raises TekserError)."""
        path = self.resource_file(name)
        relative = path.relative_to(self.root)
        overrun = self.table_overrun(name)
        if overrun is not None:
            raise LimitExceeded(overrun.message)
        # process-wide, and frictionless sets its own when imported: set here, where read
        csv.field_size_limit(limits().field_bytes)
        try:
            handle = path.open(encoding="utf-8-sig", newline="")
        except FileNotFoundError:
            raise UnreadablePackage(f"{relative}: file not found") from None
        except OSError as exc:
            raise UnreadablePackage(f"{relative}: cannot read ({exc.strerror})") from None
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader, [])
        except (UnicodeDecodeError, csv.Error) as exc:
            handle.close()
            raise self._unreadable(path, exc, reader.line_num) from None
        return header, self._records(path, handle, reader, len(header))

    def _records(self, path: Path, handle: IO[str], reader: Any, width: int) -> Iterator[list[str]]:
        with handle:
            try:
                for record in reader:
                    if not record:
                        continue  # a blank line is no row (as csv.DictReader has it)
                    if len(record) != width:
                        raise UnreadablePackage(
                            f"{path.relative_to(self.root)}: row {reader.line_num} has "
                            "a different number of cells than the header"
                        )
                    yield record
            except (UnicodeDecodeError, csv.Error) as exc:
                raise self._unreadable(path, exc, reader.line_num) from None

    def _unreadable(self, path: Path, exc: Exception, line: int = 0) -> TekserError:
        relative = path.relative_to(self.root)
        if "field larger than field limit" in str(exc):  # a quoted field, across lines
            bound = limits().field_bytes
            return TekserError(
                f"{relative}: line {line}: a field is longer than {bound:,} characters, where "
                f"at most {bound:,} are allowed (raise with --limit field-bytes=N); not read"
            )
        if isinstance(exc, UnicodeDecodeError):
            # the offset of the decoder's chunk is not the file's: find the byte again
            data = path.read_bytes()
            try:
                data.decode("utf-8-sig")
            except UnicodeDecodeError as whole:
                return TekserError(
                    f"{relative}: not UTF-8 (byte 0x{data[whole.start]:02x} "
                    f"at offset {whole.start})"
                )
        return TekserError(f"{relative}: malformed CSV ({exc})")

    def local_names(self) -> list[str]:
        """The resources read from files of the package (not remote), by name."""
        return [
            name
            for resource in self.resources
            if isinstance(name := resource.get("name"), str) and name not in self.remote
        ]

    def table_overrun(self, name: str) -> Overrun | None:
        """The first bound that a local CSV file of resource `name` passes — columns, line,
        field (`tekser.package.tables`) — or None: each file checked once while it does not
        change. A file of another resource is only checked to be a regular one."""
        resource = self.resource(name)
        if resource is None or name in self.remote:
            return None
        if not is_csv(resource):
            paths = resource.get("path")
            for relative in paths if isinstance(paths, list) else [paths]:
                if isinstance(relative, str) and not is_remote(relative):
                    found = not_a_file(self.resolve(relative, where=name), relative)
                    if found is not None:
                        return found
            return None
        paths = resource.get("path")
        delimiters = _delimiters(resource)
        for relative in paths if isinstance(paths, list) else [paths]:
            if not isinstance(relative, str):
                continue
            path = self.resolve(relative, where=name)
            key = (*self._key(path), delimiters)
            if key not in self._bounds:
                self._bounds[key] = table_overrun(path, relative, delimiters=delimiters)
            if self._bounds[key] is not None:
                return self._bounds[key]
        return None

    def has_table(self, name: str) -> bool:
        return self.resource(name) is not None
