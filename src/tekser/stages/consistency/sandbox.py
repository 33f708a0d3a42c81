"""The sandbox of the consistency suite's SQL: a rule, shipped or a package's own, may read
the validation database and nothing else.

Before a rule runs, `refusal` checks its query on a sandboxed SQLite connection (`guard`):
it must be one statement, a `SELECT` (or `WITH … SELECT`, `VALUES`), that reads its table as
`{batch}`, and SQLite, preparing it (never running it) under an authorizer that allows only
reading, must find nothing else in it — no `ATTACH`, `PRAGMA`, write, schema change,
transaction, nor a function that touches files or loads extensions. The connection Great
Expectations runs the rules on is guarded the same way, read-only and `query_only`, so that
a rule that slipped past the check still cannot write, attach or load anything.

SQLite's own parser and authorizer decide; the little lexing done here (`_tokens`) only finds
a statement's first word, tells comments from blanks, and, for Spark, the few things Spark SQL
would read otherwise than SQLite.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Self

from tekser.core.limits import exceeded, limits
from tekser.core.sql import quote_identifier

READ_ONLY = "(a rule may only read the validation database)"
# SQLite's virtual machine steps between two looks at a query's clock (a look costs nothing
# next to them)
_PROGRESS_STEPS = 100_000
# PRAGMAs that only describe the schema: SQLAlchemy reflects a table's columns with them for
# a column expectation; a rule's own SQL may use none (see `refusal`)
DESCRIBING = frozenset(
    {"table_info", "table_xinfo", "index_list", "index_info", "index_xinfo", "foreign_key_list"}
)
# a setting SQLAlchemy reads (never sets) when it connects
READ_SETTINGS = frozenset({"read_uncommitted"})
# functions that read or write files or load code (the shell's, or extensions'); SQLite's
# core and JSON functions read their arguments only
_FILE_FUNCTIONS = frozenset(
    {
        "load_extension", "readfile", "writefile", "edit", "fts3_tokenizer", "lsmode",
        "sqlar_compress", "sqlar_uncompress", "zipfile", "zipfile_cds", "fsdir",
    }
)  # fmt: skip
_FILE_TABLES = frozenset({"fsdir", "zipfile", "sqlar", "sqlite_dbpage"})
_STATEMENTS = ("SELECT", "WITH", "VALUES")
# SQLite's error for a table of a database it has not attached (a Spark path `csv.`/x``, too)
_OTHER_DATABASE = re.compile(
    r"unknown database (?P<unknown>\S+)|no such table: (?P<table>[^.\s]+)\."
)
# `{batch}` bound to a table no package has, to see whether the query reads it at all
_PROBE = "tekser_sandbox_probe"
_ACTIONS = {
    getattr(sqlite3, name): name[7:].replace("_", " ").replace("VTABLE", "VIRTUAL TABLE")
    for name in (
        "SQLITE_ALTER_TABLE", "SQLITE_ANALYZE", "SQLITE_ATTACH", "SQLITE_COPY",
        "SQLITE_CREATE_INDEX", "SQLITE_CREATE_TABLE", "SQLITE_CREATE_TEMP_INDEX",
        "SQLITE_CREATE_TEMP_TABLE", "SQLITE_CREATE_TEMP_TRIGGER", "SQLITE_CREATE_TEMP_VIEW",
        "SQLITE_CREATE_TRIGGER", "SQLITE_CREATE_VIEW", "SQLITE_CREATE_VTABLE", "SQLITE_DELETE",
        "SQLITE_DETACH", "SQLITE_DROP_INDEX", "SQLITE_DROP_TABLE", "SQLITE_DROP_TEMP_INDEX",
        "SQLITE_DROP_TEMP_TABLE", "SQLITE_DROP_TEMP_TRIGGER", "SQLITE_DROP_TEMP_VIEW",
        "SQLITE_DROP_TRIGGER", "SQLITE_DROP_VIEW", "SQLITE_DROP_VTABLE", "SQLITE_INSERT",
        "SQLITE_REINDEX", "SQLITE_SAVEPOINT", "SQLITE_TRANSACTION", "SQLITE_UPDATE",
    )
    if hasattr(sqlite3, name)
}  # fmt: skip


class Guard:
    """An SQLite authorizer that allows reading the main database and nothing else; it
    remembers the first operation it refused, for the message."""

    def __init__(self, pragmas: frozenset[str] = frozenset()) -> None:
        self.pragmas = pragmas
        self.refused = ""

    def __call__(
        self, action: int, first: str | None, second: str | None, database: str | None, _: object
    ) -> int:
        reason = self._reason(action, first or "", second or "", database)
        if reason is None:
            return sqlite3.SQLITE_OK
        self.refused = self.refused or reason
        return sqlite3.SQLITE_DENY

    def _reason(self, action: int, first: str, second: str, database: str | None) -> str | None:
        """What is refused of one operation SQLite asks about, or None when it is allowed."""
        if action in (sqlite3.SQLITE_SELECT, sqlite3.SQLITE_RECURSIVE):
            return None
        if action == sqlite3.SQLITE_READ:
            if database not in (None, "main", "temp"):  # temp: empty, and stays so
                return f"reading the database {database}"
            name = first.lower()
            if name.startswith("pragma_") and name.removeprefix("pragma_") not in self.pragmas:
                return f"PRAGMA {name.removeprefix('pragma_')}"
            return f"the table {first}" if name in _FILE_TABLES else None
        if action == sqlite3.SQLITE_FUNCTION:
            return f"the function {second}()" if second.lower() in _FILE_FUNCTIONS else None
        if action == sqlite3.SQLITE_PRAGMA:
            name = first.lower()
            allowed = name in self.pragmas and (name in DESCRIBING or not second)
            return None if allowed else f"PRAGMA {first}"
        if action == sqlite3.SQLITE_UPDATE and first == "sqlite_master" and database == "main":
            # SQLite asks this when a table-valued function (json_each) is first named in a
            # query; a real change of the schema is a statement that is no SELECT, refused
            # before, and the connection is read-only besides
            return None
        if action == sqlite3.SQLITE_TRANSACTION and first:
            return first.upper()
        return _ACTIONS.get(action, f"the operation {action}")


class IndexGuard(Guard):
    """The authorizer of the indexes a rule's `index:` header asks for, built by tekser in
    the validation database as it is loaded: an index of a table of it, and what `Guard`
    allows; a header's columns are a package's text, and may do no more."""

    def _reason(self, action: int, first: str, second: str, database: str | None) -> str | None:
        if database == "main" and (
            action in (sqlite3.SQLITE_CREATE_INDEX, sqlite3.SQLITE_REINDEX)
            or (action == sqlite3.SQLITE_INSERT and first == "sqlite_master")
        ):
            return None
        return super()._reason(action, first, second, database)


class _Cursor(sqlite3.Cursor):
    """A cursor that runs queries only: VACUUM, which SQLite's authorizer is never asked
    about, would write a file even where the database is read-only (an empty one). Each query
    is bounded: it is interrupted past `--limit rule-seconds` (its clock starts when it is
    executed and runs while its rows are fetched), and refused past `--limit rule-rows` rows
    fetched — a query without end must not hold the runner, nor fill its memory."""

    def execute(self, sql: str, parameters: Any = (), /) -> Self:
        _only_queries(sql)
        self._start()
        with self._timed():
            return super().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> Self:
        _only_queries(sql)
        self._start()
        with self._timed():
            return super().executemany(sql, parameters)

    @contextlib.contextmanager
    def _timed(self) -> Iterator[None]:
        """SQLite's "interrupted", said as what it is: the query ran past its time."""
        try:
            yield
        except sqlite3.OperationalError as exc:
            if getattr(self.connection, "timed_out", False) and "interrupt" in str(exc):
                seconds = limits().rule_seconds
                raise sqlite3.OperationalError(
                    f"the query was stopped: it ran past {seconds:,} s (raise with --limit "
                    "rule-seconds=N)"
                ) from None
            raise

    def _start(self) -> None:
        self.fetched = 0
        connection = self.connection
        if isinstance(connection, _Connection):
            connection.deadline = time.monotonic() + limits().rule_seconds
            connection.timed_out = False

    def _count(self, rows: int) -> None:
        self.fetched = getattr(self, "fetched", 0) + rows
        most = limits().rule_rows
        if self.fetched > most:
            too_many = exceeded("the number of its rows", self.fetched, most, "rule-rows")
            raise sqlite3.OperationalError(f"the query was stopped: {too_many}")

    def fetchone(self) -> Any:
        with self._timed():
            row = super().fetchone()
        self._count(row is not None)
        return row

    def fetchmany(self, size: int | None = None) -> list[Any]:
        with self._timed():
            rows = super().fetchmany(self.arraysize if size is None else size)
        self._count(len(rows))
        return rows

    def fetchall(self) -> list[Any]:
        rows: list[Any] = []
        while batch := self.fetchmany(10_000):  # counted as they come, never all at once
            rows.extend(batch)
        return rows

    def __next__(self) -> Any:
        with self._timed():
            row = super().__next__()
        self._count(1)
        return row

    def executescript(self, sql_script: str, /) -> Self:
        raise sqlite3.DatabaseError(f"not authorized: a script {READ_ONLY}")


