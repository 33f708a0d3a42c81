"""What frictionless is given of a descriptor: nothing it would fetch.

frictionless fetches a `profile` that is not one of the names it knows (a URL, even that of a
standard profile, or `fiscal-data-package`, which it turns into one), and a `schema` or
`dialect` given as a URL; it reads a `profile` that is a plain path from the current folder,
outside the package. `$schema` it never fetches: it only reads the standard version from a
datapackage.org URL. So each such part is decided here, on a copy of the descriptor made for
frictionless:

- a standard profile (`data-package`, `tabular-data-package`, `data-resource`,
  `tabular-data-resource`, by name or by its specs.frictionlessdata.io or
  datapackage.org/profiles URL of any version) becomes its name, which frictionless checks
  with the profiles it ships, offline; a standard `$schema` URL is left as it is;
- any other `profile` is taken out, and a `$schema` that is not a standard URL is replaced by
  the standard profile of its kind (the one a custom profile extends): each a finding of its
  own, `structure.remote-profile` (a URL, never fetched) or `structure.unknown-profile`;
- a resource whose `path`, `schema` or `dialect` is a URL is taken out whole (the package
  records it when opened): `structure.remote-resource`, `-schema`, `-dialect`; so is a table
  past its bounds (`tekser.package.tables`), and the foreign keys into either.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

# every URL field of a descriptor that frictionless would fetch, and the rule that says so
RULES = {
    "path": "structure.remote-resource",
    "url": "structure.remote-resource",
    "schema": "structure.remote-schema",
    "dialect": "structure.remote-dialect",
}
PACKAGE_PROFILES = ("data-package", "tabular-data-package")
RESOURCE_PROFILES = ("data-resource", "tabular-data-resource")
# the standard profile of each kind, as a `$schema` of Data Package v2 names it
CANONICAL = {
    "package": "https://datapackage.org/profiles/2.0/datapackage.json",
    "resource": "https://datapackage.org/profiles/2.0/dataresource.json",
    "schema": "https://datapackage.org/profiles/2.0/tableschema.json",
    "dialect": "https://datapackage.org/profiles/2.0/tabledialect.json",
}
_SPECS = re.compile(r"^https?://specs\.frictionlessdata\.io/schemas/([a-z-]+)\.json$")
_PROFILES = re.compile(
    r"^https?://(?:www\.)?datapackage\.org/profiles/[0-9]+\.[0-9]+/([a-z]+)\.json$"
)
_FILES = {
    "datapackage": "data-package",
    "dataresource": "data-resource",
    "tableschema": "table-schema",
    "tabledialect": "table-dialect",
}
_STANDARD = frozenset(
    [*PACKAGE_PROFILES, *RESOURCE_PROFILES, "table-schema", "csv-dialect", "table-dialect"]
)


@dataclass(frozen=True, slots=True)
class RemotePart:
    """A part of a descriptor tekser does not hand to frictionless: where it is (a resource,
    `None` for the package), what it is (`profile`, `$schema`, `schema`, `dialect`, `path`,
    or `schema.$schema` for the `$schema` of a resource's Table Schema, …), its value, and
    the rule that reports it."""

    resource: str | None
    field: str
    value: str
    rule: str


def is_url(value: str) -> bool:
    """Whether `value` names a scheme (`http:`, `file:`, …) — a drive letter does not."""
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value)) and not re.match(
        r"^[A-Za-z]:[\\/]", value
    )


def standard_profile(value: str) -> str | None:
    """The name of the standard profile `value` is, by name or URL, else None."""
    if value in _STANDARD:
        return value
    if match := _SPECS.match(value):
        return match.group(1) if match.group(1) in _STANDARD else None
    if match := _PROFILES.match(value):
        return _FILES.get(match.group(1))
    return None


def is_standard_schema(value: str) -> bool:
    """Whether a `$schema` is a standard profile URL (as frictionless reads a version from
    the datapackage.org ones, and never fetches any)."""
    return standard_profile(value) is not None and urlparse(value).scheme in ("http", "https")


def offline_copy(
    descriptor: dict[str, Any],
    left_out: set[str],
    load: Callable[[str, str], dict[str, Any] | None],
) -> tuple[dict[str, Any], list[RemotePart]]:
    """A copy of `descriptor` for frictionless, without the resources named in `left_out`
    nor the foreign keys into them, each profile decided (see the module), and the parts
    taken out or replaced.

    `load(resource, path)` gives the Table Schema or dialect a resource names by a path (None
    when it cannot be read: frictionless reports that); one with a part to decide is put in
    the copy inline, decided."""
    given = copy.deepcopy(descriptor)
    parts: list[RemotePart] = []
    _decide(given, None, "package", PACKAGE_PROFILES, parts)
    kept = []
    for resource in given.get("resources", []):
        name = resource.get("name")
        if not isinstance(resource, dict) or name in left_out:
            continue
        kept.append(resource)
        where = str(name) if name is not None else None
        _decide(resource, where, "resource", RESOURCE_PROFILES, parts)
        for kind in ("schema", "dialect"):
            value = resource.get(kind)
            inner = load(str(name), value) if isinstance(value, str) else value
            if not isinstance(inner, dict):
                continue
            found = len(parts)
            inner = copy.deepcopy(inner)
            _decide(inner, where, kind, (), parts, prefix=f"{kind}.")
            dropped = kind == "schema" and _drop_keys(inner, left_out)
            if len(parts) > found or dropped or isinstance(value, dict):
                resource[kind] = inner
    given["resources"] = kept
    return given, parts


def _decide(
    node: dict[str, Any],
    where: str | None,
    kind: str,
    names: tuple[str, ...],
    parts: list[RemotePart],
    prefix: str = "",
) -> None:
    """Decide the `profile` (and `profiles`) and `$schema` of one descriptor, in place:
    `names` are the profiles frictionless knows for its kind (none for a schema or a dialect,
    whose `profile` it never looks at: a URL there is taken out all the same)."""
    if names:  # frictionless's v5 form of a package's or resource's profile: its first
        profiles = node.pop("profiles", None)
        if "profile" not in node and isinstance(profiles, list) and profiles:
            node["profile"] = profiles[0]
    profile = node.get("profile")
    if isinstance(profile, str) and profile:
        name = standard_profile(profile)
        if name is not None and name in names:
            node["profile"] = name
        elif not names and (name is not None or not is_url(profile)):
            pass  # a schema's or dialect's profile frictionless neither fetches nor reads
        else:
            del node["profile"]
            url = is_url(profile)
            rule = "structure.remote-profile" if url else "structure.unknown-profile"
            parts.append(RemotePart(where, f"{prefix}profile", profile, rule))
    schema = node.get("$schema")
    if isinstance(schema, str) and is_url(schema) and not is_standard_schema(schema):
        node["$schema"] = CANONICAL[kind]
        parts.append(RemotePart(where, f"{prefix}$schema", schema, "structure.remote-profile"))


def _drop_keys(schema: dict[str, Any], left_out: set[str]) -> bool:
    """Take out of a Table Schema, in place, its foreign keys into a resource left out (the
    finding of that resource says why it is not there; frictionless would stop at the key,
    its table unread): whether there was one."""
    keys = schema.get("foreignKeys")
    if not isinstance(keys, list):
        return False
    kept = [
        key
        for key in keys
        if not (
            isinstance(key, dict)
            and isinstance(key.get("reference"), dict)
            and key["reference"].get("resource") in left_out
        )
    ]
    if len(kept) == len(keys):
        return False
    schema["foreignKeys"] = kept
    return True
