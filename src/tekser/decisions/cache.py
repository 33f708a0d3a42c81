"""A validation remembered outside the package, by the content of what it read, so that
`tekser decide` records a decision without validating the package again.

What is remembered: the findings of the last validation of a package, before the decisions
log was applied (the log is not hashed: it is read and applied again on every load, so a
decision made since is never missed). Where: `$TEKSER_CACHE_DIR`, else
`$XDG_CACHE_HOME/tekser`, else `~/.cache/tekser` — never inside the package (a cache folder
inside it is not used); one file per package folder, the oldest dropped past `KEEP`. Off:
`TEKSER_NO_CACHE=1`.

The key is the sha256 of everything the report depends on: the package's descriptor, each
resource and its Table Schema and dialect, each seed the sources table names, the files of
its `checks/`, `schemas/`, `seeds/`, `provenance/` (but the decisions log) and `drafts/`
folders and of an interrupted commit; tekser's own files (code, standard suite, lexicons),
its version and that of its readers, and the limits in force. A file is read only when the
tekser version and the key match, whole and well-formed: anything else — a corrupt or hostile
file, a link, one too large — is ignored, and the package validated as if there were none.
Nothing in the file is used as a path."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from functools import cache, partial
from pathlib import Path
from typing import Any

from tekser.core.errors import TekserError
from tekser.core.findings import Evidence, Finding, Severity
from tekser.core.limits import limits
from tekser.core.report import Report
from tekser.core.transaction import JOURNAL, STAGING
from tekser.core.version import __version__
from tekser.decisions.apply import evidence_hash, settle
from tekser.decisions.log import LOG, in_force, read_log
from tekser.package.descriptor import Package, is_remote

CACHE_DIR = "TEKSER_CACHE_DIR"
NO_CACHE = "TEKSER_NO_CACHE"
FORMAT = 2
# the packages remembered at once, the least recently validated dropped first
KEEP = 64
# the folders of a package whose every file a validation may read
FOLDERS = ("checks", "schemas", "seeds", "provenance", "drafts")
# tekser's readers: another version may read the same files differently
READERS = ("frictionless", "pyarrow", "jsonschema", "great-expectations", "babel")
_CHUNK = 1 << 20


def cache_folder() -> Path | None:
    """Where validations are remembered, or None when the cache is off."""
    if os.environ.get(NO_CACHE, "").strip() not in ("", "0"):
        return None
    given = os.environ.get(CACHE_DIR, "").strip()
    if given:
        return Path(given).expanduser().absolute()
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    if xdg and os.path.isabs(xdg):  # a relative one is ignored, as the XDG spec has it
        return Path(xdg) / "tekser"
    with contextlib.suppress(RuntimeError, KeyError):
        return Path.home() / ".cache" / "tekser"
    return None


def _entry(folder: Path, package: Package) -> Path | None:
    """The file that remembers `package`: named by its folder's path; None when the cache
    folder would lie inside the package."""
    resolved = folder.resolve()
    if resolved.is_relative_to(package.root):
        return None
    name = hashlib.sha256(os.fsencode(package.root)).hexdigest()[:32]
    return resolved / "validations" / f"{name}.json"


# -- the key -------------------------------------------------------------------------------


def _digest_file(path: str, into: Any) -> None:
    """The kind and content of `path` (not following a link: its target, then its content
    when that is a file) into the hash `into`."""
    try:
        info = os.lstat(path)
    except OSError:
        into.update(b"\0absent\0")
        return
    if stat.S_ISLNK(info.st_mode):
        into.update(b"\0link\0" + os.fsencode(os.readlink(path)) + b"\0")
        with contextlib.suppress(OSError):
            if os.path.isfile(path):
                _digest_content(path, into)
        return
    if stat.S_ISREG(info.st_mode):
        into.update(b"\0file\0")
        _digest_content(path, into)
    else:
        into.update(f"\0kind {stat.S_IFMT(info.st_mode)}\0".encode())


def _digest_content(path: str, into: Any) -> None:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    into.update(digest.digest())


def _files_under(root: str, folder: str) -> Iterator[str]:
    """Every entry under `root`/`folder` (`folder` itself when it is no folder), as a path
    relative to `root`, sorted, links not followed, `__pycache__` left out."""
    full = os.path.join(root, folder)
    if not os.path.isdir(full) or os.path.islink(full):
        if os.path.lexists(full):
            yield folder
        return
    start = len(os.path.join(root, ""))
    for top, folders, names in os.walk(full):
        folders[:] = sorted(f for f in folders if f != "__pycache__")
        links = [f for f in folders if os.path.islink(os.path.join(top, f))]
        for name in sorted(names + links):
            yield os.path.join(top, name)[start:].replace(os.sep, "/")


def _package_files(package: Package) -> list[str] | None:
    """The paths (relative to the package) a validation of `package` may read; None when
    it has a remote part (not read, so not hashed: such a package is not remembered)."""
    if package.remote:
        return None
    named: set[str] = {package.descriptor_name}
    for resource in package.resources:
        for key in ("path", "schema", "dialect"):
            value = resource.get(key)
            for path in value if isinstance(value, list) else [value]:
                if isinstance(path, str):
                    if is_remote(path):
                        return None
                    named.add(path)
    if package.has_table("sources"):
        with contextlib.suppress(TekserError):
            header, records = package.iter_records("sources")
            if "path" in header:
                at = header.index("path")
                named.update(record[at] for record in records if record[at])
    for folder in (*FOLDERS, STAGING):
        named.update(_files_under(str(package.root), folder))
    named.add(JOURNAL)
    named.discard(LOG.as_posix())
    return sorted(named)


@cache
def _tekser_digest() -> str:
    """tekser's own files (code, standard suite, lexicons, schemas), its version and that
    of its readers: what makes the same package give another report."""
    from importlib.metadata import PackageNotFoundError, version

    from tekser.stages.consistency.suite import STANDARD

    digest = hashlib.sha256(f"{FORMAT}\0{__version__}\0{sys.version}\0".encode())
    for reader in READERS:
        with contextlib.suppress(PackageNotFoundError):
            digest.update(f"{reader} {version(reader)}\0".encode())
    home = Path(__file__).resolve().parents[1]
    for top in dict.fromkeys([home, Path(STANDARD).resolve()]):
        for relative in _files_under(str(top.parent), top.name):
            digest.update(os.fsencode(relative) + b"\0")
            _digest_file(os.path.join(top.parent, relative), digest)
    return digest.hexdigest()


def package_key(package: Package, engine: str = "sqlite") -> str | None:
    """The content key of a validation of `package` with its own checks on `engine`: None
    when the package cannot be remembered (a remote part, a file that cannot be read)."""
    try:
        files = _package_files(package)
        if files is None:
            return None
        digest = hashlib.sha256(f"{_tekser_digest()}\0{engine}\0{limits()!r}\0".encode())
        digest.update(os.fsencode(package.root) + b"\0")
        root = str(package.root)
        for relative in files:
            digest.update(os.fsencode(relative) + b"\0")
            _digest_file(os.path.join(root, relative), digest)
    except (OSError, RuntimeError, TekserError, ValueError):  # RuntimeError: a link loop
        return None
    return digest.hexdigest()


# -- remembering ---------------------------------------------------------------------------


def _finding_record(finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.finding_id,
        "evidence_hash": evidence_hash(finding),
        "rule": finding.rule,
        "severity": finding.severity.value,
        "message": finding.message,
        "records": finding.records,
        "evidence": [item.to_dict() for item in finding.evidence],
        "stage": finding.stage,
        "key": finding.key,
    }


def remember(package: Package, key: str | None, report: Report, engine: str = "sqlite") -> None:
    """Remember the findings of `report` (a validation of `package` whose files had `key`
    before it began) — unless the cache is off, the files changed during the validation,
    or the cache folder cannot be written: remembering is never worth an error."""
    folder = cache_folder()
    if folder is None or key is None or package_key(package, engine) != key:
        return
    with contextlib.suppress(OSError, RuntimeError, ValueError, TypeError):
        entry = _entry(folder, package)
        if entry is None:
            return
        # each finding as its own JSON text, by id: a decision parses only the one it needs
        # (None for an id two findings share: such a finding is validated again)
        findings: dict[str, str | None] = {}
        for finding in report.findings:
            if finding.stage != "decisions":
                text = json.dumps(_finding_record(finding), ensure_ascii=False, sort_keys=True)
                findings[finding.finding_id] = None if finding.finding_id in findings else text
        document = {
            "format": FORMAT,
            "tekser": __version__,
            "key": key,
            "root": os.fsdecode(package.root),
            "findings": findings,
        }
        data = json.dumps(document, ensure_ascii=False, sort_keys=True).encode("utf-8")
        if len(data) > limits().document_bytes:
            return
        entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        _write_atomically(entry, data)
        _prune(entry.parent)


def _write_atomically(path: Path, data: bytes) -> None:
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _prune(folder: Path) -> None:
    """Keep the `KEEP` most recently written entries."""
    entries = []
    for path in folder.glob("*.json"):
        with contextlib.suppress(OSError):
            entries.append((path.lstat().st_mtime_ns, path))
    for _, path in sorted(entries, reverse=True)[KEEP:]:
        with contextlib.suppress(OSError):
            path.unlink()


def recall(package: Package, key: str | None, finding_id: str) -> Finding | None:
    """The finding `finding_id` as remembered for `package` with `key`, checked, given the
    status of its decision in force in the log as it is now; None when it is not there:
    nothing remembered, another key or version, a file that is not whole and well-formed,
    a finding that is not what its fields give (each ignored), or a log that cannot be read
    (validate makes that a finding)."""
    folder = cache_folder()
    if folder is None or key is None:
        return None
    try:
        entry = _entry(folder, package)
        if entry is None:
            return None
        document = json.loads(_read_regular(entry, limits().document_bytes))
        if not isinstance(document, dict) or (
            document.get("format"),
            document.get("tekser"),
            document.get("key"),
            document.get("root"),
        ) != (FORMAT, __version__, key, os.fsdecode(package.root)):
            return None
        findings = document.get("findings")
        text = findings.get(finding_id) if isinstance(findings, dict) else None
        if not isinstance(text, str):
            return None
        finding = _finding(json.loads(text))
        decisions, _corrupt = read_log(package.root)  # corrupt lines are validate's findings
    except (OSError, RuntimeError, ValueError, TypeError, KeyError, TekserError):
        return None
    settle(finding, in_force(decisions).get(finding_id))
    return finding


def _read_regular(path: Path, bound: int) -> bytes:
    """The bytes of `path`, a regular file (not a link, FIFO or device) within `bound`."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > bound:
            raise ValueError("not a cache file")
        with os.fdopen(os.dup(descriptor), "rb") as handle:
            return handle.read(bound + 1)
    finally:
        os.close(descriptor)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected text")
    return value


