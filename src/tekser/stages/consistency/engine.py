"""What the consistency suite needs of the engine it runs on (`consistency.SqliteEngine`,
`spark.SparkEngine`): the package's tables loaded, a Great Expectations datasource and batch
for each, the rules' SQL in its dialect, and a way to read rows GX does not return."""

from __future__ import annotations

from typing import Any, Protocol

from tekser.core.rules import Rule


class Engine(Protocol):
    """An engine holding the package's tables for Great Expectations."""

    tables: list[str]
    """The tables it holds: the package's and the derived `tekser_…` ones."""

    @property
    def runs_gx_queries(self) -> bool:
        """Whether the query GX gives for a column expectation's unexpected rows is SQL this
        engine runs (on Spark it is not)."""

    def datasource(self, context: Any) -> Any:
        """A GX datasource of this engine in `context`."""

    def batch(self, source: Any, table: str) -> Any:
        """The GX batch of the whole of `table`."""

    def fetch(self, query: str) -> list[dict[str, Any]]:
        """Every row `query` (standard SQL) selects, as dicts."""

    def sql(self, query: str) -> str:
        """A rule's standard SQL in this engine's dialect."""

    def refusal(self, rule: Rule) -> str:
        """Why the sandbox refuses to run `rule`'s SQL on this engine, or "" (`sandbox`)."""

    def quote(self, name: str) -> str:
        """`name` as an identifier of this engine's SQL."""

    def close(self) -> None:
        """Let go of what the engine holds for this run."""
