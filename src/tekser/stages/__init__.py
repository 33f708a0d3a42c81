"""The four stages of validation: structure, provenance, coverage, consistency."""
