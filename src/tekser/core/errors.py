"""Errors that stop a command: the input could not be read (exit code 2)."""


class TekserError(Exception):
    """An input could not be read or used; the message is one clear line for the user."""


class UnsafePathError(TekserError):
    """A resource path that could escape the package: absolute, `..`, `~` or a URL."""


class AnchorError(TekserError):
    """A quote could not be anchored: absent from its source, or ambiguous."""
