"""The seeds: a source's text as stored, windows of it, quotes found in it, and the number
reader."""
