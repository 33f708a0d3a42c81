"""A package on disk: its descriptor and tables, zipped packages, its sources."""
