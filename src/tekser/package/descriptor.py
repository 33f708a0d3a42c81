"""A tekser package on disk: its descriptor, resources and tables, read safely."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from tekser.core.errors import TekserError, UnsafePathError

DESCRIPTOR = "datapackage.json"
# the names `validate DIR` looks for in DIR, in this order (as frictionless does)
DESCRIPTORS = (DESCRIPTOR, "datapackage.yaml", "datapackage.yml")
YAML_SUFFIXES = (".yaml", ".yml")
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
        raise TekserError(
            f"{path / DESCRIPTOR}: no data package here (datapackage.json missing; looked "
            f"for {', '.join(DESCRIPTORS)}){hint}"
        )
    if not path.exists():
        raise TekserError(f"{path}: no such file or folder (datapackage.json missing)")
    return path


def _parse_descriptor(path: Path, raw: bytes) -> dict[str, Any]:
    """A descriptor's JSON, or YAML for a `.yaml`/`.yml` file (or a file that is not JSON)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TekserError(f"{path}: not UTF-8 text") from None
    yaml_named = path.name.lower().endswith(YAML_SUFFIXES)
    descriptor: Any = None
    if not yaml_named:
        try:
            descriptor = json.loads(text)
        except json.JSONDecodeError as exc:
            if text.lstrip().startswith(("{", "[")) or path.suffix.lower() == ".json":
                raise TekserError(
                    f"{path}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
                ) from None
            yaml_named = True  # not JSON, and not named so: YAML, or neither
    if yaml_named:
        import yaml

        try:
            descriptor = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            raise TekserError(f"{path}: neither JSON nor valid YAML{where}") from None
    if not isinstance(descriptor, dict):
        kind = "YAML mapping" if yaml_named else "JSON object"
        raise TekserError(f"{path}: a data package descriptor must be a {kind}")
    return descriptor


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
    # resources whose path is a URL, by name: never read (tekser does not reach the network)
    remote: dict[str, str] = field(default_factory=dict)

    @classmethod
    def open(cls, path: Path | str = ".", *, allow_remote: bool = False) -> Package:
        """Open the package at `path`: a folder (its `datapackage.json`, `.yaml` or `.yml`)
        or a descriptor file of any name, JSON or YAML.

        Raises TekserError for a missing or unreadable descriptor, one that is neither JSON nor
        YAML, or an unsafe resource path; a remote resource path too, unless `allow_remote`
        (then it is recorded in `remote`, for validate to report). Nothing else is read here.
        """
        descriptor_path = find_descriptor(Path(path))
        try:
            raw = descriptor_path.read_bytes()
        except OSError as exc:
            raise TekserError(f"{descriptor_path}: cannot read ({exc.strerror})") from None
        descriptor = _parse_descriptor(descriptor_path, raw)
        resources = descriptor.get("resources")
        if not isinstance(resources, list) or not all(isinstance(r, dict) for r in resources):
            raise TekserError(f"{descriptor_path}: `resources` must be a list of objects")
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
        """Refuse any resource or schema path that is not a plain path inside the package
        (with `allow_remote`, a resource path that is a URL is recorded instead)."""
        for index, resource in enumerate(self.resources):
            name = resource.get("name", f"#{index}")
            paths = resource.get("path")
            for path in paths if isinstance(paths, list) else [paths] if paths else []:
                if allow_remote and isinstance(path, str) and is_remote(path):
                    self.remote[str(name)] = path
                    continue
                self.resolve(check_safe_path(path, where=f"resource {name!r}"), where=name)
            schema = resource.get("schema")
            if isinstance(schema, str):
                self.resolve(check_safe_path(schema, where=f"schema of {name!r}"), where=name)

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
        """The Table Schema of resource `name`, loading it from its file when referenced."""
        resource = self.resource(name) or {}
        schema = resource.get("schema", {})
        if isinstance(schema, str):
            path = self.resolve(schema, where=name)
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise TekserError(f"{schema}: cannot read Table Schema ({exc})") from None
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
        try:
            handle = path.open(encoding="utf-8-sig", newline="")
        except FileNotFoundError:
            raise TekserError(f"{relative}: file not found") from None
        except OSError as exc:
            raise TekserError(f"{relative}: cannot read ({exc.strerror})") from None
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader, [])
        except (UnicodeDecodeError, csv.Error) as exc:
            handle.close()
            raise self._unreadable(path, exc) from None
        return header, self._records(path, handle, reader, len(header))

    def _records(self, path: Path, handle: IO[str], reader: Any, width: int) -> Iterator[list[str]]:
        with handle:
            try:
                for record in reader:
                    if not record:
                        continue  # a blank line is no row (as csv.DictReader has it)
                    if len(record) != width:
                        raise TekserError(
                            f"{path.relative_to(self.root)}: row {reader.line_num} has "
                            "a different number of cells than the header"
                        )
                    yield record
            except (UnicodeDecodeError, csv.Error) as exc:
                raise self._unreadable(path, exc) from None

    def _unreadable(self, path: Path, exc: Exception) -> TekserError:
        relative = path.relative_to(self.root)
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

    def has_table(self, name: str) -> bool:
        return self.resource(name) is not None
