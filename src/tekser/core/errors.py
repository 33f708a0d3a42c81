"""Errors that stop a command, by kind, so that a library user can tell them apart
(`except UnreadablePackage`) and the command line can give each its exit code and one line.

    TekserError               anything tekser cannot read or do (exit code 2)
    ├── UnreadablePackage     the package cannot be opened or read: descriptor, tables, seeds
    │   └── UnsafePathError   a path of the package that could escape it
    ├── MalformedSuite        a consistency suite (checks/) that cannot be read as rules
    ├── MissingEngine         the engine asked for is unknown, or not installed
    ├── RefusedWrite          tekser will not write there (or could not, and says why)
    ├── LimitExceeded         an input past one of the bounds of `tekser.core.limits`
    └── AnchorError           a quote that cannot be anchored in its source

A plain TekserError is any other input that cannot be used (a bad option value, a finding
that is not in the package)."""


class TekserError(Exception):
    """An input could not be read or used; the message is one clear line for the user."""


class UnreadablePackage(TekserError):
    """The package cannot be opened or read: no descriptor, one that is not JSON or YAML, a
    table, Table Schema or seed that cannot be read."""


class UnsafePathError(UnreadablePackage):
    """A resource path that could escape the package: absolute, `..`, `~` or a URL."""


class MalformedSuite(TekserError):
    """A consistency suite that cannot be read: a rule without its header, a `suite.json`
    that is not one, a checks folder that is not there."""


class MissingEngine(TekserError):
    """The engine asked for is not one tekser knows, or is not installed (PySpark, Java)."""


class RefusedWrite(TekserError):
    """A write tekser refuses, or that the system refused it: a file that would be replaced,
    a log that leads out of the package, a folder that cannot be written."""


class LimitExceeded(TekserError):
    """An input past one of the bounds kept on what a package may make tekser read
    (`tekser.core.limits`); the message names the bound and how to raise it."""


class AnchorError(TekserError):
    """A quote could not be anchored: absent from its source, or ambiguous."""
