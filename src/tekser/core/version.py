"""The version of tekser: one place, read by the packaging too."""

__version__ = "0.2.0"
