"""The JSON and YAML documents a package holds — its descriptor, Table Schemas, dialects —
read bounded: by size before a byte is read (`--limit document-bytes`), by nesting depth
before they are parsed (`--limit depth`).

Python's `json` and PyYAML's composer recurse once a level, so a document nested 10^5 deep is
a RecursionError, not an error message: the depth of a JSON text is measured by one pass over
its brackets outside strings, that of a YAML text over its parser's events (the parser keeps
a stack of its own), and a YAML document's aliases — which can nest a node inside another
without a bracket more, or expand a small text into an enormous tree — are measured again on
the nodes built, each node once.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tekser.core.errors import LimitExceeded, TekserError
from tekser.core.limits import exceeded, limits
from tekser.package.paths import json_depth
from tekser.seeds.regular import read_bounded

YAML_SUFFIXES = (".yaml", ".yml")


def read_document(path: Path, *, shown: str, where: str = "") -> bytes:
    """The bytes of the document at `path` (a regular file of at most `document-bytes`);
    TekserError naming `shown` otherwise."""
    return read_bounded(
        path,
        shown=shown,
        where=where,
        limit=limits().document_bytes,
        limit_name="document-bytes",
    )


def check_json_depth(data: bytes | str, named: str) -> None:
    """Refuse a JSON text whose arrays and objects nest deeper than `depth`."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    _check_depth(json_depth(raw), named)


def load_json(path: Path, *, shown: str, where: str = "") -> Any:
    """The JSON document at `path`, bounded; TekserError for one too large or too deep, not
    UTF-8 or not JSON, naming `shown`."""
    named = f"{where}: {shown}" if where else shown
    raw = read_document(path, shown=shown, where=where)
    check_json_depth(raw, named)
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise TekserError(f"{named}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise TekserError(
            f"{named}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None


def load_yaml(text: str, named: str) -> Any:
    """The YAML document `text`, once its nesting (by the parser's events, then by the nodes
    its aliases build) is known to be within `depth`, and the tree its aliases expand to no
    larger than `document-bytes` nodes. Raises yaml.YAMLError for a text that is not YAML,
    TekserError past a bound."""
    import yaml

    depth = deepest = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            deepest = max(deepest, depth)
            _check_depth(deepest, named)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    document = yaml.safe_load(text)
    depth, nodes = tree_shape(document)
    _check_depth(depth, named)
    bound = limits().document_bytes
    if nodes > bound:
        too_many = exceeded("the number of values it expands to", nodes, bound, "document-bytes")
        raise LimitExceeded(f"{named}: {too_many} (through its aliases); not read")
    return document


def tree_shape(document: Any) -> tuple[int, int]:
    """How deeply the lists and mappings of `document` nest, and how many values it holds
    once every shared node is counted as often as it is referred to — found without
    recursion, each distinct node visited once (a node that refers to itself counts once)."""
    shape: dict[int, tuple[int, int]] = {}
    stack: list[tuple[Any, bool]] = [(document, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if not isinstance(node, (dict, list)) or (key in shape and not done):
            continue
        children = list(node.values()) if isinstance(node, dict) else node
        if not done:
            shape[key] = (1, 1)  # a provisional value: a cycle ends here
            stack.append((node, True))
            stack.extend((child, False) for child in children)
            continue
        depth, size = 1, 1
        for child in children:
            child_depth, child_size = shape.get(id(child), (0, 1))
            depth = max(depth, child_depth + 1)
            size += child_size
        shape[key] = (depth, size)
    return shape.get(id(document), (0, 1))


def _check_depth(depth: int, named: str) -> None:
    bound = limits().depth
    if depth > bound:
        too_deep = exceeded("its nesting depth", depth, bound, "depth")
        raise LimitExceeded(f"{named}: {too_deep}; not read")
