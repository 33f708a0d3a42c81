"""tekser: archival data validation with per-value provenance."""

__version__ = "0.2.0"