class _Connection(sqlite3.Connection):
    """A connection whose cursors are `_Cursor`s (its `execute` runs on one too), and whose
    query is interrupted once its `deadline` (set as it is executed) has passed."""

    deadline = float("inf")
    timed_out = False

    def cursor(self, factory: Any = _Cursor) -> Any:
        return super().cursor(factory)

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        cursor: sqlite3.Cursor = self.cursor().execute(sql, parameters)
        return cursor

    def executemany(self, sql: str, parameters: Any, /) -> sqlite3.Cursor:
        cursor: sqlite3.Cursor = self.cursor().executemany(sql, parameters)
        return cursor

    def overdue(self) -> int:
        """SQLite's progress handler: non-zero interrupts the query running past its time."""
        if time.monotonic() <= self.deadline:
            return 0
        self.timed_out = True
        return 1

    def executescript(self, sql_script: str, /) -> sqlite3.Cursor:
        raise sqlite3.DatabaseError(f"not authorized: a script {READ_ONLY}")


def _only_queries(sql: str) -> None:
    words = _words(sql, 1)
    if not words or words[0] not in (*_STATEMENTS, "PRAGMA"):  # PRAGMA: the authorizer's
        raise sqlite3.DatabaseError(f"not authorized: {' '.join(words)} {READ_ONLY}")