def _whole(value: Any) -> int | None:
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        raise TypeError("expected a whole number")
    return value


def _evidence(record: Any) -> Evidence:
    if not isinstance(record, dict):
        raise TypeError("expected an object")
    provenance_id, source_id = record["provenance_id"], record["source_id"]
    return Evidence(
        provenance_id=None if provenance_id is None else _text(provenance_id),
        source_id=None if source_id is None else _text(source_id),
        start=_whole(record["start"]),
        end=_whole(record["end"]),
        quote=_text(record["quote"]),
        page=_whole(record["page"]),
        line=_whole(record["line"]),
        prefix=_text(record["prefix"]),
        suffix=_text(record["suffix"]),
    )


def _finding(record: Any) -> Finding:
    """A finding as remembered, checked: its id and evidence hash must be what its fields
    give (ValueError or TypeError otherwise)."""
    if not isinstance(record, dict):
        raise TypeError("expected an object")
    records, evidence = record["records"], record["evidence"]
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise TypeError("expected records")
    if not isinstance(evidence, list):
        raise TypeError("expected evidence")
    finding = Finding(
        rule=_text(record["rule"]),
        severity=Severity(record["severity"]),
        message=_text(record["message"]),
        records=records,
        evidence=[_evidence(item) for item in evidence],
        stage=_text(record["stage"]),
        key=_text(record["key"]),
    )
    if finding.finding_id != record["id"] or evidence_hash(finding) != record["evidence_hash"]:
        raise ValueError("a finding that is not what it says")
    return finding


def remembering(path: Path | str, checks: object, engine: str) -> Callable[[Report], None]:
    """For `tekser validate PATH`: hash the package's files now, and return what remembers
    the report once it is made — nothing for a zip, a bare file, a package with a remote
    part, a suite given with --checks (not the package's own), or with the cache off."""
    target = Path(path)
    if checks is not None or cache_folder() is None:
        return _forget
    if target.is_file() and target.suffix.lower() not in (".json", ".yaml", ".yml"):
        return _forget
    try:
        package = Package.open(target)
    except TekserError:
        return _forget
    key = package_key(package, engine)
    return partial(_remember_report, package, key, engine)


def _remember_report(package: Package, key: str | None, engine: str, report: Report) -> None:
    remember(package, key, report, engine)


def _forget(report: Report) -> None:
    """Nothing to remember."""
