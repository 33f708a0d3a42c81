"""Curators' decisions: the append-only log, and applying it to a report."""
