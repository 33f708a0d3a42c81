"""The release's page (report.html): the page `tekser.render.page` draws, made from the
release's curated tables, gated at `warning`."""

from __future__ import annotations

from tekser.core.findings import Severity
from tekser.release.model import Release
from tekser.render.page import render_page
from tekser.render.views import PageData


def render_html(release: Release) -> str:
    """The release's page: its curated tables, its decisions and open questions."""
    tables = {name: table.rows for name, table in release.tables.items()}
    return render_page(
        PageData(release.report, Severity.WARNING, release.descriptor, tables, release=release)
    )