def guard(connection: sqlite3.Connection, pragmas: frozenset[str] = frozenset()) -> Guard:
    """Make `connection` read-only for good: `query_only`, no database may be attached, no
    extension loaded, and an authorizer (returned) that allows reading only."""
    connection.execute("PRAGMA query_only = ON")
    connection.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    if hasattr(connection, "enable_load_extension"):  # absent where SQLite cannot load any
        connection.enable_load_extension(False)
    authorizer = Guard(pragmas)
    connection.set_authorizer(authorizer)
    return authorizer


def connect(database: Path) -> sqlite3.Connection:
    """A guarded connection to the validation database, opened read-only, that runs queries
    only: the one rules run on (with the PRAGMAs SQLAlchemy describes a table with)."""
    uri = f"{database.resolve().as_uri()}?mode=ro"
    connection = sqlite3.connect(uri, uri=True, check_same_thread=False, factory=_Connection)
    guard(connection, DESCRIBING | READ_SETTINGS)
    connection.set_progress_handler(connection.overdue, _PROGRESS_STEPS)
    return connection


def checker(database: Path) -> sqlite3.Connection:
    """A guarded connection to the validation database, opened read-only, for `refusal`."""
    connection = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
    guard(connection)
    return connection


def refusal(connection: sqlite3.Connection, sql: str, table: str, *, strict: bool = False) -> str:
    """Why the query `sql` of a rule on `table` may not run, or "" when it may.

    `connection` holds the tables the rules read (with their rows or without) and is guarded
    (`guard`); `sql` is prepared on it, never run. A query SQLite cannot prepare for another
    reason (a column the table lacks) is not refused: it fails where it runs, as a rule that
    could not run. With `strict` (Spark, whose SQL this check does not see run) it is refused,
    as is anything Spark SQL reads otherwise than SQLite."""
    try:
        text = sql.format(batch=quote_identifier(table))
        probe = sql.format(batch=_PROBE)
    except (KeyError, IndexError, ValueError):
        return ""  # Great Expectations cannot bind `{batch}` either: the rule cannot run
    words = _words(text, 2)
    # a query first (a trigger's body, which only CREATE holds, makes `_split` slow)
    if not words or words[0] not in _STATEMENTS:
        if words[:1] == ["PRAGMA"]:  # prepared, not run, for its name: `PRAGMA writable_schema`
            return _prepare(connection, _split(text)[0])[0] or f"PRAGMA is not allowed {READ_ONLY}"
        named = " ".join(words if words[:1] in (["CREATE"], ["DROP"], ["ALTER"]) else words[:1])
        return f"{named or 'a query without a statement'} is not allowed {READ_ONLY}"
    first, rest = _split(text)
    if any(kind not in ("blank", "comment") and piece != ";" for kind, piece in _tokens(rest)):
        return f"more than one statement is not allowed {READ_ONLY}"
    if strict:
        different = spark_differences(sql)
        if different:
            return f"{different} is not allowed on Spark (Spark SQL reads it otherwise)"
    refused, error = _prepare(connection, text)
    if refused:
        return refused
    other = _OTHER_DATABASE.match(error)  # not the authorizer's: SQLite knows no such database
    if other and (other["unknown"] or other["table"]).lower() not in ("main", "temp"):
        return (
            f"reading the database {other['unknown'] or other['table']} is not allowed {READ_ONLY}"
        )
    syntax = error.startswith(("near ", "incomplete input", "unrecognized token"))
    if not syntax:
        # only a SELECT is a subquery: SQLite's parser says whether the statement is one
        wrapped_refused, wrapped = _prepare(connection, f"SELECT * FROM (\n{first}\n)")
        if wrapped_refused:
            return wrapped_refused
        if wrapped.startswith(("near ", "incomplete input")):
            return f"a statement that is no SELECT is not allowed {READ_ONLY}"
    if not error and _prepare(connection, probe) == ("", ""):
        return "its query does not read {batch} (a comment or a string does not count)"
    if error and strict:
        return f"it cannot be checked against the package's tables ({error})"
    return ""


def _prepare(connection: sqlite3.Connection, text: str) -> tuple[str, str]:
    """(what the authorizer refused, SQLite's error) of preparing `text`, each "" if none:
    `EXPLAIN` compiles the statement and lists its program, it does not run it."""
    authorizer = Guard()  # a rule's own SQL may use no PRAGMA at all
    connection.set_authorizer(authorizer)
    try:
        connection.execute(f"EXPLAIN {text}").fetchone()
    except (sqlite3.ProgrammingError, sqlite3.Warning):
        return f"more than one statement is not allowed {READ_ONLY}", ""
    except sqlite3.Error as exc:
        if authorizer.refused:
            return f"{authorizer.refused} is not allowed {READ_ONLY}", ""
        return "", str(exc)
    finally:
        connection.set_authorizer(Guard())
    return "", ""


def _tokens(sql: str) -> Iterator[tuple[str, str]]:
    """(kind, text) of each piece of `sql` as SQLite's tokenizer splits it, coarsely: blank,
    comment, string ('…'), name ("…", `…`, […]), word, or other (a single character)."""
    at, end = 0, len(sql)
    while at < end:
        char, start = sql[at], at
        if char.isspace():
            while at < end and sql[at].isspace():
                at += 1
            kind = "blank"
        elif sql.startswith("--", at):
            at = sql.find("\n", at)
            at = end if at < 0 else at + 1
            kind = "comment"
        elif sql.startswith("/*", at):
            at = sql.find("*/", at + 2)
            at = end if at < 0 else at + 2
            kind = "comment"
        elif char in "'\"`[":
            close = "]" if char == "[" else char
            at += 1
            while at < end:
                if sql[at] == close and not (close != "]" and sql.startswith(close * 2, at)):
                    break
                at += 2 if sql[at] == close else 1
            at = min(at + 1, end)
            kind = "string" if char == "'" else "name"
        elif char.isalnum() or char == "_":
            while at < end and (sql[at].isalnum() or sql[at] in "_$"):
                at += 1
            kind = "word"
        else:
            at += 1
            kind = "other"
        yield kind, sql[start:at]


def _words(sql: str, count: int) -> list[str]:
    """The first `count` words a statement begins with (after blanks and comments), in
    capitals; a piece that is no word ends them."""
    words: list[str] = []
    for kind, text in _tokens(sql):
        if kind in ("blank", "comment"):
            continue
        if kind != "word" or len(words) == count:
            break
        words.append(text.upper())
    return words


def _split(sql: str) -> tuple[str, str]:
    """`sql` as its first statement (without its `;`) and what follows that: SQLite
    (`complete_statement`) says which `;` ends the first."""
    position = 0
    for kind, text in _tokens(sql):
        position += len(text)
        if text == ";" and kind == "other" and sqlite3.complete_statement(sql[:position]):
            return sql[: position - 1], sql[position:]
    return sql, ""


def spark_differences(sql: str) -> str:
    """What of `sql` Spark SQL would read otherwise than SQLite, the sandbox's judge, or "":
    a backslash in a string (an escape in Spark), a double-quoted or bracketed name (a string
    and an array there), a nested comment or a hint (`/*+`)."""
    for kind, text in _tokens(sql):
        if kind == "string" and "\\" in text:
            return "a backslash in a string"
        if kind == "name" and text[0] in '"[':
            return f"the name {text[:40]}"
        if kind == "comment" and (text.startswith("/*+") or "/*" in text[2:]):
            return "a nested comment or a hint"
    return ""
